// Generated bodies. Each is a recipe applied, when the request is sent, to the object the route is
// about as it is then (or its seed): a few of its fields replaced by hostile values, so that most
// bodies pass the schemas and reach the routes' logic and the stores; now and then anything at all.
import fc from 'fast-check';
import { heartbeatText, reportText } from '../helpers/fuzz-agent.js';
import {
  type Fuzzed,
  RawNumber,
  anyJson,
  bodyText,
  deepJson,
  fieldOf,
  nastyString,
  toText,
} from '../helpers/fuzz-json.js';
import { nameOf } from './arbitraries.js';
import type { Route } from './routes.js';

/** Makes the body text from the route's current object (undefined when it has none). */
export type Recipe = (current: any) => string | undefined;

type Edit = { at: number; value: Fuzzed; drop: boolean };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  value: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<Fuzzed>(null, true, [], {}, 'web', 'default', 'x', new RawNumber('2')) },
    fieldOf(nastyString),
  ),
  drop: fc.boolean(),
});

/** A deep copy that keeps RawNumbers as they are: generated values are shared between cases. */
function copyOf(value: any): any {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)]));
}

/** Every path to a value of the object, objects and arrays included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber || prefix.length > 40) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as any)[k], [...prefix, k]))];
}

function applyEdits(object: any, edits: Edit[]): unknown {
  let copy = copyOf(object ?? {});
  for (const { at, value, drop } of edits) {
    const all = paths(copy);
    const path = all[at % all.length];
    if (path.length === 0) {
      copy = copyOf(value);
      continue;
    }
    let parent = copy;
    for (const k of path.slice(0, -1)) parent = parent[k];
    if (drop && !Array.isArray(parent)) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = copyOf(value);
  }
  return copy;
}

/** Plain JSON text of an edited object (its values may hold RawNumbers). */
const text = (value: unknown) => toText(value as Fuzzed);

const edited = (edits: fc.Arbitrary<Edit[]>): fc.Arbitrary<Recipe> =>
  edits.map((e) => (current) => text(applyEdits(current, e)));

/** The object, edited in 0 to 3 places; or any JSON; or a broken text. */
const objectRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 3, arbitrary: edited(fc.constant([])) },
  { weight: 6, arbitrary: edited(fc.array(edit, { minLength: 1, maxLength: 3 })) },
  { weight: 1, arbitrary: bodyText(fc.oneof(anyJson, deepJson)).map((body) => () => body) },
);

const OPS = ['add', 'remove', 'replace', 'test', 'move', 'copy', 'x'];
const pointer = fc.oneof(
  fc.constantFrom('/metadata/labels/a', '/spec/replicas', '/metadata/name', '/status', '/spec', '', '/', '/-', '/a~2b'),
  fc.array(nastyString, { maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
);
const jsonPatch = fc
  .array(
    fc.record(
      { op: fc.constantFrom(...OPS), path: pointer, from: pointer, value: fieldOf(nastyString) },
      {
        requiredKeys: ['op', 'path'],
      },
    ),
    { maxLength: 3 },
  )
  .map((ops) => () => text(ops));
const DIRECTIVES: Fuzzed[] = [{ $patch: 'delete' }, { $patch: 'replace' }, { $retainKeys: ['a'] }, { $patch: 'x' }];
const mergePatch = fc
  .record({
    metadata: fc.option(fc.record({ labels: fieldOf(fc.dictionary(nastyString, nastyString, { maxKeys: 2 })) })),
    spec: fc.option(fc.oneof(anyJson, fc.constantFrom(...DIRECTIVES))),
    status: fc.option(anyJson),
  })
  .map((patch) => () => text(patch));

/** A patch body of this content type (JSON patch, merge and strategic merge, apply). */
export function patchRecipe(contentType: string): fc.Arbitrary<Recipe> {
  if (contentType.includes('json-patch')) return fc.oneof({ weight: 4, arbitrary: jsonPatch }, objectRecipe);
  if (contentType.includes('apply-patch')) return objectRecipe;
  return fc.oneof({ weight: 4, arbitrary: mergePatch }, objectRecipe);
}

const review = (kind: string, spec: Fuzzed): Fuzzed => ({ apiVersion: 'authorization.k8s.io/v1', kind, spec });
const SSAR = review('SelfSubjectAccessReview', {
  resourceAttributes: { verb: 'list', group: 'apps', resource: 'deployments', namespace: 'default' },
});

/** The body recipe of a route that is not a patch. */
export function bodyRecipe(route: Route): fc.Arbitrary<Recipe> {
  const constant = (body: Fuzzed) => fc.constant<Recipe>(() => text(body));
  if (route.path.endsWith('/heartbeat')) return heartbeatText.map((body) => () => body);
  if (/synctargets\/\{name\}\/[a-z.]+\/\{namespace\}/.test(route.path)) return reportText.map((body) => () => body);
  if (route.path.endsWith('/tokens')) {
    return fc.oneof(
      constant({}),
      objectRecipe.map((recipe) => () => recipe({ expirationSeconds: 3600 })),
    );
  }
  if (route.path.endsWith('selfsubjectaccessreviews')) return objectRecipe.map((recipe) => () => recipe(SSAR));
  if (route.path.endsWith('selfsubjectreviews')) {
    const whoami = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} };
    return objectRecipe.map((recipe) => () => recipe(whoami));
  }
  if (route.path.endsWith('selfsubjectrulesreviews')) {
    return objectRecipe.map((recipe) => () => recipe(review('SelfSubjectRulesReview', { namespace: 'default' })));
  }
  if (route.method === 'DELETE') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant<Recipe>(() => undefined) },
      objectRecipe.map((recipe) => () => recipe({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: {} })),
    );
  }
  if (route.method === 'POST') {
    // A new object: the seed under another name (or the same: a conflict).
    return fc.tuple(nameOf('fuzzed'), objectRecipe).map(
      ([name, recipe]) =>
        (current: any) =>
          recipe({ ...current, metadata: { ...current?.metadata, name } }),
    );
  }
  return objectRecipe;
}
