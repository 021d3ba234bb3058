// Checks the direction of imports in src/: a file may import its own layer or a lower one, never
// a higher one, and no files (nor folders) may import each other in a circle. The layer order
// is written here and nowhere else; `npx tsx scripts/check-layers.ts` prints what breaks it, and
// test/unit/scripts/layers.test.ts fails on it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Lowest first. A unit is a folder under src/ or a file at its top; units of one layer may
 * import each other (the domain folders do), as long as no two of them do so both ways.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['schemas'],
  ['lib', 'version.ts', 'settings.ts', 'config.ts'],
  ['store'],
  ['runtime', 'metrics.ts'],
  ['heartbeat', 'scheduling', 'kcp', 'feed', 'agent-tokens', 'access', 'syncer', 'admin-token.ts', 'pki'],
  ['api'],
  ['plugins'],
  ['app.ts'],
  ['server.ts'],
  ['cli'],
];

export interface Import {
  from: string;
  to: string;
}

/** Every .ts file under `dir`, relative to it, with forward slashes. */
function sourceFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path, base);
    return entry.endsWith('.ts') ? [relative(base, path).split('\\').join('/')] : [];
  });
}

/** The src/ files a file imports (static, type-only, re-exports and dynamic import() alike). */
export function importsOf(srcDir: string): Import[] {
  const imports: Import[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(join(srcDir, file), 'utf8');
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = relative(srcDir, resolve(srcDir, dirname(file), fileName))
        .split('\\')
        .join('/');
      imports.push({ from: file, to: target.replace(/\.js$/, '.ts') });
    }
  }
  return imports;
}

export const unitOf = (file: string): string => file.split('/')[0]!;

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit));
  if (layer < 0) throw new Error(`src/${unit} is in no layer: add it to LAYERS in scripts/check-layers.ts`);
  return layer;
}

/** One cycle per strongly connected group of the graph, as a path that returns to its start. */
export function cycles(edges: Iterable<[string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    if (from === to) continue;
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  }
  const found: string[][] = [];
  const done = new Set<string>();
  for (const start of [...next.keys()].sort()) {
    if (done.has(start)) continue;
    // Depth-first from `start`; a node met again on the current path closes a cycle.
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (node: string): boolean => {
      if (onPath.has(node)) {
        found.push([...path.slice(path.indexOf(node)), node]);
        return true;
      }
      if (done.has(node)) return false;
      path.push(node);
      onPath.add(node);
      for (const to of [...(next.get(node) ?? [])].sort()) if (visit(to)) return true;
      path.pop();
      onPath.delete(node);
      done.add(node);
      return false;
    };
    if (visit(start)) for (const node of path) done.add(node);
  }
  return found;
}

/** What breaks the rules, one line each; empty when nothing does. */
export function checkLayers(srcDir: string): string[] {
  const imports = importsOf(srcDir);
  const problems: string[] = [];
  for (const { from, to } of imports) {
    const [fromLayer, toLayer] = [layerOf(unitOf(from)), layerOf(unitOf(to))];
    if (toLayer <= fromLayer) continue;
    problems.push(`upward import: src/${from} (${unitOf(from)}) imports src/${to} (${unitOf(to)}, a higher layer)`);
  }
  for (const cycle of cycles(imports.map(({ from, to }): [string, string] => [from, to]))) {
    problems.push(`import cycle between files: ${cycle.map((f) => `src/${f}`).join(' -> ')}`);
  }
  for (const cycle of cycles(imports.map(({ from, to }): [string, string] => [unitOf(from), unitOf(to)]))) {
    problems.push(`import cycle between folders: ${cycle.join(' -> ')}`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayers(new URL('../src', import.meta.url).pathname);
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write('imports follow the layers: no upward import, no cycle\n');
}
