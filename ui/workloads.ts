// Workloads: per namespace, each Deployment's health over its targets, one cell per placed
// target (with the Overrides that change it there), the Placements that pick it, and its rollout
// while one runs.
import { healthBadge, stateBadge } from './badges.js';
import type { Context, View } from './context.js';
import { fill, h, table, td } from './dom.js';
import { type Deployment, type SyncTargetEntry, healthOf, placementsOf, rollout } from './model.js';

/** The Overrides that change the object on one target, as a quiet note after its state. */
const overridesOf = (entry: SyncTargetEntry): HTMLElement | string =>
  entry.overrides?.length ? h('span', { class: 'muted' }, ` overrides ${entry.overrides.join(', ')}`) : '';

function progress(deployment: Deployment): HTMLElement {
  const running = rollout(deployment);
  if (!running) return h('span', { class: 'muted' }, 'complete');
  const label = `${running.updated} of ${running.wanted} pods updated`;
  return h('span', { class: 'rollout' },
    h('progress', { max: String(running.wanted), value: String(running.updated), 'aria-label': label }), ` ${label}`);
}

export function workloadsView(context: Context): View {
  const body = h('div');
  const element = h('section', { 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title' }, 'Workloads'), body);

  const update = (): void => {
    if (!context.deployments.loaded) return fill(body, h('p', { class: 'empty' }, 'Loading…'));
    const byNamespace = new Map<string, Deployment[]>();
    const sorted = context.deployments.all.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    for (const deployment of sorted) {
      const namespace = deployment.metadata.namespace ?? '';
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), deployment]);
    }
    const placements = context.placements.all;
    const sections = [...byNamespace.keys()].sort().map((namespace) => h('section', { class: 'namespace' },
      h('h3', {}, `Namespace ${namespace}`),
      table(`Deployments in ${namespace}`, ['Deployment', 'Health', 'Targets', 'Placements', 'Rollout'],
        byNamespace.get(namespace)!.map((deployment) => {
          const entries = deployment.status?.syncTargets ?? [];
          const chosenBy = placementsOf(deployment, placements).map((placement) => placement.metadata.name);
          return [
            h('th', { scope: 'row' }, deployment.metadata.name),
            td(healthBadge(healthOf(deployment))),
            td(entries.length === 0 ? h('span', { class: 'muted' }, 'none')
              : h('ul', { class: 'cells' }, entries.map((entry) => h('li', {}, stateBadge(entry), overridesOf(entry))))),
            td(chosenBy.join(', ') || '—'),
            td(progress(deployment)),
          ];
        }), '')));
    fill(body, sections.length > 0 ? sections : h('p', { class: 'empty' }, 'No Deployments yet.'));
  };
  return { title: 'Workloads', element, update };
}
