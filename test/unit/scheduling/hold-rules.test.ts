// When a Placement holds changes: suspend and suspendTargets, and change windows from CronJob
// schedules (in UTC or a time zone), with the time the answer next changes; the hold an entry
// records when it begins.
import t from 'tap';
import { calendarScheduleError, nextRun, previousRun } from '../../../src/lib/cron.js';
import { holdOn, holdRuleOf, strongerHold, windowState } from '../../../src/scheduling/hold-rules.js';
import { withHold } from '../../../src/scheduling/status-entries.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const weekdayNights = { schedule: '0 22 * * mon-fri', durationMs: 2 * 3_600_000 };

t.test('run times of a schedule, a run at the very instant included', async (t) => {
  t.equal(iso(previousRun('0 22 * * mon-fri', at('2026-12-04T22:00:00Z'))), '2026-12-04T22:00:00.000Z');
  t.equal(
    iso(previousRun('0 22 * * mon-fri', at('2026-12-06T12:00:00Z'))),
    '2026-12-04T22:00:00.000Z',
    'Sunday: Friday',
  );
  t.equal(iso(nextRun('0 22 * * mon-fri', at('2026-12-05T12:00:00Z'))), '2026-12-07T22:00:00.000Z', 'Saturday: Monday');
  t.equal(iso(nextRun('@midnight', at('2026-12-05T12:00:00Z'))), '2026-12-06T00:00:00.000Z');
  t.equal(iso(nextRun('0 9 * * *', at('2026-12-05T12:00:00Z'), 'Europe/Berlin')), '2026-12-06T08:00:00.000Z');
  t.equal(calendarScheduleError('@every 1h'), '@every names no time of day: use five fields or @daily, @weekly...');
  t.equal(calendarScheduleError('0 22 * * mon-fri'), undefined);
  t.ok(calendarScheduleError('0 0 30 2 *'), 'a day that never comes is refused');
});

t.test('a window is open from each run for its duration; the state says when it changes', async (t) => {
  t.same(windowState([weekdayNights], at('2026-12-04T23:00:00Z')), {
    open: true,
    changesAt: at('2026-12-05T00:00:00Z'),
  });
  t.same(windowState([weekdayNights], at('2026-12-05T00:00:00Z')), {
    open: false,
    changesAt: at('2026-12-07T22:00:00Z'),
  });
  t.same(windowState([], at('2026-12-05T00:00:00Z')), { open: true }, 'no windows: always open');
  const noon = { schedule: '0 12 * * *', durationMs: 3_600_000 };
  const state = windowState([weekdayNights, noon], at('2026-12-05T06:00:00Z'));
  t.same(state, { open: false, changesAt: at('2026-12-05T12:00:00Z') }, 'the earliest opening of any window');
  const zoned = windowState([{ ...noon, timeZone: 'America/New_York' }], at('2026-12-05T17:30:00Z'));
  t.same(zoned, { open: true, changesAt: at('2026-12-05T18:00:00Z') }, 'noon in New York is 17:00 UTC in December');
});

t.test('suspend holds every target, suspendTargets the named ones, a closed window all', async (t) => {
  t.equal(holdRuleOf({ syncTargetNames: ['a'] }), undefined, 'nothing set: no rule');
  t.equal(holdRuleOf({ syncTargetNames: ['a'], suspend: false, suspendTargets: [] }), undefined);
  const named = holdRuleOf({ syncTargetNames: ['a', 'b'], suspendTargets: ['b'] });
  t.equal(holdOn(named, 'a', { open: true }), undefined);
  t.equal(holdOn(named, 'b', { open: true }), 'Suspended');
  const all = holdRuleOf({ syncTargetNames: ['a'], suspend: true });
  t.equal(holdOn(all, 'a', { open: false }), 'Suspended', 'suspended outweighs a closed window');
  const windows = holdRuleOf({ syncTargetNames: ['a'], changeWindows: [{ schedule: '@daily', duration: '1h' }] });
  t.same(windows?.windows, [{ schedule: '@daily', durationMs: 3_600_000 }]);
  t.equal(holdOn(windows, 'a', { open: false }), 'OutsideChangeWindow');
  t.equal(holdOn(windows, 'a', { open: true }), undefined);
  t.equal(strongerHold('OutsideChangeWindow', 'Suspended'), 'Suspended');
  t.equal(strongerHold(undefined, 'OutsideChangeWindow'), 'OutsideChangeWindow');
  t.equal(strongerHold(undefined, undefined), undefined);
});

t.test('an entry records the generation it keeps when the hold begins, and keeps it', async (t) => {
  const entry = { name: 'a', state: 'Applied' as const, lastUpdateTime: 'then' };
  const held = withHold(entry, 'Suspended', 3, 'now');
  t.same(held.hold, { reason: 'Suspended', since: 'now', generation: 3 });
  t.equal(withHold(held, 'Suspended', 4, 'later'), held, 'unchanged while it goes on');
  t.same(withHold(held, 'OutsideChangeWindow', 4, 'later').hold, {
    reason: 'OutsideChangeWindow',
    since: 'now',
    generation: 3,
  });
  t.same(withHold(entry, 'Suspended', undefined, 'now').hold, { reason: 'Suspended', since: 'now' }, 'never delivered');
  t.notOk('hold' in withHold(held, undefined, 4, 'later'), 'released');
  t.equal(withHold(entry, undefined, 4, 'later'), entry);
});
