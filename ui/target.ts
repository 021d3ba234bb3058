// One SyncTarget: its state, its conditions and Ready over time (status.conditionHistory, kept
// by the server), what is placed on it with each object's state there, and its agent tokens.
import { chips, readyBadge, stateBadge } from './badges.js';
import { type Context, type View, allWorkloads } from './context.js';
import { cordonButton } from './cordon.js';
import { fill, h, since, table, td } from './dom.js';
import { type SyncTarget, cordoned, labelText, placedOn, readyText, resources } from './model.js';
import { tokensSection } from './tokens.js';

const READY_WORDS = { True: 'Ready', False: 'Not ready', Unknown: 'Unknown' } as const;

/** Ready's transitions, newest first: a badge in words, the reason and when. */
function timeline(target: SyncTarget): HTMLElement {
  const history = [...(target.status?.conditionHistory ?? [])].reverse();
  if (history.length === 0) return h('p', { class: 'empty' }, 'No transition recorded.');
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Ready transitions, newest first' },
    history.map((entry) => {
      const word = READY_WORDS[entry.status];
      return h(
        'li',
        {},
        h('span', { class: `badge ready-${word.toLowerCase().replace(' ', '-')}` }, word),
        ' ',
        h('span', { class: 'reason' }, entry.reason ?? ''),
        ' ',
        h('time', { datetime: entry.time, title: entry.time }, new Date(entry.time).toLocaleString()),
        ' (',
        since(entry.time),
        ')',
      );
    }),
  );
}

function facts(target: SyncTarget, context: Context): HTMLElement {
  const status = target.status;
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  return h(
    'dl',
    { class: 'facts' },
    row('Ready', readyBadge(target)),
    row('Last heartbeat', since(status?.lastSyncerHeartbeatTime)),
    row('Cordoned', cordoned(target) ? 'Yes' : 'No', ' ', cordonButton(target, context)),
    row('Labels', chips(labelText(target.metadata.labels))),
    row('Capacity', resources(status?.capacity)),
    row('Allocatable', resources(status?.allocatable)),
    row('Syncer version', status?.syncerVersion ?? '—'),
    row('Kubernetes version', status?.kubernetesVersion ?? '—'),
  );
}

export function targetView(context: Context, name: string): View {
  const body = h('div');
  const element = h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('p', {}, h('a', { href: '#/fleet' }, '← Fleet')),
    h('h2', { id: 'page-title' }, `SyncTarget ${name}`),
    body,
    tokensSection(name, context),
  );

  const update = (): void => {
    if (!context.targets.loaded) return fill(body, h('p', { class: 'empty' }, 'Loading…'));
    const target = context.targets.all.find((candidate) => candidate.metadata.name === name);
    if (!target) return fill(body, h('p', { class: 'empty' }, `There is no SyncTarget named ${name}.`));
    const conditions = (target.status?.conditions ?? []).map((c) => [
      h('th', { scope: 'row' }, c.type),
      td(c.status),
      td(c.reason ?? ''),
      td(c.message ?? ''),
      td(since(c.lastTransitionTime)),
    ]);
    const placed = placedOn(name, allWorkloads(context)).map(({ workload, entry }) => [
      h('th', { scope: 'row' }, `${workload.metadata.namespace}/${workload.metadata.name}`),
      td(workload.kind),
      td(stateBadge(entry, false)),
      td(readyText(workload, entry)),
      td(entry.message ?? ''),
      td(since(entry.lastUpdateTime)),
    ]);
    fill(
      body,
      facts(target, context),
      h('h3', {}, 'Conditions'),
      table('Conditions', ['Type', 'Status', 'Reason', 'Message', 'Changed'], conditions, 'No conditions reported.'),
      h('h3', {}, 'Ready over time'),
      timeline(target),
      h('h3', {}, 'Placed here'),
      table(
        'Workloads placed on this target',
        ['Workload', 'Kind', 'State', 'Ready', 'Message', 'Updated'],
        placed,
        'Nothing is placed here.',
      ),
    );
  };
  return { title: `SyncTarget ${name}`, element, update };
}
