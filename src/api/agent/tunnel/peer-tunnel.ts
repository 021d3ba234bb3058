// A target whose agent's tunnel is held by another replica: the request is passed there as the
// caller made it, with the caller's own bearer token, so that replica authenticates, authorizes
// and audits it again as its own (a replica passes on nothing it would not answer itself). A
// marker header stops it from passing the request any further. Reads become one HTTP request,
// an exec one WebSocket; either way the answer comes back as a stream like the local tunnel's.
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { messageBytes } from '../../../lib/tunnel-protocol.js';
import type { OpenRequest, ProxiedHead, ProxiedStream, StreamOpener } from './tunnel-hub.js';

/** Set on a request one replica passes to another: the receiver answers it from its own tunnels. */
export const FORWARDED_HEADER = 'x-tmc-forwarded-by';
const SYNCTARGETS = '/apis/workload.kcp.io/v1alpha1/synctargets';

export class PeerDialer {
  private readonly agent: Agent;

  constructor(
    /** This replica's --peer-url, named to the receiver. */
    readonly self: string,
    private readonly ca: string | undefined,
  ) {
    // No body timeout: a followed log or a watch may be quiet for long.
    this.agent = new Agent({ connect: ca ? { ca } : {}, headersTimeout: 60_000, bodyTimeout: 0 });
  }

  /** The way to `target`'s agent through the replica at `peer`, for a caller with these headers. */
  through(peer: string, target: string, caller: IncomingHttpHeaders): StreamOpener {
    const base = `${peer}${SYNCTARGETS}/${encodeURIComponent(target)}/proxy`;
    const headers: Record<string, string> = { [FORWARDED_HEADER]: this.self };
    if (caller.authorization) headers.authorization = caller.authorization;
    const unreachable = (error: unknown) =>
      new Error(
        `its agent's tunnel is on the replica at ${peer}, which could not be reached: ${(error as Error).message}`,
      );
    return {
      open: (open: OpenRequest) => {
        const url = `${base}${open.path}${open.query ? `?${open.query}` : ''}`;
        return open.upgrade
          ? this.upgrade(url, open.upgrade, headers, unreachable)
          : this.read(url, open.accept ? { ...headers, accept: open.accept } : headers, unreachable);
      },
    };
  }

  private read(url: string, headers: Record<string, string>, unreachable: (e: unknown) => Error): ProxiedStream {
    const body = new PassThrough();
    const abort = new AbortController();
    const head = request(url, { headers, dispatcher: this.agent, signal: abort.signal }).then(
      (response): ProxiedHead => {
        response.body.on('error', (error) => body.destroy(error));
        response.body.pipe(body);
        const type = response.headers['content-type'];
        return { status: response.statusCode, ...(typeof type === 'string' ? { contentType: type } : {}) };
      },
      (error: unknown) => Promise.reject(unreachable(error)),
    );
    head.catch(() => undefined);
    const cancel = () => {
      abort.abort();
      body.destroy();
    };
    return { head, body, send: () => undefined, cancel };
  }

  private upgrade(
    url: string,
    protocols: string[],
    headers: Record<string, string>,
    unreachable: (e: unknown) => Error,
  ): ProxiedStream {
    const body = new PassThrough({ objectMode: true });
    const socket = new WebSocket(url.replace(/^http/, 'ws'), protocols, {
      headers,
      ...(this.ca ? { ca: this.ca } : {}),
      maxPayload: 4 * 1024 * 1024,
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    const head = new Promise<ProxiedHead>((resolve, reject) => {
      socket.once('open', () => resolve({ status: 101, protocol: socket.protocol }));
      // The replica's refusal (RBAC, no tunnel there either) or the agent's downstream one.
      socket.once('unexpected-response', (_request, response) => {
        const type = response.headers['content-type'];
        resolve({ status: response.statusCode ?? 502, ...(type ? { contentType: type } : {}) });
        response.on('data', (chunk: Buffer) => body.write(chunk));
        response.on('end', () => body.end());
      });
      socket.on('error', (error) => {
        reject(unreachable(error));
        body.destroy(error);
      });
    });
    head.catch(() => undefined);
    socket.on('message', (data) => body.write(messageBytes(data)));
    socket.on('close', () => body.end());
    const send = (payload: Buffer) => {
      if (socket.readyState === socket.OPEN) socket.send(payload, { binary: true });
    };
    const cancel = () => {
      socket.terminate();
      body.destroy();
    };
    return { head, body, send, cancel };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
