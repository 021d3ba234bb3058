// One watch's output: newline-delimited JSON events written to a stream Fastify sends. The
// bytes a watcher has not read yet are bounded: when they pass the limit the watcher is cut off
// (it re-lists or re-watches, as every Kubernetes client does), so a client that stops reading
// costs at most the limit and never grows the server's memory.
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export class WatchStream {
  readonly body = new PassThrough();
  private finished = false;
  private readonly onEnd: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: (buffered: number) => void,
  ) {
    // Headers go out at once, not with the first event: a client waits for them before reading.
    response.once('pipe', () => response.flushHeaders());
    // The client went away, or the response failed: either way the watch is over.
    response.on('close', () => this.finish());
    this.body.on('close', () => this.finish());
  }

  get closed(): boolean {
    return this.finished;
  }

  /** Runs once when the watch ends for any reason. */
  whenClosed(listener: () => void): void {
    if (this.finished) listener();
    else this.onEnd.push(listener);
  }

  /** Bytes written but not yet taken by the client's socket. */
  buffered(): number {
    return this.body.writableLength + this.body.readableLength + this.response.writableLength;
  }

  send(type: WatchEventType, object: unknown): void {
    if (this.finished) return;
    this.body.write(`${JSON.stringify({ type, object })}\n`);
    const buffered = this.buffered();
    if (buffered > this.maxBufferedBytes) {
      this.onOverflow(buffered);
      // Cut off, not ended: an end would queue behind the bytes the client is not reading.
      this.finish();
      this.response.destroy();
    }
  }

  /** Ends the stream after what was written (a timeout, a 410 sent as an ERROR event). */
  end(): void {
    if (this.finished) return;
    this.finish();
    this.body.end();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const listener of this.onEnd.splice(0)) listener();
  }
}
