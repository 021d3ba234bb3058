// Reading where objects of any kind are placed and why, through HTTP: shared by the API tests
// of resourceSelectors and dependencies.
import { SAMPLES, kindPath } from './kinds.js';
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';

export const plural = (kind: string) => SAMPLES.find((s) => s.object.kind === kind)!.plural;
export const sample = (kind: string) => structuredClone(SAMPLES.find((s) => s.object.kind === kind)!.object);
export const apiVersionOf = (kind: string): string => sample(kind).apiVersion;
export const pathOf = (kind: string) => kindPath(apiVersionOf(kind), plural(kind));
export const named = (
  kind: string,
  name: string,
  fields: Record<string, unknown> = {},
  labels: Record<string, string> = {},
) => ({ ...sample(kind), ...fields, metadata: { name, labels } });

export async function entries(app: TestApp, kind: string, name: string): Promise<any[]> {
  const reply = await app.call('GET', `${pathOf(kind)}/${name}`);
  if (reply.statusCode !== 200) throw new Error(`GET ${kind} ${name}: ${reply.statusCode}`);
  return reply.json.status?.syncTargets ?? [];
}

/** Waits until the object's entries, reduced to name, reason and dependencyOf, are exactly `want`. */
export async function waitEntries(app: TestApp, kind: string, name: string, want: unknown[]): Promise<any[]> {
  let last: unknown;
  const json = JSON.stringify(want);
  return waitFor(
    async () => {
      const all = await entries(app, kind, name);
      last = all.map(({ name: n, reason, dependencyOf }) => ({
        name: n,
        reason,
        ...(dependencyOf ? { dependencyOf } : {}),
      }));
      return JSON.stringify(last) === json ? all : undefined;
    },
    `${kind} ${name} entries ${json} (last seen: ${JSON.stringify(last)})`,
  );
}

export const selected = (...targets: string[]) => targets.map((name) => ({ name, reason: 'Selected' }));
export const dependency = (of: { kind: string; name: string }[], ...targets: string[]) =>
  targets.map((name) => ({ name, reason: 'DependencyOf', dependencyOf: of }));
