// Agent-side helpers for the API tests: a target with a token, heartbeats, conditions, polling.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ST_PATH, type TestApp, syncTarget } from './app.js';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  lastTransitionTime?: string;
}

/** Creates SyncTarget `name` and issues it an agent token. */
export async function targetWithToken(api: TestApp, name: string): Promise<string> {
  const created = await api.call('POST', ST_PATH, syncTarget(name));
  if (created.statusCode !== 201) throw new Error(`create ${name}: ${created.statusCode} ${created.body}`);
  return issueToken(api, name);
}

export async function issueToken(api: TestApp, name: string): Promise<string> {
  const reply = await api.call('POST', `${ST_PATH}/${name}/tokens`);
  if (reply.statusCode !== 201) throw new Error(`token for ${name}: ${reply.statusCode} ${reply.body}`);
  return reply.json.token as string;
}

export const heartbeat = (api: TestApp, name: string, token: string | null, body: unknown = {}) =>
  api.call('POST', `${ST_PATH}/${name}/heartbeat`, body, { token });

export async function readTarget(api: TestApp, name: string): Promise<any> {
  const reply = await api.call('GET', `${ST_PATH}/${name}`);
  if (reply.statusCode !== 200) throw new Error(`get ${name}: ${reply.statusCode} ${reply.body}`);
  return reply.json;
}

export const conditionOf = (object: any, type: string): Condition | undefined =>
  (object.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);

export async function readyOf(api: TestApp, name: string): Promise<Condition> {
  return conditionOf(await readTarget(api, name), 'Ready')!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` holds; the deadline is generous because the test machine is shared. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The names of the files under `dir` whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesContaining(path, needle));
    else if (readFileSync(path).includes(needle)) found.push(entry);
  }
  return found;
}
