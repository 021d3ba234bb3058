// A change placed on thousands of targets answers their held feeds a slice per turn of the event
// loop (feed/waiters.ts), so heartbeats and people's requests are served between the slices. An
// agent answered early sends its status report right away on the same connection, and reading
// and checking those reports between the slices would hold back the answers still to go. So a
// connection whose feed was answered by a wake is not read again until the wake has ended: the
// kernel keeps what the agent sent meanwhile, and every answer goes out first, as one block would
// send them, while the other connections (heartbeats, people) are still served between slices.
// The connections held are then read again a slice per turn too: all at once, their thousands of
// requests would be read and handled in one turn.
import type { Socket } from 'node:net';

/** At most this long: the server's idle timeout (5 s near its connection cap) must not close a connection held. */
const MAX_DEFERRAL_MS = 2000;
/** Connections read again per turn of the event loop. */
const RESUME_SLICE = 64;

const toResume: Socket[] = [];
let resuming = false;

function resumeSlice(): void {
  for (const socket of toResume.splice(0, RESUME_SLICE)) if (!socket.destroyed) socket.resume();
  if (toResume.length > 0) setImmediate(resumeSlice);
  else resuming = false;
}

function queueResume(socket: Socket): void {
  toResume.push(socket);
  if (!resuming) {
    resuming = true;
    setImmediate(resumeSlice);
  }
}

/** Stops reading `socket` until `settled` (the wake under way has ended); nothing when no wake is under way. */
export function deferWhileWaking(socket: Socket, settled: Promise<void> | undefined): void {
  if (!settled || socket.destroyed) return;
  socket.pause();
  let queued = false;
  const resume = () => {
    if (queued) return;
    queued = true;
    clearTimeout(timer);
    queueResume(socket);
  };
  const timer = setTimeout(resume, MAX_DEFERRAL_MS);
  void settled.then(resume);
}
