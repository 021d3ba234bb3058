// How long an idle connection is kept, by how close the server is to its connection cap. An
// agent holds two connections: its long poll, always busy, and the one its heartbeats take,
// idle between beats. Far from the cap both are kept (a new connection per beat would cost a
// TLS handshake); past half of it, idle ones are kept only seconds, so that the descriptors go
// to agents that are connecting rather than to beats 20 s apart, and the cap's 503 comes last.
// Node writes the timeout into each answer's `Keep-Alive` header, from which clients (undici,
// Node's agent) close an idle connection first, without a race against the server's close.
import type { Server } from 'node:http';

/** Idle connections are kept this long while the server is pressed. */
export const PRESSED_KEEP_ALIVE_MS = 5_000;
// Pressed from half the cap, relaxed below two fifths: the gap keeps it from flapping.
const PRESSED_AT = 0.5;
const RELAXED_BELOW = 0.4;

export class KeepAlivePacing {
  private server?: Server;
  private relaxedMs = 0;
  private pressed = false;

  /**
   * @param cap the connections the server may hold (0: no cap, never pressed)
   * @param onChange told when the pace changes, with the connections open then
   */
  constructor(
    private readonly cap: number,
    private readonly onChange?: (pressed: boolean, open: number, keepAliveMs: number) => void,
  ) {}

  /** The server whose keep-alive is paced, with its own (relaxed) timeout already set. */
  attach(server: Server): void {
    this.server = server;
    this.relaxedMs = server.keepAliveTimeout;
  }

  get isPressed(): boolean {
    return this.pressed;
  }

  /** Called whenever a connection opens or closes, with how many are open now. */
  update(open: number): void {
    const server = this.server;
    if (!server || this.cap <= 0 || this.relaxedMs <= PRESSED_KEEP_ALIVE_MS) return;
    const pressed = this.pressed ? open >= this.cap * RELAXED_BELOW : open >= this.cap * PRESSED_AT;
    if (pressed === this.pressed) return;
    this.pressed = pressed;
    // Node reads it as each answer finishes: connections idle from then on get the new timeout.
    server.keepAliveTimeout = pressed ? PRESSED_KEEP_ALIVE_MS : this.relaxedMs;
    this.onChange?.(pressed, open, server.keepAliveTimeout);
  }
}
