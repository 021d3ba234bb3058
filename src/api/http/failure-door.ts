// The cheapest refusal of an address that failed to authenticate too often: answered on the
// connection, before Fastify's request cycle (no routing, no hooks, no logger, no token work),
// and the connection closed, so a flooding client pays a new handshake for each attempt. The
// answer is held for a second first: a flooder's requests in flight each wait, so its rate falls to
// its concurrency per second instead of whatever the CPU lets it send, and the two cores stay with
// the server and its good clients. The request gate refuses the same way (auth.ts) for requests
// that reach Fastify by another path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressFailures } from '../../runtime/address-failures.js';
import { tooManyFailures } from './auth.js';
import type { ApiError } from './errors.js';

const HOLD_MS = 1_000;
/** Past this many refusals held at once, the rest are answered at once: each held one is a socket and a timer. */
export const MAX_HELD_REFUSALS = 4_096;
let held = 0;

/** Whether the request was refused here (and answered); false leaves it to the server. */
export function refuseFailedAddress(
  failures: AddressFailures | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  // As the request gate: only requests with a token to judge, on the API's paths.
  if (!failures || request.headers.authorization === undefined || !request.url?.startsWith('/api')) return false;
  const wait = failures.retryAfter(request.socket.remoteAddress ?? '');
  if (wait === 0) return false;
  const payload = JSON.stringify((tooManyFailures(wait) as ApiError).toStatus());
  const answer = () => {
    response.writeHead(429, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'retry-after': String(wait),
      connection: 'close',
    });
    response.end(payload);
  };
  if (held >= MAX_HELD_REFUSALS) {
    answer();
    return true;
  }
  held++;
  const timer = setTimeout(answer, HOLD_MS).unref();
  // Released once, whether answered or given up by the client (or the server closing) first.
  response.once('close', () => {
    clearTimeout(timer);
    held--;
  });
  return true;
}
