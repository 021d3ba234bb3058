// What Node turns away before any route sees a request: headers or a body that did not arrive
// within --headers-timeout or --request-timeout, headers too large, bytes that are not HTTP.
// Answered, as everything else, with a Kubernetes Status (Fastify's default answers in its own
// shape), and the connection closed.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, badRequest } from './errors.js';

function statusOf(error: NodeJS.ErrnoException): ApiError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ApiError(
      408,
      'Timeout',
      'the request did not arrive in time (see --headers-timeout and --request-timeout)',
    );
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') return new ApiError(431, 'BadRequest', 'the request headers are too large');
  return badRequest(`the request is not valid HTTP/1.1: ${error.message}`);
}

/** Fastify's `clientErrorHandler`. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Reset by the client: nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's own rule: never write into an answer already under way on this connection.
  const answering = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !answering?.headersSent) {
    const status = statusOf(error);
    const body = JSON.stringify(status.toStatus());
    const head = [
      `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy();
}
