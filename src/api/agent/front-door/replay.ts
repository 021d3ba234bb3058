// A heartbeat the fast path leaves to the route after reading its body: sent through Fastify
// (app.inject) and its answer copied to the agent's connection.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { serviceUnavailable } from '../../http/errors.js';

/** What Fastify answered to a replayed request. */
export interface ReplayedAnswer {
  statusCode: number;
  headers: OutgoingHttpHeaders;
  rawPayload: Buffer;
}

const JSON_TYPE = 'application/json; charset=utf-8';
// Set by the connection or by Fastify's own answer, never copied from a replayed one.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

export async function replayInto(
  replay: (request: IncomingMessage, body: Buffer) => Promise<ReplayedAnswer>,
  request: IncomingMessage,
  response: ServerResponse,
  raw: Buffer,
): Promise<void> {
  try {
    const answer = await replay(request, raw);
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([header]) => !HOP_BY_HOP.has(header)));
    response.writeHead(answer.statusCode, headers);
    response.end(answer.rawPayload);
  } catch (error) {
    // Fastify takes no replay once it closes: answer as it answers a request that arrives then.
    if (response.headersSent) return void response.destroy(error as Error);
    const payload = JSON.stringify(
      serviceUnavailable('the server is shutting down: send the heartbeat again').toStatus(),
    );
    response.writeHead(503, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(payload),
      connection: 'close',
    });
    response.end(payload);
  }
}
