// One SyncTarget: its state, its conditions (with the changes seen while the page is open), and
// what is placed on it with each object's state there.
import { chips, readyBadge, stateBadge } from './badges.js';
import type { Context, View } from './context.js';
import { cordonButton } from './cordon.js';
import { fill, h, since, table, td } from './dom.js';
import { type SyncTarget, cordoned, labelText, placedOn, resources } from './model.js';

interface Seen {
  at: string;
  text: string;
}

const conditionsText = (target: SyncTarget): string =>
  (target.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ');

function facts(target: SyncTarget, context: Context): HTMLElement {
  const status = target.status;
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  return h('dl', { class: 'facts' },
    row('Ready', readyBadge(target)),
    row('Last heartbeat', since(status?.lastSyncerHeartbeatTime)),
    row('Cordoned', cordoned(target) ? 'Yes' : 'No', ' ', cordonButton(target, context)),
    row('Labels', chips(labelText(target.metadata.labels))),
    row('Capacity', resources(status?.capacity)),
    row('Allocatable', resources(status?.allocatable)),
    row('Syncer version', status?.syncerVersion ?? '—'),
    row('Kubernetes version', status?.kubernetesVersion ?? '—'));
}

export function targetView(context: Context, name: string): View {
  const body = h('div');
  const element = h('section', { 'aria-labelledby': 'page-title' },
    h('p', {}, h('a', { href: '#/fleet' }, '← Fleet')), h('h2', { id: 'page-title' }, `SyncTarget ${name}`), body);
  const history: Seen[] = [];

  const update = (): void => {
    if (!context.targets.loaded) return fill(body, h('p', { class: 'empty' }, 'Loading…'));
    const target = context.targets.all.find((candidate) => candidate.metadata.name === name);
    if (!target) return fill(body, h('p', { class: 'empty' }, `There is no SyncTarget named ${name}.`));
    const now = conditionsText(target);
    if (history[0]?.text !== now) history.unshift({ at: new Date().toISOString(), text: now || 'no conditions' });
    const conditions = (target.status?.conditions ?? []).map((c) => [
      h('th', { scope: 'row' }, c.type), td(c.status), td(c.reason ?? ''), td(c.message ?? ''),
      td(since(c.lastTransitionTime)),
    ]);
    const placed = placedOn(name, context.deployments.all).map(({ deployment, entry }) => [
      h('th', { scope: 'row' }, `${deployment.metadata.namespace}/${deployment.metadata.name}`),
      td(stateBadge(entry, false)),
      td(`${entry.readyReplicas ?? 0}/${deployment.spec.replicas}`),
      td(entry.message ?? ''),
      td(since(entry.lastUpdateTime)),
    ]);
    fill(body,
      facts(target, context),
      h('h3', {}, 'Conditions'),
      table('Conditions', ['Type', 'Status', 'Reason', 'Message', 'Changed'], conditions, 'No conditions reported.'),
      h('h3', {}, 'Changes seen while this page is open'),
      h('ol', { class: 'history' }, history.map((seen) => h('li', {}, since(seen.at), ': ', seen.text))),
      h('h3', {}, 'Placed here'),
      table('Deployments placed on this target', ['Deployment', 'State', 'Ready', 'Message', 'Updated'], placed,
        'Nothing is placed here.'));
  };
  return { title: `SyncTarget ${name}`, element, update };
}
