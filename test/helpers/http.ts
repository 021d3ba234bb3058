// Requests over a real connection to a test app: raw JSON text (escapes and all, exactly as
// written), the answer's Status, and which fields it names.
import type { Test } from 'tap';
import { ADMIN_TOKEN, type TestApp } from './app.js';

export interface RawAnswer {
  statusCode: number;
  body: string;
  json: any;
  headers: Headers;
}

export interface SendOptions {
  /** The admin token unless given. */
  token?: string;
  /** application/json, or the merge-patch type for PATCH, unless given. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Sender {
  url: string;
  send(method: string, path: string, body?: string, options?: SendOptions): Promise<RawAnswer>;
}

const defaultType = (method: string) => (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');

/** Starts the app listening on a free port of 127.0.0.1; it is closed with the app. */
export async function listen(api: TestApp): Promise<Sender> {
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    send: async (method, path, body, options = {}) => {
      const token = options.token ?? ADMIN_TOKEN;
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...options.headers };
      if (body !== undefined) headers['content-type'] = options.contentType ?? defaultType(method);
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { statusCode: response.status, body: text, json, headers: response.headers };
    },
  };
}

/** The fields an answer's Status names in details.causes. */
export const causeFields = (answer: RawAnswer): string[] =>
  (answer.json?.details?.causes ?? []).map((cause: { field: string }) => cause.field);

/** Checks an answer is a Kubernetes Status with this code and reason. */
export function isStatus(t: Test, answer: RawAnswer, code: number, reason: string, what: string): void {
  t.equal(answer.statusCode, code, `${what}: ${answer.body.slice(0, 300)}`);
  t.match(answer.json, { apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason }, `${what}: a Status`);
}
