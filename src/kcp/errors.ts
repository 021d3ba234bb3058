// What went wrong talking to kcp, in the words the Mirrored condition, the metrics and the
// logs use. Kept coarse on purpose: the reason is a metric label and a condition reason.
import { AbortError, FetchError } from '@kubernetes/client-node';
import { statusCodeOf } from './client.js';

export type FailureReason =
  | 'KcpUnreachable'
  | 'KcpUnauthorized'
  | 'KcpRejected'
  | 'KcpConflict'
  | 'KcpError'
  | 'NotOwned';

export interface MirrorFailure {
  reason: FailureReason;
  message: string;
}

/** A SyncTarget name is taken in kcp by an object the mirror did not create: left alone, by design. */
export class NotOwnedError extends Error {
  constructor(readonly syncTarget: string) {
    super(
      `an object named "${syncTarget}" exists in kcp without the label app.kubernetes.io/managed-by=tmc; the mirror leaves it alone`,
    );
  }
}

/** The message of a Kubernetes Status body, when the error carries one. */
function statusMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown }).body;
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown } | undefined;
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

export function describeFailure(error: unknown): MirrorFailure {
  if (error instanceof NotOwnedError) return { reason: 'NotOwned', message: error.message };
  const code = statusCodeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof AbortError) return { reason: 'KcpUnreachable', message: 'kcp did not answer in time' };
  if (error instanceof FetchError) return { reason: 'KcpUnreachable', message: text };
  if (code === undefined) return { reason: 'KcpError', message: text.split('\n')[0]! };
  const message = `HTTP ${code}: ${statusMessage(error) ?? text.split('\n')[0]}`;
  if (code === 401 || code === 403) return { reason: 'KcpUnauthorized', message };
  if (code === 409) return { reason: 'KcpConflict', message };
  if (code === 400 || code === 404 || code === 422) return { reason: 'KcpRejected', message };
  return { reason: 'KcpError', message };
}

/** Failures that say nothing about kcp's health: another writer came first, retry at once. */
export const isConflict = (error: unknown): boolean => statusCodeOf(error) === 409;

/** kcp did not answer at all: every other call would fail the same way for now. */
export const isUnreachable = (error: unknown): boolean => error instanceof FetchError || error instanceof AbortError;
