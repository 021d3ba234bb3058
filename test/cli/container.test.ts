// No Docker engine runs here, so this reads Dockerfile, docker-compose.yml and .dockerignore
// and checks that they agree with the CLI itself: every TMC_* variable is a flag of the command
// its service runs (taken from the commander definitions), health checks and ports line up,
// and the image runs as the non-root user the bootstrap manifest expects.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { SYNCER_USER_ID } from '../../src/cli/bootstrap-manifest.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const program = buildProgram();
const commandNamed = (name: string): Command | undefined => program.commands.find((c) => c.name() === name);

/** The environment variables a command reads: each flag's, plus any TMC_* its flags' help names. */
function environmentOf(command: Command): Set<string> {
  const names = new Set<string>();
  for (const option of command.options) {
    if (option.envVar) names.add(option.envVar);
    for (const mentioned of option.description.match(/TMC_[A-Z0-9_]+/g) ?? []) names.add(mentioned);
  }
  return names;
}
const flagDefault = (command: string, long: string): unknown =>
  commandNamed(command)?.options.find((o) => o.long === long)?.defaultValue;

interface Instruction {
  keyword: string;
  args: string;
}
/** Dockerfile instructions with continuation lines joined, grouped by build stage. */
function dockerfileStages(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    const instruction = { keyword: keyword!.toUpperCase(), args: args!.trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

t.test('the Dockerfile: multi-stage, production dependencies only, non-root, ports and health', async (t) => {
  const stages = dockerfileStages(read('Dockerfile'));
  t.ok(stages.length >= 2, 'multi-stage');
  const all = stages.flat();
  const final = stages.at(-1)!;
  const args = (keyword: string) => final.filter((i) => i.keyword === keyword).map((i) => i.args);

  t.match(
    all
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n'),
    /npm run build/,
    'the build stage compiles',
  );
  t.match(
    all
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n'),
    /--omit=dev/,
    'dev dependencies are dropped',
  );
  t.match(args('COPY').join('\n'), /--from=build \/app\/node_modules/, 'the runtime copies the pruned node_modules');
  t.notOk(
    final.some((i) => i.keyword === 'RUN' && /npm (ci|install)/.test(i.args)),
    'nothing is installed in the runtime stage',
  );

  const [user] = args('USER').slice(-1);
  const uid = Number(user?.split(':')[0]);
  t.ok(Number.isInteger(uid) && uid !== 0, `USER ${user} is numeric and not root`);
  t.equal(uid, SYNCER_USER_ID, "the bootstrap manifest runs the pod as the image's user");

  const packageJson = JSON.parse(read('package.json')) as { bin: { tmc: string } };
  t.same(JSON.parse(args('ENTRYPOINT')[0]!), ['node', packageJson.bin.tmc]);
  const [cmd] = JSON.parse(args('CMD')[0]!) as string[];
  t.ok(commandNamed(cmd!), `CMD runs a real command: ${cmd}`);
  t.ok(
    args('EXPOSE')
      .join(' ')
      .split(/\s+/)
      .includes(String(flagDefault('server', '--port'))),
    "EXPOSE is the server's default --port",
  );
  t.match(args('HEALTHCHECK')[0], /\/readyz/, 'the health check asks /readyz');
  t.match(
    args('HEALTHCHECK')[0],
    new RegExp(`TMC_PORT\\|\\|${flagDefault('server', '--port')}`),
    'on the port the server listens on',
  );

  const serverEnv = environmentOf(commandNamed('server')!);
  for (const env of args('ENV')
    .join(' ')
    .match(/TMC_[A-Z0-9_]+/g) ?? [])
    t.ok(serverEnv.has(env), `ENV ${env} is a flag of tmc server`);
  const dataDir = /TMC_DATA_DIR=(\S+)/.exec(args('ENV').join(' '))?.[1];
  t.match(args('VOLUME').join(' '), dataDir!, 'the data directory is a volume');

  const ignored = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  t.ok(ignored.includes('node_modules'), "the host's node_modules (native builds) stays out of the context");
  const copied = all
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
    .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const source of copied)
    t.notOk(ignored.includes(source.replace(/^\.\//, '')), `${source} is in the build context`);
});

/**
 * Files the built code reads next to itself, from the package root: each
 * `new URL('<relative path>', import.meta.url)` in src/ that leads out of src/ (dist/ has the
 * same depth, so the path is the same from there).
 */
function runtimeFiles(dir = 'src/'): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(new URL(dir, root), { withFileTypes: true })) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) files.push(...runtimeFiles(`${path}/`));
    else if (path.endsWith('.ts')) {
      for (const [, relative] of read(path).matchAll(/new URL\('(\.{1,2}\/[^']+)', import\.meta\.url\)/g)) {
        const resolved = posix.normalize(posix.join(posix.dirname(path), relative!));
        if (!resolved.startsWith('src/')) files.push(resolved);
      }
    }
  }
  return files;
}

/** Whether .dockerignore keeps `path` out of the build context: the last matching line decides, `!` re-includes. */
function dockerIgnores(path: string, patterns: string[]): boolean {
  let ignored = false;
  for (const line of patterns) {
    const pattern = line.replace(/^!/, '');
    const glob = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
    if (new RegExp(`^${glob}(/.*)?$`).test(path)) ignored = !line.startsWith('!');
  }
  return ignored;
}

t.test('the image holds every file the server reads at run time, on one Node version', async (t) => {
  const stages = dockerfileStages(read('Dockerfile'));
  const final = stages.at(-1)!;
  const files = runtimeFiles();
  t.ok(
    files.includes('deploy/crds/workload.kcp.io_synctargets.yaml'),
    `the CRD the kcp mirror installs is found: ${files.join(', ')}`,
  );
  t.ok(files.includes('package.json'), 'and the package.json the version comes from');

  const workdir = final.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
  const ignored = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const copies = final
    .filter((i) => i.keyword === 'COPY')
    .flatMap((i) => {
      const words = i.args.split(/\s+/);
      const fromContext = !words[0]!.startsWith('--from');
      const [destination, ...sources] = words.filter((w) => !w.startsWith('--')).reverse();
      // Where each source lands, relative to WORKDIR: `COPY a b ./` puts them in ./, `COPY a ./x` at ./x.
      return sources.map((source) => {
        const target = destination!.endsWith('/') ? posix.join(destination!, posix.basename(source)) : destination!;
        return { source, target: posix.relative(workdir, posix.resolve(workdir, target)), fromContext };
      });
    });
  for (const file of files) {
    const copy = copies.find((c) => file === c.target || file.startsWith(`${c.target}/`));
    if (!copy) {
      t.fail(`${file} is read at run time but the runtime stage does not copy it`);
      continue;
    }
    t.pass(`${file} is copied (${copy.source})`);
    if (!copy.fromContext) continue;
    t.ok(existsSync(new URL(copy.source, root)), `${copy.source} exists in the repository`);
    t.notOk(dockerIgnores(file, ignored), `.dockerignore keeps ${file} in the build context`);
  }
  t.ok(
    dockerIgnores('deploy/agent-token', ignored),
    'the agent token docker-compose.yml reads stays out of the build context',
  );

  const images = stages.map((stage) => stage[0]!.args.split(/\s+/)[0]);
  t.equal(
    new Set(images).size,
    1,
    `every stage runs one Node image, so the native addon matches its ABI: ${images.join(', ')}`,
  );
  const major = Number(/^node:(\d+)/.exec(images[0]!)?.[1]);
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  t.ok(major >= Number(/(\d+)/.exec(engines)![1]), `node:${major} satisfies engines ${engines}`);
});

t.test('docker-compose.yml agrees with the CLI', async (t) => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, any>;
    secrets?: Record<string, unknown>;
  };
  const { services } = compose;
  t.same(Object.keys(services).sort(), ['postgres', 'server', 'syncer']);
  for (const [name, service] of Object.entries(services)) t.ok(service.healthcheck?.test, `${name} has a health check`);
  t.match(services.postgres.image, /^postgres:16/);

  for (const [name, service] of Object.entries(services)) {
    if (!service.command) continue;
    const command = commandNamed(service.command[0]);
    const variables = Object.keys(service.environment ?? {}).filter((k) => k.startsWith('TMC_'));
    if (!command) {
      t.fail(`${name} runs "tmc ${service.command[0]}", which is no command of tmc`);
      continue;
    }
    const known = environmentOf(command);
    for (const variable of variables)
      t.ok(known.has(variable), `${name}: ${variable} is a flag of tmc ${command.name()}`);
  }

  const server = services.server;
  const port = String(server.environment.TMC_PORT ?? flagDefault('server', '--port'));
  t.ok(
    server.ports.some((p: string) => String(p).endsWith(`:${port}`)),
    `the published port maps to ${port}`,
  );
  t.match(
    server.healthcheck.test.join(' '),
    `127.0.0.1:${port}/readyz`,
    'the health check asks the port the server listens on',
  );
  const database = new URL(server.environment.TMC_DATABASE_URL.replace(/\$\{POSTGRES_PASSWORD:-(\w+)\}/, '$1'));
  t.equal(database.protocol, 'postgres:');
  t.equal(database.hostname, 'postgres', 'the server talks to the postgres service');
  t.equal(database.port, '5432');
  t.equal(database.username, services.postgres.environment.POSTGRES_USER);
  t.equal(database.pathname, `/${services.postgres.environment.POSTGRES_DB}`);
  t.equal(server.depends_on.postgres.condition, 'service_healthy', 'the server waits for a healthy database');
  t.match(
    server.environment.TMC_ADMIN_TOKEN,
    /^\$\{TMC_ADMIN_TOKEN:\?/,
    'the admin token must be given, never defaulted',
  );

  const syncer = services.syncer;
  const upstream = new URL(syncer.environment.TMC_SERVER);
  t.equal(upstream.hostname, 'server', 'the syncer talks to the server service');
  t.equal(upstream.port, port, 'on the port it listens on');
  const [secret] = syncer.secrets as string[];
  t.ok(compose.secrets?.[secret!], 'the token secret is defined');
  t.equal(syncer.environment.TMC_TOKEN_FILE, `/run/secrets/${secret}`, 'the token file is the mounted secret');
  const mountTargets = syncer.volumes.map((v: string) => /:(\/[^:]*)(:ro|:rw)?$/.exec(v)?.[1]);
  t.ok(mountTargets.includes(syncer.environment.TMC_KUBECONFIG), 'the kubeconfig is a mounted volume');
  t.equal(syncer.depends_on.server.condition, 'service_healthy');
});
