// The cron schedule syntax batch/v1 CronJobs take (robfig/cron's standard parser, which
// Kubernetes uses): five fields, or a macro. Checked when the CronJob is written, so a typo is
// refused here rather than only by each downstream cluster. The run times (change windows of
// Placements) come from cron-parser, which reads the same syntax (day of month OR day of week).
import { CronExpressionParser } from 'cron-parser';
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

function value(text: string, rule: FieldRule): number | undefined {
  const named = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + rule.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= rule.min && n <= rule.max ? n : undefined;
}

function rangeOk(part: string, rule: FieldRule): boolean {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined) return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return false;
  if (range === '*' || range === '?') return true;
  const [low, high, more] = range.split('-');
  if (more !== undefined) return false;
  const from = value(low ?? '', rule);
  if (from === undefined) return false;
  if (high === undefined) return true;
  const to = value(high, rule);
  return to !== undefined && from <= to;
}

/** What is wrong with a schedule, or undefined when it is valid. */
export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    if (MACROS.has(trimmed)) return undefined;
    if (/^@every \d+(\.\d+)?(ns|us|µs|ms|s|m|h)(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))*$/.test(trimmed)) return undefined;
    return `unknown macro: use one of ${[...MACROS].join(', ')} or @every <duration>`;
  }
  // Kubernetes refuses TZ= and CRON_TZ= in the schedule: spec.timeZone says it instead.
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'a time zone in the schedule is not supported: set spec.timeZone';
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const rule = FIELDS[i]!;
    if (!field.split(',').every((part) => rangeOk(part, rule))) {
      return `the ${rule.name} field must be *, a value from ${rule.min} to ${rule.max}, a range or a list of them`;
    }
  }
  return undefined;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** robfig/cron's @midnight is @daily; cron-parser knows only the latter. */
const calendar = (schedule: string): string => (schedule.trim() === '@midnight' ? '@daily' : schedule.trim());

/** What is wrong with a schedule of calendar times (a change window's), or undefined when it is valid. */
export function calendarScheduleError(schedule: string): string | undefined {
  const error = cronScheduleError(schedule);
  if (error) return error;
  // @every counts from whenever a process started: no calendar time at all.
  if (schedule.trim().startsWith('@every')) return '@every names no time of day: use five fields or @daily, @weekly...';
  try {
    CronExpressionParser.parse(calendar(schedule), { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// Schedules are checked when written (calendarScheduleError): a failure here is a schedule with no
// run within cron-parser's reach (e.g. 30 February), which never opens a window.
const runs = (schedule: string, at: number, timeZone: string | undefined) =>
  CronExpressionParser.parse(calendar(schedule), { currentDate: new Date(at), tz: timeZone ?? 'UTC' });

/** The latest time at or before `at` (ms) when the schedule runs; undefined when there is none. */
export function previousRun(schedule: string, at: number, timeZone?: string): number | undefined {
  try {
    // prev() is strictly before its start: a run at exactly `at` counts too.
    return runs(schedule, at + 1, timeZone)
      .prev()
      .getTime();
  } catch {
    return undefined;
  }
}

/** The first time after `at` (ms) when the schedule runs; undefined when there is none. */
export function nextRun(schedule: string, at: number, timeZone?: string): number | undefined {
  try {
    return runs(schedule, at, timeZone).next().getTime();
  } catch {
    return undefined;
  }
}
