// The tunnels connected to this replica, one per SyncTarget, and the streams open on each: a
// proxied request becomes an `open` frame down its target's tunnel, and the agent's frames back
// become the answer's head and a readable body. A client that goes away cancels its stream; a
// tunnel that closes ends every stream on it with an error.
import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import {
  type AgentFrame,
  type ServerFrame,
  dataFrame,
  messageBytes,
  parseFrame,
  readDataFrame,
} from '../../../lib/tunnel-protocol.js';
import { type TunnelDirectory, noTunnelDirectory } from '../../../store/tunnel-directory.js';

export interface ProxiedHead {
  status: number;
  contentType?: string;
  /** An upgraded stream's subprotocol, as the downstream API server chose it. */
  protocol?: string;
}

export interface ProxiedStream {
  head: Promise<ProxiedHead>;
  /** The answer's bytes; for an upgraded stream, one chunk per downstream message (object mode). */
  body: PassThrough;
  /** An upgraded stream's message to the agent, passed downstream as one message. */
  send(payload: Buffer): void;
  cancel(): void;
}

/** What a proxied request asks of the agent: the tunnel's `open` frame without its framing. */
export type OpenRequest = Omit<Extract<ServerFrame, { type: 'open' }>, 'type' | 'id'>;

/** A way to the target's agent: its tunnel here, or the replica that holds it (peer-tunnel.ts). */
export interface StreamOpener {
  open(request: OpenRequest): ProxiedStream;
}

/** A client slower than the agent by this much is cut off rather than buffered without end. */
const MAX_BUFFERED = 8 * 1024 * 1024;
/** The same for an upgraded stream, in messages (object mode counts chunks, not bytes). */
const MAX_BUFFERED_MESSAGES = 4096;

interface Pending {
  settle(head: ProxiedHead): void;
  fail(error: Error): void;
  body: PassThrough;
}

class Tunnel implements StreamOpener {
  private next = 1;
  readonly streams = new Map<number, Pending>();

  constructor(
    readonly socket: WebSocket,
    readonly uid: string,
  ) {}

  open(request: OpenRequest): ProxiedStream {
    const id = this.next++;
    const body = new PassThrough({ objectMode: request.upgrade !== undefined });
    let settle!: (head: ProxiedHead) => void;
    let fail!: (error: Error) => void;
    const head = new Promise<ProxiedHead>((resolve, reject) => ([settle, fail] = [resolve, reject]));
    // A stream failed after its head is the body's error; before it, the head's.
    head.catch(() => undefined);
    this.streams.set(id, { settle, fail, body });
    this.send({ type: 'open', id, ...request });
    const cancel = () => {
      if (!this.streams.delete(id)) return;
      this.send({ type: 'cancel', id });
      fail(new Error('cancelled'));
      body.destroy();
    };
    const send = (payload: Buffer) => {
      if (this.streams.has(id) && this.socket.readyState === this.socket.OPEN) this.socket.send(dataFrame(id, payload));
    };
    return { head, body, send, cancel };
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  receive(data: RawData, binary: boolean): void {
    const buffer = messageBytes(data);
    if (binary) {
      const frame = readDataFrame(buffer);
      const stream = frame && this.streams.get(frame.id);
      if (!frame || !stream) return;
      const limit = stream.body.writableObjectMode ? MAX_BUFFERED_MESSAGES : MAX_BUFFERED;
      if (stream.body.writableLength > limit) return this.cut(frame.id, 'the client reads too slowly');
      stream.body.write(frame.payload);
      return;
    }
    const frame = parseFrame<AgentFrame>(buffer.toString('utf8'));
    const stream = frame && this.streams.get(frame.id);
    if (!frame || !stream) return;
    if (frame.type === 'head') {
      stream.settle({ status: frame.status, contentType: frame.contentType, protocol: frame.protocol });
    } else if (frame.type === 'end') {
      this.streams.delete(frame.id);
      stream.body.end();
    } else if (frame.type === 'error') this.end(frame.id, stream, new Error(frame.message));
  }

  private cut(id: number, why: string): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.send({ type: 'cancel', id });
    this.end(id, stream, new Error(why));
  }

  private end(id: number, stream: Pending, error: Error): void {
    this.streams.delete(id);
    stream.fail(error);
    stream.body.destroy(error);
  }

  closeAll(why: string): void {
    for (const [id, stream] of this.streams) this.end(id, stream, new Error(why));
  }
}

export class TunnelHub {
  private readonly tunnels = new Map<string, Tunnel>();

  constructor(
    private readonly log: Logger,
    private readonly directory: TunnelDirectory = noTunnelDirectory,
  ) {}

  /** Takes an agent's tunnel; a newer one of the same target replaces the older (an agent reconnecting). */
  attach(target: string, uid: string, socket: WebSocket): void {
    const tunnel = new Tunnel(socket, uid);
    const older = this.tunnels.get(target);
    this.tunnels.set(target, tunnel);
    older?.socket.close(1000, 'replaced by a newer tunnel of the same sync target');
    this.directory.connected(target, uid);
    this.log.info({ syncTarget: target, event: 'tunnel-connected' }, 'agent tunnel connected');
    socket.on('message', (data, binary) => tunnel.receive(data, binary));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      tunnel.closeAll('the agent tunnel closed');
      if (this.tunnels.get(target) === tunnel) {
        this.tunnels.delete(target);
        this.directory.disconnected(target);
      }
      this.log.info({ syncTarget: target, event: 'tunnel-closed' }, 'agent tunnel closed');
    });
  }

  /** The target's tunnel, if its agent has one connected to this replica. */
  tunnelOf(target: string): Tunnel | undefined {
    return this.tunnels.get(target);
  }

  /** Closes the target's tunnel unless it belongs to the incarnation `uid` (the name was deleted and re-created). */
  forget(target: string, uid: string): void {
    const tunnel = this.tunnels.get(target);
    if (!tunnel || tunnel.uid === uid) return;
    this.tunnels.delete(target);
    this.directory.disconnected(target);
    tunnel.socket.close(1000, 'the sync target was deleted');
  }

  closeAll(): void {
    for (const tunnel of this.tunnels.values()) tunnel.socket.close(1001, 'the server is shutting down');
  }
}
