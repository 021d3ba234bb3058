// Generated names, selectors, query strings and headers: mostly what a client would send, so that
// requests reach the routes' logic, now and then anything at all (see helpers/fuzz-json.ts).
import fc from 'fast-check';
import { nastyString, urlPart } from '../helpers/fuzz-json.js';
import type { Route } from './routes.js';

/** Percent-encoding of any string, lone surrogates included (as UTF-8 turns them: U+FFFD). */
const enc = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
const dnsChar = fc.constantFrom('a', 'b', 'z', '0', '9', '-', '.');

/** Names: the seed's, other valid ones, and invalid ones (too long, upper case, dots, percent-encoded bytes). */
export const nameOf = (seed: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(seed) },
    { weight: 2, arbitrary: fc.string({ unit: dnsChar, minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(254), 'A', '..', '.', 'a_b', 'x y', 'edge-1', 'default') },
    { weight: 1, arbitrary: nastyString.map(enc) },
    { weight: 1, arbitrary: urlPart },
  );

const key = fc.oneof(
  fc.constantFrom('app', 'zone', 'tmc.kcp.io/x', 'metadata.name', 'metadata.namespace', 'spec.unschedulable'),
  fc.string({ unit: dnsChar, maxLength: 8 }),
  nastyString,
);
const value = fc.oneof(fc.constantFrom('web', 'a', '', 'true'), nastyString);
const requirement = fc.oneof(
  fc.tuple(key, fc.constantFrom('=', '==', '!='), value).map(([k, op, v]) => `${k}${op}${v}`),
  fc
    .tuple(key, fc.constantFrom(' in ', ' notin '), fc.array(value, { maxLength: 3 }))
    .map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
  fc.tuple(fc.constantFrom('', '!'), key).map(([not, k]) => `${not}${k}`),
  nastyString,
);
/** Label and field selectors, well formed or not. */
export const selector = fc.array(requirement, { maxLength: 3 }).map((parts) => parts.join(','));

const number = fc.oneof(fc.constantFrom('0', '1', '2', '-1', '1.5', '1e3', '99999999999999999999', 'x'), urlPart);
const VALUES: Record<string, fc.Arbitrary<string>> = {
  labelSelector: selector,
  fieldSelector: selector,
  limit: number,
  timeoutSeconds: fc.constantFrom('0', '1', '-1', 'x', '1e400'),
  gracePeriodSeconds: number,
  resourceVersion: fc.oneof(fc.constantFrom('', '0', '1', '999999999', '-1', 'x'), urlPart),
  resourceVersionMatch: fc.constantFrom('NotOlderThan', 'Exact', 'x', ''),
  continue: fc.oneof(fc.constantFrom('', 'eyJ4IjoxfQ', 'x'), urlPart),
  dryRun: fc.constantFrom('All', 'all', '', 'x'),
  fieldValidation: fc.constantFrom('Strict', 'Warn', 'Ignore', 'x', ''),
  fieldManager: fc.oneof(fc.constantFrom('kubectl', 'x'.repeat(200)), nastyString),
  force: fc.constantFrom('true', 'false', 'x'),
  propagationPolicy: fc.constantFrom('Background', 'Foreground', 'Orphan', 'x'),
  orphanDependents: fc.constantFrom('true', 'false', 'x'),
  watch: fc.constantFrom('true', 'false', '1', 'x'),
  allowWatchBookmarks: fc.constantFrom('true', 'false', 'x'),
  sendInitialEvents: fc.constantFrom('true', 'false', 'x'),
  includeObject: fc.constantFrom('Object', 'Metadata', 'None', 'x'),
  hash: fc.oneof(fc.constantFrom('', 'x'), urlPart),
};
/** Values a client would send, for most requests to pass this part and reach the rest. */
const USUAL: Record<string, string[]> = {
  labelSelector: ['app=web', 'zone in (a,b)', '!x', ''],
  fieldSelector: ['metadata.name=web', 'metadata.namespace!=x', ''],
  limit: ['1', '2', '500'],
  timeoutSeconds: ['1'],
  dryRun: ['All'],
  fieldValidation: ['Strict', 'Warn', 'Ignore'],
  fieldManager: ['kubectl'],
  force: ['true', 'false'],
  propagationPolicy: ['Background', 'Foreground', 'Orphan'],
  watch: ['false', 'true'],
  resourceVersion: ['0', ''],
};
const parameterValue = (name: string) =>
  fc.oneof(
    { weight: 2, arbitrary: USUAL[name] ? fc.constantFrom(...USUAL[name]) : nastyString.map(enc) },
    { weight: 1, arbitrary: VALUES[name] ?? fc.oneof(nastyString.map(enc), urlPart) },
  );
const absentMostly = <T>(arbitrary: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** A query string of some of the route's parameters, now and then one it does not take. */
export function queryOf(route: Route): fc.Arbitrary<string> {
  const taken = route.query.map((name) =>
    absentMostly(
      parameterValue(name).map((v) => `${name}=${/%[0-9a-fA-F]{2}/.test(v) ? v : enc(v)}`),
      2,
    ),
  );
  const stranger = absentMostly(fc.tuple(fc.constantFrom('pretty', 'x', 'watch', '%00', 'limit'), urlPart), 12);
  return fc.tuple(fc.tuple(...taken), stranger).map(([parts, extra]) => {
    const all = parts.filter((p): p is string => p !== null);
    if (extra) all.push(`${extra[0]}=${extra[1]}`);
    return all.length ? `?${all.join('&')}` : '';
  });
}

const ACCEPTS = [
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1;g=meta.k8s.io, application/json',
  'application/vnd.kubernetes.protobuf',
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/yaml',
  'text/html',
  '*/*',
  'x/y;;;',
];
export const accept = fc.option(fc.constantFrom(...ACCEPTS), { freq: 3 });

const OTHER_TYPES = ['application/json', 'text/plain', 'application/yaml', 'application/json; charset=utf-16', 'x'];
/** The content type of a body: one the route takes mostly, another now and then. */
export const contentTypeOf = (route: Route): fc.Arbitrary<string> =>
  route.consumes.length
    ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...route.consumes) }, fc.constantFrom(...OTHER_TYPES))
    : fc.constantFrom('application/json', ...OTHER_TYPES);
