// Refusals held a second before they are written: a flooder's requests in flight each wait, so
// its rate falls to its concurrency per second instead of whatever the CPU lets it send, and the
// cores stay with the server and its good clients. Held for the address refused outright
// (failure-door.ts) and for the failures past the first few of a burst (auth.ts).

const HOLD_MS = 1_000;
/** Past this many refusals held at once, the rest are answered at once: each held one is a socket and a timer. */
const MAX_HELD_REFUSALS = 4_096;
let held = 0;

/** Runs `answer` after the hold (at once past the cap); the function returned gives the hold up. */
export function holdRefusal(answer: () => void): () => void {
  if (held >= MAX_HELD_REFUSALS) {
    answer();
    return () => undefined;
  }
  held++;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held--;
    clearTimeout(timer);
  };
  // Not unref'd: a held answer is work under way (an injected request has no socket to keep the
  // process up), and it lasts a second at most.
  const timer = setTimeout(() => {
    release();
    answer();
  }, HOLD_MS);
  return release;
}

/** `value`, once the hold is over. */
export const afterHold = <T>(value: T): Promise<T> => new Promise((resolve) => holdRefusal(() => resolve(value)));
