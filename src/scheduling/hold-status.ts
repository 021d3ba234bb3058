// A Placement's Suspended condition: whether it holds changes now (suspend, suspendTargets, or
// outside its change windows), and what waits: each selected object whose held target keeps an
// older generation than the object has, or has not got it at all.
import { transitionTime } from '../lib/conditions.js';
import type { Condition, KubeObject } from '../schemas/meta.js';
import { windowState } from './hold-rules.js';
import type { PlacementRule } from './placement-rules.js';
import { entriesOf } from './status-entries.js';

const SHOWN = 10;
const iso = (ms: number) => new Date(ms).toISOString();

/** "Deployment web on edge-1 (keeps generation 1 of 2)" for each held entry that is behind. */
function waiting(objects: readonly KubeObject[], held: (target: string) => boolean): string[] {
  const lines: string[] = [];
  for (const object of objects) {
    const generation = object.metadata.generation ?? 0;
    for (const entry of entriesOf(object.status)) {
      if (!entry.hold || !held(entry.name)) continue;
      const kept = entry.hold.generation;
      if (kept !== undefined && kept >= generation) continue;
      const what = kept === undefined ? 'not delivered yet' : `keeps generation ${kept} of ${generation}`;
      lines.push(`${object.kind} ${object.metadata.name} on ${entry.name} (${what})`);
    }
  }
  return lines.sort();
}

/** The condition, or undefined for a Placement without suspend, suspendTargets or changeWindows. */
export function suspendedCondition(
  rule: PlacementRule,
  selected: readonly KubeObject[],
  previous: Condition[] | undefined,
  now: number,
): Condition | undefined {
  const hold = rule.hold;
  if (!hold) return undefined;
  const windows = windowState(hold.windows, now);
  const closed = !windows.open;
  const partly = !hold.suspend && !closed && hold.suspendTargets.size > 0;
  const heldOn = (target: string) => hold.suspend || closed || hold.suspendTargets.has(target);
  const reason = hold.suspend || partly ? 'Suspended' : closed ? 'OutsideChangeWindow' : 'InChangeWindow';
  const status = reason === 'InChangeWindow' ? 'False' : 'True';
  const lines = waiting(selected, heldOn);
  const shown = lines.slice(0, SHOWN).join('; ') + (lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '');
  const scope = partly ? `changes are held before ${[...hold.suspendTargets].sort().join(', ')}` : 'changes are held';
  const opening = closed ? 'the next change window opens at' : 'the change window is open until';
  const next = windows.changesAt === undefined || hold.suspend ? '' : `; ${opening} ${iso(windows.changesAt)}`;
  const message =
    status === 'False'
      ? `changes pass${next}`
      : `${scope}${lines.length > 0 ? `, waiting: ${shown}` : ', nothing waits'}${next}`;
  const before = previous?.find((c) => c.type === 'Suspended');
  return {
    type: 'Suspended',
    status,
    reason,
    message,
    lastTransitionTime: transitionTime(before, status, iso(now)),
  };
}
