// The kcp mirror e2e tests' one app (a second mirror on the same apiserver would see this one's
// objects as orphans of its own store), the test cluster's apiserver standing in for kcp, and
// waits on what kcp holds.
import type { Test } from 'tap';
import { ST_PATH, syncTarget } from '../helpers/app.js';
import { issueToken } from '../helpers/agents.js';
import { waitFor } from '../helpers/wait.js';
import { kcpClient, mirrorApp } from './kcp-env.js';

export const RESYNC_MS = 1_500;
export const MIRROR_INTERVAL_MS = 8_000;

export async function mirrorWorld(t: Test, kubeconfigPath: string) {
  const kcp = kcpClient(kubeconfigPath);
  await kcp.clear(); // what an earlier run against the same cluster left
  const api = await mirrorApp(
    t,
    kubeconfigPath,
    { heartbeatIntervalMs: 500, heartbeatThresholdMs: 2_500, kcpHeartbeatMirrorIntervalMs: MIRROR_INTERVAL_MS },
    { resyncMs: RESYNC_MS, backoff: { baseMs: 200, maxMs: 2_000 } },
  );
  const create = async (name: string, labels?: Record<string, string>, spec?: Record<string, unknown>) => {
    const reply = await api.call('POST', ST_PATH, syncTarget(name, labels, spec));
    if (reply.statusCode !== 201) throw new Error(`create ${name}: ${reply.body}`);
    return issueToken(api, name);
  };
  const mirrored = (
    name: string,
    check: (o: NonNullable<Awaited<ReturnType<typeof kcp.get>>>) => boolean,
    what: string,
  ) =>
    waitFor(
      async () => {
        const object = await kcp.get(name);
        return object && check(object) ? object : undefined;
      },
      `${name} in kcp: ${what}`,
      60_000,
    );
  return { kcp, api, create, mirrored };
}

export type MirrorWorld = Awaited<ReturnType<typeof mirrorWorld>>;
