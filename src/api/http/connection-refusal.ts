// How a connection over a limit is answered: its first request gets 429 (its address holds too
// many) or 503 (the server is near its file-descriptor limit, or short of memory) with
// Retry-After and a Status, and the connection is closed.
import type { ServerResponse } from 'node:http';
import { ApiError } from './errors.js';

export type Refusal = 'per-address' | 'fd-limit' | 'memory';

const RETRY_AFTER_SECONDS = '1';
const JSON_TYPE = 'application/json; charset=utf-8';

const UNAVAILABLE = {
  'fd-limit': 'the server holds as many connections as it can: retry later',
  memory: 'the server is short of memory: retry later',
};

/** `perAddress`: the cap a 429 names. */
export function refuse(response: ServerResponse, refusal: Refusal, perAddress: number): void {
  const error =
    refusal === 'per-address'
      ? new ApiError(429, 'TooManyRequests', `too many connections from this address (at most ${perAddress})`)
      : new ApiError(503, 'ServiceUnavailable', UNAVAILABLE[refusal]);
  const payload = JSON.stringify(error.toStatus());
  response.writeHead(error.code, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(payload),
    'retry-after': RETRY_AFTER_SECONDS,
    connection: 'close',
  });
  response.end(payload);
}
