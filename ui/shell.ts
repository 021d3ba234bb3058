// The page around the views once logged in: navigation, log out, the unreachable-server banner,
// the live collections every view reads, and the hash routes (#/fleet, #/targets/<name>, #/workloads).
import { PATHS, WORKLOAD_PATHS, session } from './api.js';
import { Collection, type CollectionEvents } from './collection.js';
import type { Context, View } from './context.js';
import { fill, h, tick } from './dom.js';
import { fleetView } from './fleet.js';
import type { Deployment, Placement, SyncTarget, Workload } from './model.js';
import { targetView } from './target.js';
import { workloadsView } from './workloads.js';

const PAGES = [
  ['#/fleet', 'Fleet'],
  ['#/workloads', 'Workloads'],
] as const;

export function startShell(root: HTMLElement, loggedOut: (notice?: string) => void): void {
  const banner = h(
    'div',
    { class: 'banner', role: 'alert', hidden: true },
    'The server cannot be reached. Reconnecting on its own…',
  );
  const status = h('p', { class: 'status', role: 'status' });
  const main = h('main', { id: 'main' });
  const links = PAGES.map(([href, text]) => h('a', { href }, text));
  const logout = h('button', { type: 'button', class: 'secondary' }, 'Log out');
  fill(
    root,
    h(
      'header',
      { class: 'top' },
      h('p', { class: 'brand' }, 'tmc fleet'),
      h(
        'nav',
        { 'aria-label': 'Pages' },
        h(
          'ul',
          {},
          links.map((link) => h('li', {}, link)),
        ),
      ),
      logout,
    ),
    banner,
    status,
    main,
  );

  let view: View | undefined;
  let pending = false;
  const render = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      view?.update();
    });
  };
  const unreachable = new Set<string>();
  const events = (name: string): CollectionEvents => ({
    changed: render,
    reachable: (ok) => {
      if (ok) unreachable.delete(name);
      else unreachable.add(name);
      banner.hidden = unreachable.size === 0;
    },
    unauthorized: () => end('The server no longer accepts your token: log in again.'),
  });
  const context: Context = {
    targets: new Collection<SyncTarget>(PATHS.syncTargets, events('targets'), 10_000).start(),
    deployments: new Collection<Deployment>(PATHS.deployments, events('deployments')).start(),
    workloads: WORKLOAD_PATHS.map((path) => new Collection<Workload>(path, events(path), 2_000, true).start()),
    placements: new Collection<Placement>(PATHS.placements, events('placements')).start(),
    notify: (message) => (status.textContent = message),
  };

  const route = (): void => {
    const target = /^#\/targets\/(.+)$/.exec(location.hash);
    view = target
      ? targetView(context, decodeURIComponent(target[1]!))
      : location.hash === '#/workloads'
        ? workloadsView(context)
        : fleetView(context);
    for (const link of links) {
      const current = link.getAttribute('href') === location.hash || (!target && view.title === link.textContent);
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${view.title} · tmc fleet`;
    status.textContent = '';
    main.replaceChildren(view.element);
    view.update();
  };
  const ticker = setInterval(tick, 1_000);
  const end = (notice?: string): void => {
    clearInterval(ticker);
    window.removeEventListener('hashchange', route);
    for (const collection of [context.targets, context.deployments, context.placements, ...context.workloads]) {
      collection.stop();
    }
    session.end();
    loggedOut(notice);
  };
  logout.addEventListener('click', () => end('You are logged out.'));
  window.addEventListener('hashchange', route);
  route();
}
