// Workloads: per namespace, each workload (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs)
// with its health over its targets, one cell per placed target (with the Overrides that change
// it there), the Placements that pick it, and a Deployment's rollout while one runs.
import { healthBadge, stateBadge } from './badges.js';
import type { Context, View } from './context.js';
import { fill, h, table, td } from './dom.js';
import { type Deployment, type SyncTargetEntry, type Workload, healthOf, placementsOf, rollout } from './model.js';

/** The Overrides that change the object on one target, as a quiet note after its state. */
const overridesOf = (entry: SyncTargetEntry): HTMLElement | string =>
  entry.overrides?.length ? h('span', { class: 'muted' }, ` overrides ${entry.overrides.join(', ')}`) : '';

function progress(workload: Workload): HTMLElement | string {
  if (workload.kind !== 'Deployment') return '—';
  const running = rollout(workload as Deployment);
  if (!running) return h('span', { class: 'muted' }, 'complete');
  const label = `${running.updated} of ${running.wanted} pods updated`;
  return h(
    'span',
    { class: 'rollout' },
    h('progress', { max: String(running.wanted), value: String(running.updated), 'aria-label': label }),
    ` ${label}`,
  );
}

export function workloadsView(context: Context): View {
  const body = h('div');
  const element = h('section', { 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title' }, 'Workloads'), body);
  const collections = [context.deployments, ...context.workloads];

  const update = (): void => {
    if (!collections.every((collection) => collection.loaded))
      return fill(body, h('p', { class: 'empty' }, 'Loading…'));
    const byNamespace = new Map<string, Workload[]>();
    const sorted = collections
      .flatMap((collection): Workload[] => collection.all)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name) || a.kind.localeCompare(b.kind));
    for (const workload of sorted) {
      const namespace = workload.metadata.namespace ?? '';
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), workload]);
    }
    const placements = context.placements.all;
    const sections = [...byNamespace.keys()].sort().map((namespace) =>
      h(
        'section',
        { class: 'namespace' },
        h('h3', {}, `Namespace ${namespace}`),
        table(
          `Workloads in ${namespace}`,
          ['Workload', 'Kind', 'Health', 'Targets', 'Placements', 'Rollout'],
          byNamespace.get(namespace)!.map((workload) => {
            const entries = workload.status?.syncTargets ?? [];
            const chosenBy = placementsOf(workload, placements).map((placement) => placement.metadata.name);
            return [
              h('th', { scope: 'row' }, workload.metadata.name),
              td(workload.kind),
              td(healthBadge(healthOf(workload))),
              td(
                entries.length === 0
                  ? h('span', { class: 'muted' }, 'none')
                  : h(
                      'ul',
                      { class: 'cells' },
                      entries.map((entry) => h('li', {}, stateBadge(entry), overridesOf(entry))),
                    ),
              ),
              td(chosenBy.join(', ') || '—'),
              td(progress(workload)),
            ];
          }),
          '',
        ),
      ),
    );
    fill(body, sections.length > 0 ? sections : h('p', { class: 'empty' }, 'No workloads yet.'));
  };
  return { title: 'Workloads', element, update };
}
