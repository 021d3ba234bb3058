// The image holds every file the server reads at run time (no Docker engine runs here: the
// Dockerfile and .dockerignore are read as text), on one Node version the package supports.
import { existsSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import t from 'tap';
import { dockerfileStages, read, root } from './container-helpers.js';

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
