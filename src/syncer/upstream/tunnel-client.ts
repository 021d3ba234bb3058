// The agent's end of the reverse tunnel: it dials one WebSocket out to the control plane (so a
// cluster behind NAT needs no inbound port) and answers the proxied reads sent down it against
// its own API server, with its own least-privilege credentials, streaming each answer back. It
// refuses any path outside the allow-list itself: the server's check is not the only one.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import {
  type AgentFrame,
  type ServerFrame,
  TUNNEL_SUBPROTOCOL,
  dataFrame,
  messageBytes,
  parseFrame,
  proxyAllowed,
  readDataFrame,
} from '../../lib/tunnel-protocol.js';
import { Backoff, sleep } from '../backoff.js';
import type { KubeClient } from '../downstream/kube-client.js';
import type { TokenFile } from './token-file.js';
import { type AgentStream, isExec, serveExec } from './tunnel-exec.js';

export interface TunnelClientOptions {
  server: string;
  target: string;
  token: TokenFile;
  caFile?: string;
  downstream: KubeClient;
  log: Logger;
}

/** A WebSocket buffering more than this for the server pauses the downstream reads that feed it. */
const HIGH_WATER = 1024 * 1024;

/** Keeps the tunnel connected until the signal aborts, reconnecting with back-off. */
export async function runTunnel(options: TunnelClientOptions, signal: AbortSignal): Promise<void> {
  const backoff = new Backoff();
  const url = `${options.server.replace(/^http/, 'ws').replace(/\/+$/, '')}/apis/workload.kcp.io/v1alpha1/synctargets/${encodeURIComponent(options.target)}/tunnel`;
  const ca = options.caFile ? readFileSync(options.caFile, 'utf8') : undefined;
  while (!signal.aborted) {
    const opened = await connectOnce(url, ca, options, signal).catch((error: unknown) => {
      options.log.warn({ err: error, event: 'tunnel-failed' }, 'could not open the tunnel');
      return false;
    });
    if (opened) backoff.reset();
    if (!(await sleep(backoff.next(), signal))) break;
  }
}

/** One connection, until it closes; true when it was opened at all. */
function connectOnce(url: string, ca: string | undefined, options: TunnelClientOptions, signal: AbortSignal) {
  const { log } = options;
  return new Promise<boolean>((resolve) => {
    let opened = false;
    const socket = new WebSocket(url, TUNNEL_SUBPROTOCOL, {
      headers: { authorization: `Bearer ${options.token.token}` },
      ...(ca ? { ca } : {}),
      handshakeTimeout: 15_000,
    });
    const streams = new Map<number, AgentStream>();
    const stop = () => socket.close(1001, 'the agent is stopping');
    signal.addEventListener('abort', stop, { once: true });
    socket.on('unexpected-response', (_request, response) => {
      log.warn({ event: 'tunnel-refused', status: response.statusCode }, 'the control plane refused the tunnel');
      // A 401: the token may have been rotated under us; the next attempt reads the file again.
      if (response.statusCode === 401) options.token.reload();
      response.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      opened = true;
      log.info({ event: 'tunnel-open' }, 'tunnel to the control plane open');
    });
    socket.on('message', (data, binary) => {
      if (binary) {
        // An upgraded stream's message from the client (an exec's stdin, a resize).
        const frame = readDataFrame(messageBytes(data));
        if (frame) streams.get(frame.id)?.deliver?.(frame.payload);
        return;
      }
      const frame = parseFrame<ServerFrame>(String(data));
      if (frame?.type === 'cancel') streams.get(frame.id)?.abort();
      else if (frame?.type === 'open' && isExec(frame)) {
        serveExec(socket, frame, streams, options.downstream, log).catch((error: Error) => {
          streams.delete(frame.id);
          send(socket, { type: 'error', id: frame.id, message: error.message });
        });
      } else if (frame?.type === 'open') void serve(socket, frame, streams, options);
    });
    socket.on('error', (error) => log.debug({ err: error }, 'tunnel error'));
    socket.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      for (const controller of streams.values()) controller.abort();
      if (opened) log.info({ event: 'tunnel-closed', code }, 'tunnel to the control plane closed');
      resolve(opened);
    });
  });
}

const send = (socket: WebSocket, frame: AgentFrame) => {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
};

async function serve(
  socket: WebSocket,
  frame: Extract<ServerFrame, { type: 'open' }>,
  streams: Map<number, AgentStream>,
  { downstream, log }: TunnelClientOptions,
): Promise<void> {
  const { id, path } = frame;
  if (frame.method !== 'GET' || frame.upgrade || !proxyAllowed(path)) {
    log.warn({ event: 'tunnel-refused-path', path }, 'refused a proxied request outside the allow-list');
    return send(socket, { type: 'error', id, message: `the agent does not proxy ${frame.method} ${path}` });
  }
  const controller = new AbortController();
  streams.set(id, { abort: () => controller.abort() });
  try {
    const response = await downstream.stream(path, frame.query, frame.accept, controller.signal);
    const contentType = response.headers['content-type'];
    send(socket, { type: 'head', id, status: response.statusCode, contentType: String(contentType ?? '') });
    for await (const chunk of response.body) {
      if (socket.readyState !== WebSocket.OPEN) break;
      socket.send(dataFrame(id, chunk as Buffer));
      // A slow link to the server: the downstream read waits rather than buffering without end.
      while (socket.bufferedAmount > HIGH_WATER && socket.readyState === WebSocket.OPEN) await sleep(20);
    }
    send(socket, { type: 'end', id });
  } catch (error) {
    if (!controller.signal.aborted) send(socket, { type: 'error', id, message: (error as Error).message });
  } finally {
    streams.delete(id);
    controller.abort();
  }
}
