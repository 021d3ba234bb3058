// The fuzzers' property, for every route of an area, as every caller: no 5xx and no crash; every
// refusal a Kubernetes Status whose code is the HTTP status, with a reason; and the store exactly
// as it was after every refused request. Each route gets its own runs, and a route no request
// reached (every answer 401, 403 or the router's 404) fails the test.
import fc from 'fast-check';
import type { Test } from 'tap';
import { schedulerIdle } from '../helpers/workloads.js';
import { accept, contentTypeOf, nameOf, queryOf } from './arbitraries.js';
import { type Recipe, bodyRecipe, patchRecipe } from './bodies.js';
import { type Fuzzed, fuzzedApp, SEEDS, seedName } from './fixtures.js';
import { type Area, type Route, areaOf, pluralOf, routeName, serverRoutes } from './routes.js';
import { type Answer, send } from './send.js';
import { difference, snapshot } from './snapshot.js';

const randomSeed = () => Math.floor(Math.random() * 2 ** 31);
export const SEED =
  process.env.TMC_FUZZ_SEED === 'random' ? randomSeed() : Number(process.env.TMC_FUZZ_SEED ?? 20_261_204);
/** Runs per route and store; `npm run fuzz` raises it. */
export const RUNS = Number(process.env.TMC_FUZZ_RUNS ?? 6);

interface Case {
  caller: number;
  namespace: string;
  name: string;
  query: string;
  accept: string | null;
  contentType?: string;
  recipe?: Recipe;
}

function caseOf(route: Route, callers: number): fc.Arbitrary<Case> {
  const body: fc.Arbitrary<{ contentType?: string; recipe?: Recipe }> =
    route.method === 'PATCH'
      ? contentTypeOf(route).chain((contentType) => patchRecipe(contentType).map((recipe) => ({ contentType, recipe })))
      : route.consumes.length || route.method === 'DELETE'
        ? fc.record({ contentType: contentTypeOf(route), recipe: bodyRecipe(route) })
        : fc.constant({});
  const namespace = fc.oneof(
    { weight: 6, arbitrary: fc.constant('default') },
    fc.constant('team-a'),
    nameOf('default'),
  );
  return fc
    .record({
      caller: fc.oneof({ weight: callers, arbitrary: fc.constant(0) }, fc.nat(callers - 1)),
      namespace,
      name: nameOf(seedName(route)),
      query: queryOf(route),
      accept,
      body,
    })
    .map(({ body: b, ...rest }) => ({ ...rest, ...b, query: applied(rest.query, b.contentType) }));
}

/** Server-side apply needs a field manager: most apply patches name one, to get past that check. */
const applied = (query: string, contentType?: string) =>
  contentType?.includes('apply-patch') && !query.includes('fieldManager=')
    ? `${query}${query ? '&' : '?'}fieldManager=fuzz`
    : query;

const concrete = (route: Route, c: Case) =>
  route.path
    .replace('{namespace}', c.namespace)
    .replace(/\{(name|object|deployment)\}/, c.name)
    .replace(/\{(object|deployment)\}/, c.name)
    .replace('{group}', 'apps')
    .replace('{version}', 'v1')
    .replace('{*}', 'api/v1/namespaces/default/pods');

/** What the body recipe starts from: the object as it is (item routes) or the kind's seed (create). */
async function currentOf(fuzzed: Fuzzed, route: Route, path: string): Promise<unknown> {
  if (route.method === 'POST' && !route.path.endsWith('}')) return SEEDS[pluralOf(route.path) ?? '']?.object;
  if (route.method !== 'PUT' && route.method !== 'PATCH') return undefined;
  const reply = await fuzzed.api.call('GET', path);
  return reply.statusCode === 200 ? reply.json : SEEDS[pluralOf(route.path) ?? '']?.object;
}

/** A failure whose message shows control characters escaped: tap cuts a message at the first of them. */
function fail(message: string): never {
  if (process.env.TMC_FUZZ_VERBOSE) console.error(message);
  throw new Error(JSON.stringify(message).slice(1, -1));
}

function judge(answer: Answer, what: string): void {
  const shown = `${answer.statusCode} (${answer.type}) ${answer.body.slice(0, 300)}`;
  // No agent tunnel is connected here: the proxy's 503 ServiceUnavailable (a Status) is its answer.
  const noTunnel = answer.statusCode === 503 && /ServiceUnavailable/.test(answer.body) && /\/proxy\//.test(what);
  if (answer.statusCode >= 500 && !noTunnel) fail(`${what}: ${shown}`);
  if (answer.statusCode < 400) return;
  const status = answer.json;
  const ok =
    status?.kind === 'Status' &&
    status.apiVersion === 'v1' &&
    status.code === answer.statusCode &&
    typeof status.reason === 'string' &&
    status.reason !== '';
  if (!ok) fail(`${what}: the refusal is not a proper Status: ${shown}`);
}

const reached = (a: Answer) =>
  a.statusCode !== 401 && a.statusCode !== 403 && !/could not find the requested resource \(/.test(a.body);

/** Fuzzes every route of `area` on the store of `t`. */
export async function fuzzArea(t: Test, area: Area): Promise<void> {
  const fuzzed = await fuzzedApp(t);
  const { api, http, callers } = fuzzed;
  const routes = (await serverRoutes(api.app)).filter((route) => areaOf(route) === area);
  t.ok(routes.length > 0, `the server has ${area} routes`);
  const unreached = new Set(routes.map(routeName));
  for (const [index, route] of routes.entries()) {
    const property = fc.asyncProperty(caseOf(route, callers.length), async (c) => {
      const path = concrete(route, c);
      const current = c.recipe ? await currentOf(fuzzed, route, path) : undefined;
      const body = c.recipe?.(current);
      const headers: Record<string, string> = {};
      if (c.accept) headers.accept = c.accept;
      if (body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
      const caller = callers[c.caller];
      const what = `${route.method} ${path}${c.query} as ${caller.name} (${headers['content-type'] ?? ''}) ${
        body === undefined ? '' : JSON.stringify(body).slice(0, 300)
      }`;
      const before = await snapshot(api.app);
      const answer = await send(http.url, {
        method: route.method,
        path: path + c.query,
        token: caller.token,
        headers,
        body,
      });
      if (!answer) return;
      judge(answer, what);
      if (process.env.TMC_FUZZ_VERBOSE)
        console.error(answer.statusCode, caller.name, route.method, route.path.slice(-40), answer.body.slice(90, 250));
      if (reached(answer)) unreached.delete(routeName(route));
      if (answer.statusCode >= 400) {
        const after = await snapshot(api.app);
        if (after !== before)
          fail(`${what}: refused with ${answer.statusCode} but wrote: ${difference(before, after)}`);
      } else if (route.method !== 'GET') {
        // What the controllers write after a write (and after the seeds it took are made again) is
        // done before the next case's snapshot, so that the snapshot shows that case alone.
        await schedulerIdle(api);
        if (await fuzzed.reseed()) await schedulerIdle(api);
      }
    });
    // No shrinking: a case may leave state behind, so a smaller one replayed later proves nothing.
    await fc.assert(property, { seed: SEED + index, numRuns: RUNS, endOnFailure: true });
  }
  t.same([...unreached], [], `every ${area} route was reached by some request`);
}
