// What the server checks of a Placement's change windows beyond their schema: a schedule of
// calendar times in a CronJob's syntax, a duration, and a time zone this server knows. A window
// that could never open is refused rather than holding changes forever.
import { calendarScheduleError, isTimeZone } from '../../lib/cron.js';
import { parseDuration } from '../../lib/duration.js';
import { type Cause, invalid } from '../../lib/validation.js';
import type { ChangeWindow } from '../../schemas/change-hold.js';

const MAX_DURATION_MS = 7 * 24 * 3_600_000;

function durationCause(field: string, text: string): Cause | undefined {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    return invalid(field, text, (error as Error).message);
  }
  if (ms < 60_000 || ms > MAX_DURATION_MS) return invalid(field, text, 'must be from 1m to 168h (7 days)');
  return undefined;
}

export function validateChangeWindows(windows: readonly ChangeWindow[] | undefined): Cause[] {
  return (windows ?? []).flatMap((window, i) => {
    const field = `spec.changeWindows[${i}]`;
    const scheduleError = calendarScheduleError(window.schedule);
    const zoneKnown = window.timeZone === undefined || isTimeZone(window.timeZone);
    return [
      ...(scheduleError ? [invalid(`${field}.schedule`, window.schedule, scheduleError)] : []),
      ...[durationCause(`${field}.duration`, window.duration)].filter((c) => c !== undefined),
      ...(zoneKnown ? [] : [invalid(`${field}.timeZone`, window.timeZone!, 'unknown time zone: use an IANA name')]),
    ];
  });
}
