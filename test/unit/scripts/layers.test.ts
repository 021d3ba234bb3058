// The import direction of src/ (scripts/check-layers.ts): nothing imports a higher layer (nor,
// inside src/api, a higher sub-folder), and no files or folders import each other in a circle. The checker itself is tested on small
// trees that break each rule, so a checker that sees nothing cannot pass for a clean src/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import t, { type Test } from 'tap';
import { checkLayers, cycles } from '../../../scripts/check-layers.js';

const SRC = new URL('../../../src', import.meta.url).pathname;

function tree(t: Test, files: Record<string, string>): string {
  const dir = t.testdir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

t.test('src/ imports only its own layer or lower ones, with no cycle', async (t) => {
  t.same(checkLayers(SRC), []);
});

t.test('an upward import is found, static, type-only or dynamic', async (t) => {
  const dir = tree(t, {
    'store/a.ts': "import type { X } from '../api/x.js';\n",
    'lib/b.ts': "export const b = () => import('../plugins/p.js');\n",
    'api/x.ts': "import { c } from '../schemas/c.js';\nexport type X = string;\n",
    'plugins/p.ts': 'export {};\n',
    'schemas/c.ts': 'export const c = 1;\n',
  });
  const problems = checkLayers(dir).sort();
  t.equal(problems.length, 2, problems.join('\n'));
  t.match(problems[0], /upward import: src\/lib\/b\.ts \(lib\) imports src\/plugins\/p\.ts/);
  t.match(problems[1], /upward import: src\/store\/a\.ts \(store\) imports src\/api\/x\.ts/);
});

t.test('inside src/api, an import from a lower sub-folder to a higher one is found', async (t) => {
  const dir = tree(t, {
    'api/http/a.ts': "import type { B } from '../resources/b.js';\n",
    'api/resources/b.ts': "import '../watch/w.js';\nexport type B = string;\n",
    'api/watch/w.ts': 'export {};\n',
    'api/http/c.ts': 'export {};\n',
    'api/patch/p.ts': "import '../resources/b.js';\nimport '../discovery/d.js';\n",
    'api/agent/door/e.ts': "import '../../http/c.js';\n",
    'api/discovery/d.ts': 'export {};\n',
  });
  const problems = checkLayers(dir);
  t.equal(problems.length, 1, problems.join('\n'));
  t.match(problems[0], /upward import: src\/api\/http\/a\.ts \(api\/http\) imports src\/api\/resources\/b\.ts/);
  const newFolder = tree(t, { 'api/newthing/a.ts': "import '../http/b.js';\n", 'api/http/b.ts': 'export {};\n' });
  t.throws(() => checkLayers(newFolder), /src\/api\/newthing is in no layer: add it to API_LAYERS/);
});

t.test('a cycle between files, and one between folders of the same layer, are found', async (t) => {
  const dir = tree(t, {
    'heartbeat/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
    'heartbeat/b.ts': "export { a } from './a.js';\nexport const b = 2;\n",
    'kcp/c.ts': "import { d } from '../feed/d.js';\n",
    'feed/d.ts': "import '../kcp/e.js';\nexport const d = 1;\n",
    'kcp/e.ts': 'export {};\n',
  });
  const problems = checkLayers(dir);
  const files = /cycle between files: src\/heartbeat\/a\.ts -> src\/heartbeat\/b\.ts -> src\/heartbeat\/a\.ts/;
  t.ok(
    problems.some((p) => files.test(p)),
    problems.join('\n'),
  );
  t.ok(
    problems.some((p) => /cycle between folders: feed -> kcp -> feed/.test(p)),
    problems.join('\n'),
  );
  t.notOk(problems.some((p) => p.includes('upward')));
});

t.test('a folder in no layer is an error, so a new folder gets a place in the order', async (t) => {
  const dir = tree(t, { 'newthing/a.ts': "import '../lib/b.js';\n", 'lib/b.ts': 'export {};\n' });
  t.throws(() => checkLayers(dir), /src\/newthing is in no layer/);
});

t.test('cycles(): one per circle, none in a tree', async (t) => {
  t.same(
    cycles([
      ['a', 'b'],
      ['b', 'c'],
      ['a', 'c'],
    ]),
    [],
  );
  t.same(
    cycles([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]),
    [['a', 'b', 'c', 'a']],
  );
  t.same(cycles([['a', 'a']]), [], 'a file importing itself is no cycle between two');
});
