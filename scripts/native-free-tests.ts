// Prints the test files under the given folders that never load better-sqlite3, following
// their relative imports (static, dynamic and type-only alike, so it errs towards leaving a
// file out). .ci/run runs these on other Node versions: node_modules holds better-sqlite3's
// native addon built for the Node that installed it, which another Node's ABI cannot load.
//   npx tsx scripts/native-free-tests.ts test/unit
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const NATIVE = 'better-sqlite3';
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The files a source file imports by relative path (`./x.js` is `./x.ts` in the sources), and the packages. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    if (!specifier!.startsWith('.')) packages.push(specifier!);
    else {
      const target = resolve(dirname(file), specifier!);
      const source = target.replace(/\.js$/, '.ts');
      files.push(existsSync(source) ? source : target);
    }
  }
  return { files, packages };
}

/** Whether `file` or anything it imports, however deep, loads the native addon. */
function loadsNative(file: string, verdicts: Map<string, boolean>): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  verdicts.set(file, false); // an import cycle adds nothing new
  if (!existsSync(file)) return false;
  const { files, packages } = importsOf(file);
  const loads =
    packages.some((name) => name === NATIVE || name.startsWith(`${NATIVE}/`)) ||
    files.some((f) => loadsNative(f, verdicts));
  verdicts.set(file, loads);
  return loads;
}

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const verdicts = new Map<string, boolean>();
const folders = process.argv.slice(2);
if (folders.length === 0) {
  process.stderr.write('usage: native-free-tests.ts FOLDER...\n');
  process.exit(2);
}
const free = folders
  .flatMap(testFiles)
  .sort()
  .filter((file) => !loadsNative(resolve(file), verdicts));
process.stdout.write(free.map((file) => `${relative('.', file)}\n`).join(''));
