// The agent's end of an exec through the tunnel: it dials its own API server's pods/exec as a
// WebSocket with the subprotocols the client offered, with its own credentials, and passes
// messages both ways, one tunnel frame per message. A refused upgrade (no such pod, RBAC) is
// passed back as the answer it was, so the client sees the API server's own Status.
import type https from 'node:https';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { type AgentFrame, type ServerFrame, EXEC_PATH, dataFrame, messageBytes } from '../../lib/tunnel-protocol.js';
import type { KubeClient } from '../downstream/kube-client.js';

/** A stream the agent serves: stopped by a cancel, and, once upgraded, fed the server's messages. */
export interface AgentStream {
  abort(): void;
  deliver?(payload: Buffer): void;
}

type OpenFrame = Extract<ServerFrame, { type: 'open' }>;

/** Whether an open frame asks for an exec the agent takes. */
export const isExec = (frame: OpenFrame): boolean =>
  frame.method === 'GET' && !!frame.upgrade?.length && EXEC_PATH.test(frame.path);

export async function serveExec(
  tunnel: WebSocket,
  frame: OpenFrame,
  streams: Map<number, AgentStream>,
  downstream: KubeClient,
  log: Logger,
): Promise<void> {
  const { id } = frame;
  const send = (reply: AgentFrame) => {
    if (tunnel.readyState === WebSocket.OPEN) tunnel.send(JSON.stringify(reply));
  };
  const forward = (payload: Buffer) => {
    if (tunnel.readyState === WebSocket.OPEN) tunnel.send(dataFrame(id, payload));
  };
  const tls: https.RequestOptions = {};
  await downstream.kubeconfig.applyToHTTPSOptions(tls);
  const url = `${downstream.server.replace(/^http/, 'ws')}${frame.path}${frame.query ? `?${frame.query}` : ''}`;
  const socket = new WebSocket(url, frame.upgrade, {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    headers: tls.headers as Record<string, string> | undefined,
    ...(tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
    handshakeTimeout: 15_000,
  });
  let settled = false;
  const finish = () => {
    if (!streams.delete(id)) return;
    send({ type: 'end', id });
  };
  streams.set(id, {
    abort: () => {
      streams.delete(id);
      socket.close(1000);
    },
    deliver: (payload) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(payload, { binary: true });
    },
  });
  socket.on('unexpected-response', (_request, response) => {
    settled = true;
    const contentType = String(response.headers['content-type'] ?? '');
    send({ type: 'head', id, status: response.statusCode ?? 502, contentType });
    response.on('data', (chunk: Buffer) => forward(chunk));
    response.on('end', finish);
    response.on('error', finish);
  });
  socket.on('open', () => {
    settled = true;
    log.info({ event: 'exec-open', path: frame.path }, 'exec through the tunnel started');
    send({ type: 'head', id, status: 101, protocol: socket.protocol });
  });
  socket.on('message', (data) => forward(messageBytes(data)));
  socket.on('error', (error) => {
    if (settled || !streams.delete(id)) return;
    send({ type: 'error', id, message: `the downstream API server's exec failed: ${error.message}` });
  });
  socket.on('close', () => {
    if (settled) finish();
  });
}
