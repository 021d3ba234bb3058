// The long poll of the control plane's feed. A 200 answer replaces the desired state and
// hands the changed keys on; a 304 polls again; any failure keeps the desired state exactly as
// it was and retries with back-off, asking for the whole set again once the server is back.
import type { Logger } from 'pino';
import { Backoff, sleep } from '../backoff.js';
import type { FeedAnswer } from './feed-answer.js';
import type { Upstream } from './upstream-client.js';

export interface FeedDeps {
  upstream: Upstream;
  /** Takes a valid answer as the desired state; returns how many keys it changed. */
  take: (answer: FeedAnswer) => number;
  /** How many objects are desired, for the log lines. */
  desiredSize: () => number;
  log: Logger;
  timeoutSeconds?: number;
}

export async function runFeed(deps: FeedDeps, signal: AbortSignal): Promise<void> {
  // Capped low: the agent is back in sync within seconds of the server's return.
  const backoff = new Backoff({ baseMs: 500, maxMs: 15_000, jitter: 0.3 });
  let resourceVersion: string | undefined;
  while (!signal.aborted) {
    try {
      const answer = await deps.upstream.feed(resourceVersion, deps.timeoutSeconds ?? 30, signal);
      if (backoff.attempts > 0)
        deps.log.info({ event: 'feed-recovered', failures: backoff.attempts }, 'the feed answers again');
      backoff.reset();
      if (answer === 'unchanged') continue;
      const changed = deps.take(answer);
      resourceVersion = answer.resourceVersion;
      const desired = deps.desiredSize();
      deps.log.debug({ event: 'feed-answer', resourceVersion, desired, changed }, 'desired state updated');
    } catch (error) {
      if (signal.aborted) break;
      // Ask for the whole set next time: a server restored from a backup may be behind this version.
      resourceVersion = undefined;
      const wait = backoff.next();
      deps.log.warn(
        {
          event: 'feed-failed',
          failures: backoff.attempts,
          retryInMs: wait,
          desired: deps.desiredSize(),
          err: (error as Error).message,
        },
        'feed failed: keeping the last desired state, nothing downstream is deleted',
      );
      await sleep(wait, signal);
    }
  }
}
