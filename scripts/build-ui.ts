// Bundles the dashboard (ui/) into dist/ui: assets under hashed names, which the server lets
// browsers keep for good, and an index.html naming them, which it serves with no-cache. The page
// is browser code: of src/ it may only bundle the pure modules listed here (no server code, no
// TypeBox at run time; `import type` of the schemas is erased), and no package at all.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const BUNDLED_FROM_SRC = new Set(['src/lib/label-selector.ts', 'src/lib/validation.ts']);

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/ui');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: 'ui/main.ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  entryNames: '[name]-[hash]',
  outdir: join(out, 'assets'),
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outside = Object.keys(result.metafile.inputs).filter(
  (input) => !input.startsWith('ui/') && !BUNDLED_FROM_SRC.has(input),
);
if (outside.length > 0) {
  throw new Error(`the dashboard bundles code it must not (server modules or packages): ${outside.join(', ')}`);
}

const assets = Object.keys(result.metafile.outputs).map((path) => basename(path));
const named = (ending: string): string => {
  const found = assets.find((name) => name.endsWith(ending));
  if (!found) throw new Error(`the dashboard build made no ${ending} file`);
  return found;
};
const page = readFileSync(join(root, 'ui/index.html'), 'utf8')
  .replace('%APP_JS%', named('.js'))
  .replace('%APP_CSS%', named('.css'));
writeFileSync(join(out, 'index.html'), page);
