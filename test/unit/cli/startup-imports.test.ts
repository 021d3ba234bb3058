// What every `tmc` command loads before it runs: the modules `src/cli/main.ts` reaches through
// static imports. The schema library and the Kubernetes client take most of a second to load, so
// they are loaded by the commands that use them, when they run, never at the start of all of them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');
const HEAVY = ['typebox', '@kubernetes/client-node', 'fastify', 'pg', 'better-sqlite3'];
// Value imports and re-exports (not `import type`), single- or multi-line.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[\s\S]*?\sfrom\s+)?'([^']+)';/gm;

/** Every module main.ts loads at start: local files by path, packages by name. */
function startupModules(): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!.replace(/\.js$/, '.ts')));
      else if (!specifier!.startsWith('node:')) packages.set(specifier!, file.slice(SRC.length + 1));
    }
  };
  visit(resolve(SRC, 'cli/main.ts'));
  return { files, packages };
}

t.test('the CLI loads neither the schema library nor the Kubernetes client nor the server at start', async (t) => {
  const { files, packages } = startupModules();
  t.ok(files.has(resolve(SRC, 'cli/get.ts')), 'the walk reaches the commands');
  t.ok(packages.has('commander'), 'and the packages they import');
  for (const name of HEAVY) t.notOk(packages.has(name), `${name} is not loaded at start (${packages.get(name) ?? ''})`);
});
