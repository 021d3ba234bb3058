// The start-up check of the agent's downstream permissions: one SelfSubjectAccessReview per
// (verb, resource) in SYNCER_RULES — the rules `tmc bootstrap` grants — so a missing grant
// stops the agent at once with its name, instead of surfacing later as a failed apply.
import type { KubeClient } from './kube-client.js';
import { type ResourceAccess, syncerAccessChecks } from './permissions.js';

const REVIEWS_AT_ONCE = 16;

const resourceName = (access: ResourceAccess): string =>
  access.group ? `${access.resource}.${access.group}` : access.resource;

/** "create deployments.apps, list nodes": each missing grant in kubectl's words. */
export function describeAccess(missing: readonly ResourceAccess[]): string {
  return missing.map((access) => `${access.verb} ${resourceName(access)}`).join(', ');
}

export class MissingPermissionsError extends Error {
  override readonly name = 'MissingPermissionsError';

  constructor(
    readonly missing: ResourceAccess[],
    user: string | undefined,
  ) {
    super(
      `the downstream credentials${user ? ` (user "${user}")` : ''} may not ${describeAccess(missing)} cluster-wide. ` +
        'Grant them with the ClusterRole that `tmc bootstrap` prints (kubectl auth can-i VERB RESOURCE shows what is allowed), then start the syncer again',
    );
  }
}

async function allowed(client: KubeClient, access: ResourceAccess, signal?: AbortSignal): Promise<boolean> {
  const review = await client.call<{ status?: { allowed?: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { group: access.group, resource: access.resource, verb: access.verb } },
      },
      signal,
    },
  );
  return review.status?.allowed === true;
}

/** Who the credentials are, for the message; undefined when the cluster will not say. */
async function whoAmI(client: KubeClient, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const review = await client.call<{ status?: { userInfo?: { username?: string } } }>(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        signal,
      },
    );
    return review.status?.userInfo?.username;
  } catch {
    return undefined;
  }
}

/** Resolves when every permission is there; throws MissingPermissionsError naming each one that is not. */
export async function checkPermissions(
  client: KubeClient,
  signal?: AbortSignal,
  checks: ResourceAccess[] = syncerAccessChecks(),
): Promise<void> {
  // A hundred-odd reviews: a few at a time, not a hundred connections to the API server at once.
  const missing: ResourceAccess[] = [];
  for (let start = 0; start < checks.length; start += REVIEWS_AT_ONCE) {
    const batch = checks.slice(start, start + REVIEWS_AT_ONCE);
    const denied = async (access: ResourceAccess) => ((await allowed(client, access, signal)) ? undefined : access);
    const results = await Promise.all(batch.map(denied));
    missing.push(...results.filter((access): access is ResourceAccess => access !== undefined));
  }
  if (missing.length > 0) throw new MissingPermissionsError(missing, await whoAmI(client, signal));
}
