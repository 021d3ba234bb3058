// Checks the direction of imports in src/: a file may import its own layer or a lower one, never
// a higher one, and no files (nor folders) may import each other in a circle; inside src/api the
// same holds for its sub-folders. The layer orders are written here and nowhere else;
// `npx tsx scripts/check-layers.ts` prints what breaks it, and test/unit/scripts/layers.test.ts fails on it.
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
  [
    'heartbeat',
    'scheduling',
    'kcp',
    'feed',
    'agent-tokens',
    'access',
    'syncer',
    'namespaces',
    'garbage',
    'admin-token.ts',
    'pki',
  ],
  ['api'],
  ['plugins'],
  ['app.ts'],
  ['server.ts'],
  ['cli'],
];

/**
 * The same inside src/api, lowest first: each sub-folder of it is a unit. A file directly in
 * src/api, or a new sub-folder, must be given a place here.
 */
export const API_LAYERS: readonly (readonly string[])[] = [
  ['http'],
  ['watch', 'protobuf'],
  ['resources'],
  ['patch', 'agent', 'discovery', 'custom'],
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

/** The sub-folder of src/api a file is in (or the file, directly in it); undefined outside src/api. */
export const apiUnitOf = (file: string): string | undefined => {
  const [top, unit] = file.split('/');
  return top === 'api' && unit !== undefined ? `api/${unit}` : undefined;
};

function layerOf(unit: string, layers = LAYERS, prefix = '', list = 'LAYERS'): number {
  const layer = layers.findIndex((units) => units.some((u) => `${prefix}${u}` === unit));
  if (layer < 0) throw new Error(`src/${unit} is in no layer: add it to ${list} in scripts/check-layers.ts`);
  return layer;
}

const apiLayerOf = (unit: string): number => layerOf(unit, API_LAYERS, 'api/', 'API_LAYERS');

/** The imports that go up, between the units `unit` gives (those it gives none are skipped). */
function upward(
  imports: Import[],
  unit: (file: string) => string | undefined,
  layer: (unit: string) => number,
): string[] {
  const problems: string[] = [];
  for (const { from, to } of imports) {
    const [fromUnit, toUnit] = [unit(from), unit(to)];
    if (fromUnit === undefined || toUnit === undefined || layer(toUnit) <= layer(fromUnit)) continue;
    problems.push(`upward import: src/${from} (${fromUnit}) imports src/${to} (${toUnit}, a higher layer)`);
  }
  return problems;
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
  const problems = [...upward(imports, unitOf, (unit) => layerOf(unit)), ...upward(imports, apiUnitOf, apiLayerOf)];
  for (const cycle of cycles(imports.map(({ from, to }): [string, string] => [from, to]))) {
    problems.push(`import cycle between files: ${cycle.map((f) => `src/${f}`).join(' -> ')}`);
  }
  const folders = (unit: (file: string) => string | undefined) =>
    imports.flatMap(({ from, to }): [string, string][] => {
      const [a, b] = [unit(from), unit(to)];
      return a === undefined || b === undefined ? [] : [[a, b]];
    });
  for (const cycle of [...cycles(folders(unitOf)), ...cycles(folders(apiUnitOf))]) {
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
