// Cordon and uncordon (spec.unschedulable, a merge patch), each after a confirmation.
import { PATHS, mergePatch } from './api.js';
import { confirmAction } from './confirm.js';
import type { Context } from './context.js';
import { h } from './dom.js';
import { type SyncTarget, cordoned } from './model.js';

async function toggle(target: SyncTarget, context: Context): Promise<void> {
  const name = target.metadata.name;
  const cordon = !cordoned(target);
  const confirmed = await confirmAction(
    `${cordon ? 'Cordon' : 'Uncordon'} ${name}?`,
    cordon
      ? 'No new Deployments will be placed on it. What already runs there stays.'
      : 'New Deployments may be placed on it again.',
    cordon ? 'Cordon' : 'Uncordon',
  );
  if (!confirmed) return;
  try {
    await mergePatch(`${PATHS.syncTargets}/${encodeURIComponent(name)}`, { spec: { unschedulable: cordon } });
    context.notify(`${name} is ${cordon ? 'cordoned' : 'no longer cordoned'}.`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    context.notify(`Could not ${cordon ? 'cordon' : 'uncordon'} ${name}: ${why}`);
  }
}

export function cordonButton(target: SyncTarget, context: Context): HTMLElement {
  const action = cordoned(target) ? 'Uncordon' : 'Cordon';
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': `${action} ${target.metadata.name}`,
      onclick: () => void toggle(target, context),
    },
    action,
  );
}
