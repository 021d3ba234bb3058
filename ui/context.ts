// What every page is given: the live collections and a place to report what an action did.
import type { Collection } from './collection.js';
import type { Deployment, Placement, SyncTarget, Workload } from './model.js';

export interface Context {
  targets: Collection<SyncTarget>;
  deployments: Collection<Deployment>;
  /** StatefulSets, DaemonSets, Jobs and CronJobs, one collection each. */
  workloads: Collection<Workload>[];
  placements: Collection<Placement>;
  /** Says something in the page's status line (read out by screen readers). */
  notify(message: string): void;
}

/** A page: built once when opened, brought up to date on every change. */
export interface View {
  title: string;
  element: HTMLElement;
  update(): void;
}

/** Every workload the page knows of, of every kind it lists. */
export const allWorkloads = (context: Context): Workload[] =>
  [context.deployments, ...context.workloads].flatMap((collection): Workload[] => collection.all);
