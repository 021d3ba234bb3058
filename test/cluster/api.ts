// A minimal Kubernetes API client over node:https for the harness's few calls.
//
// @kubernetes/client-node would do, but importing it costs about four seconds under tsx,
// which `cluster:up`, `cluster:down` and tap's before/after scripts would pay on every run.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function apiClient(server: string, caFile: string, token: string): ApiClient {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> => {
    // Read per call: the apiserver writes its certificate only once it starts.
    const ca = readFileSync(caFile);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        new URL(path, server),
        {
          method,
          ca,
          // No keep-alive pool: a pooled socket would hold the event loop open for seconds.
          agent: false,
          timeout: 10_000,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve((text.startsWith('{') ? JSON.parse(text) : text) as T);
            } else {
              reject(new ApiError(status, `${method} ${path}: HTTP ${status} ${text.slice(0, 300)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
