// When a Placement holds changes before a target: suspended (all its targets, or the named
// ones), or outside every change window. Pure functions of the spec and the clock, so the
// scheduler decides the same after a restart or on a new leader; the next time the answer can
// change by itself (a window opening or closing) is returned for a timed revisit.
import { nextRun, previousRun } from '../lib/cron.js';
import { parseDuration } from '../lib/duration.js';
import type { HoldReason } from '../schemas/change-hold.js';
import type { PlacementSpec } from '../schemas/placement.js';

interface Window {
  schedule: string;
  durationMs: number;
  timeZone?: string;
}

export interface HoldRule {
  suspend: boolean;
  suspendTargets: Set<string>;
  windows: Window[];
}

export interface WindowState {
  open: boolean;
  /** When the answer may change: an open window's end or the next window's start (ms). */
  changesAt?: number;
}

/** The hold settings of a Placement; undefined when it has none (changes flow at any time). */
export function holdRuleOf(spec: PlacementSpec): HoldRule | undefined {
  const windows = (spec.changeWindows ?? []).map((w) => ({
    schedule: w.schedule,
    // Checked when the Placement is written; a window that cannot be read never opens.
    durationMs: safeDuration(w.duration),
    ...(w.timeZone ? { timeZone: w.timeZone } : {}),
  }));
  const suspendTargets = new Set(spec.suspendTargets ?? []);
  if (!spec.suspend && suspendTargets.size === 0 && windows.length === 0) return undefined;
  return { suspend: spec.suspend === true, suspendTargets, windows };
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

const earliest = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/** Whether a change window is open at `now`; always open without windows. */
export function windowState(windows: readonly Window[], now: number): WindowState {
  if (windows.length === 0) return { open: true };
  let open = false;
  let changesAt: number | undefined;
  for (const w of windows) {
    // The latest start has the latest end (all of a window's runs last as long): it alone decides.
    const start = previousRun(w.schedule, now, w.timeZone);
    if (start !== undefined && start + w.durationMs > now) {
      open = true;
      changesAt = earliest(changesAt, start + w.durationMs);
    }
    changesAt = earliest(changesAt, nextRun(w.schedule, now, w.timeZone));
  }
  return { open, changesAt };
}

/** Why `rule` holds changes before `target`, its windows being as `windows` says, or undefined when they pass. */
export function holdOn(rule: HoldRule | undefined, target: string, windows: WindowState): HoldReason | undefined {
  if (!rule) return undefined;
  if (rule.suspend || rule.suspendTargets.has(target)) return 'Suspended';
  return windows.open ? undefined : 'OutsideChangeWindow';
}

/** Suspended outweighs a closed window (it needs a person to end it), and either outweighs none. */
export const strongerHold = (a: HoldReason | undefined, b: HoldReason | undefined): HoldReason | undefined =>
  a === 'Suspended' || b === 'Suspended' ? 'Suspended' : (a ?? b);
