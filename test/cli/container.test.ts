import t from 'tap';
import { SYNCER_USER_ID } from '../../src/cli/bootstrap-manifest.js';
import { commandNamed, dockerfileStages, environmentOf, flagDefault, read } from './container-helpers.js';

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
