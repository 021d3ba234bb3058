// The cheapest refusal of an address that failed to authenticate too often: answered on the
// connection, before Fastify's request cycle (no routing, no hooks, no logger, no token work),
// and the connection closed, so a flooding client pays a new handshake for each attempt. The
// answer is held for a second first (held-refusals.ts). The request gate refuses the same way (auth.ts) for requests
// that reach Fastify by another path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressFailures } from '../../runtime/address-failures.js';
import { tooManyFailures } from './auth.js';
import type { ApiError } from './errors.js';
import { holdRefusal } from './held-refusals.js';

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
  // Released once, whether answered or given up by the client (or the server closing) first.
  response.once('close', holdRefusal(answer));
  return true;
}
