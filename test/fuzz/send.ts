// One fuzzed request over a real connection. A request the server holds (a watch, a long poll)
// is no failure: its status is known once its headers come, and the rest of its body is not read;
// one whose headers do not come within a moment is given up (undefined).
export interface Request {
  method: string;
  path: string;
  token: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  statusCode: number;
  body: string;
  json: any;
  /** The answer's Content-Type, to show in a failure. */
  type?: string | null;
}

const HELD_MS = 1500;

export async function send(base: string, request: Request): Promise<Answer | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HELD_MS);
  const headers = { authorization: `Bearer ${request.token}`, ...request.headers };
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      body: request.body,
      signal: abort.signal,
    });
    if (response.status < 400) {
      // A watch streams on: what it says is the watch fuzzer's business, not this one's.
      clearTimeout(timer);
      abort.abort();
      return { statusCode: response.status, body: '', json: undefined };
    }
    const body = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    return { statusCode: response.status, body, json, type: response.headers.get('content-type') };
  } catch (error) {
    if (abort.signal.aborted) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
