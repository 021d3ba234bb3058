// The fleet: every SyncTarget, trouble first, filtered by a label selector.
import { parseSelector, matches, type Requirement } from '../src/lib/label-selector.js';
import { chips, readyBadge } from './badges.js';
import { type Context, type View, allWorkloads } from './context.js';
import { cordonButton } from './cordon.js';
import { fill, h, since, table, td } from './dom.js';
import { byTrouble, cordoned, labelText, placedOn, readiness, resources } from './model.js';

const COLUMNS = ['Name', 'Ready', 'Last heartbeat', 'Labels', 'Cordoned', 'Capacity', 'Placed', 'Actions'];

export function fleetView(context: Context): View {
  const input = h('input', {
    id: 'selector',
    type: 'search',
    placeholder: 'env=prod,region in (eu,us)',
    'aria-describedby': 'selector-error',
    autocomplete: 'off',
    spellcheck: 'false',
  }) as HTMLInputElement;
  const problem = h('p', { id: 'selector-error', class: 'error', 'aria-live': 'polite' });
  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const list = h('div', { id: 'fleet' });
  const element = h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h2', { id: 'page-title' }, 'Fleet'),
    h(
      'form',
      { class: 'filter', role: 'search', onsubmit: (event: Event) => event.preventDefault() },
      h('label', { for: 'selector' }, 'Label selector'),
      input,
      problem,
    ),
    summary,
    list,
  );

  const selected = (): Requirement[] | undefined => {
    try {
      problem.textContent = '';
      return parseSelector(input.value);
    } catch (error) {
      problem.textContent = `Not a label selector: ${error instanceof Error ? error.message : error}`;
      return undefined;
    }
  };

  const update = (): void => {
    if (!context.targets.loaded) return fill(list, h('p', { class: 'empty' }, 'Loading…'));
    const requirements = selected();
    const targets = context.targets.all
      .filter((target) => requirements !== undefined && matches(requirements, target.metadata.labels))
      .sort(byTrouble);
    const workloads = allWorkloads(context);
    const notReady = targets.filter((target) => readiness(target) !== 'Ready').length;
    summary.textContent =
      `${targets.length} of ${context.targets.items.size} SyncTargets shown: ` +
      `${targets.length - notReady} ready, ${notReady} not ready, ${targets.filter(cordoned).length} cordoned.`;
    const rows = targets.map((target) => {
      const name = target.metadata.name;
      return [
        h('th', { scope: 'row' }, h('a', { href: `#/targets/${encodeURIComponent(name)}` }, name)),
        td(readyBadge(target)),
        td(since(target.status?.lastSyncerHeartbeatTime)),
        td(chips(labelText(target.metadata.labels))),
        td(cordoned(target) ? h('span', { class: 'badge cordoned' }, 'Cordoned') : 'No'),
        td(resources(target.status?.capacity)),
        td(String(placedOn(name, workloads).length)),
        td(cordonButton(target, context)),
      ];
    });
    fill(list, table('SyncTargets, trouble first', COLUMNS, rows, 'No SyncTarget matches.'));
  };
  input.addEventListener('input', update);
  return { title: 'Fleet', element, update };
}
