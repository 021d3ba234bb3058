// The API as the page calls it: the admin token from sessionStorage as a bearer header (never
// in a URL or a cookie), and Kubernetes Status errors turned into messages.
const TOKEN_KEY = 'tmc.token';

export const PATHS = {
  syncTargets: '/apis/workload.kcp.io/v1alpha1/synctargets',
  deployments: '/apis/apps/v1/deployments',
  placements: '/apis/scheduling.kcp.io/v1alpha1/placements',
} as const;

/** The other workload kinds the workloads page lists beside Deployments, across all namespaces. */
export const WORKLOAD_PATHS = [
  '/apis/apps/v1/statefulsets',
  '/apis/apps/v1/daemonsets',
  '/apis/batch/v1/jobs',
  '/apis/batch/v1/cronjobs',
] as const;

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  start: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  end: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer other than 2xx, with the Status message the server gave. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function apiFetch(path: string, init: RequestInit = {}, token = session.token()): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token ?? ''}`);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const response = await fetch(path, { ...init, headers, cache: 'no-store', credentials: 'omit' });
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    message = ((await response.json()) as { message?: string }).message ?? message;
  } catch {
    // Not a Status: the status line says enough.
  }
  throw new HttpError(response.status, message);
}

export const getJson = async <T>(path: string, token?: string): Promise<T> =>
  (await apiFetch(path, {}, token)).json() as Promise<T>;

export async function mergePatch(path: string, patch: unknown): Promise<void> {
  await apiFetch(path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify(patch),
  });
}
