// Custom resources wait for their CustomResourceDefinition. The feed carries a custom kind's
// definition first in apply order, but applying it is not enough: the API server serves the kind
// once the definition is Established and its discovery lists it, a moment later, and until then
// the REST mapper finds no such kind. An object whose definition the feed carries waits for it
// instead of failing with back-off: its report says what it waits for (not an Error), and the
// watch event that shows the definition Established wakes it at once, with the mapper told to read
// that group's discovery again (it would otherwise wait out its minimum refresh interval).
import { progressing } from '../../lib/health/fields.js';
import { interpretHealth } from '../../lib/health/index.js';
import { DEFINITION_KIND, groupKind } from '../../schemas/apply-order.js';
import type { KubeObject } from '../../schemas/meta.js';
import type { RestMapper } from '../downstream/rest-mapper.js';
import type { FeedItem } from '../upstream/feed-answer.js';
import { errorReport, type StatusReport, waitingReport } from '../upstream/status-report.js';
import type { ReportSink } from '../upstream/status-reporter.js';
import { keyOf } from '../types.js';
import type { DesiredState } from './desired-state.js';
import { definedKind } from './defined-kind.js';

// The Established event wakes a waiting object; these re-checks are the safety net (a definition
// that is not the agent's, a missed event), less often the longer it has waited.
const MIN_RECHECK_MS = 1_000;
const MAX_RECHECK_MS = 30_000;
// Established but not yet in discovery: a moment more. Discovery is read at most this often then,
// however many objects wait.
const SERVED_RECHECK_MS = 500;
// A definition is usually Established within a second: so short a wait is not reported (the entry
// stays Pending upstream), so an entry does not flash Progressing on every new custom kind.
const REPORT_AFTER_MS = 1_500;

const isDefinitionKey = (key: string): boolean => key.startsWith(`${DEFINITION_KIND}/`);

export interface DefinitionDeps {
  desired: DesiredState;
  owned: { get(key: string): KubeObject | undefined };
  mapper: Pick<RestMapper, 'expire'>;
  /** Queues a key at once. */
  wake: (key: string) => void;
  now?: () => number;
}

/** How an object whose kind is not served yet waits: what to report (nothing during a short wait), and how long. */
export interface Wait {
  report?: StatusReport;
  delayMs: number;
}

export class DefinitionWaits {
  /** By the key of a waiting object: the key of the definition it waits for, and since when. */
  private readonly waits = new Map<string, { definition: string; since: number }>();
  /** By definition key: when a waiting object last had its versions expired in the mapper. */
  private readonly expired = new Map<string, number>();
  /** By definition key: why it failed, from its last report (the server takes none on definitions). */
  private readonly failures = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly deps: DefinitionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The resource of a kind a desired definition defines, for the reports of objects that wait for it. */
  resourceOf(kind: string): string | undefined {
    const definition = this.deps.desired.definitionOf(kind);
    return definition && definedKind(definition.item)?.resource;
  }

  /** The kind of `item` is not served downstream: how it waits, or undefined when no desired definition defines it. */
  wait(key: string, item: FeedItem, current?: KubeObject): Wait | undefined {
    const definition = this.deps.desired.definitionOf(groupKind(item.apiVersion, item.kind));
    if (!definition) {
      this.waits.delete(key);
      return undefined;
    }
    const { name } = definition.item.metadata;
    const definitionKey = keyOf(DEFINITION_KIND, '', name);
    const now = this.now();
    const previous = this.waits.get(key);
    const since = previous?.definition === definitionKey ? previous.since : now;
    this.waits.set(key, { definition: definitionKey, since });
    const recheck = Math.min(MAX_RECHECK_MS, Math.max(MIN_RECHECK_MS, (now - since) / 2));
    const problem = this.problem(definitionKey);
    if (problem) {
      const message = `its CustomResourceDefinition ${name} ${problem}`;
      return { report: errorReport(item.metadata.generation, message, current), delayMs: recheck };
    }
    const downstream = this.deps.owned.get(definitionKey);
    const established = downstream !== undefined && interpretHealth(downstream).state === 'Healthy';
    // Established, yet discovery does not list the kind: a moment more, with discovery read afresh
    // at most once per SERVED_RECHECK_MS however many objects wait.
    const lastExpired = this.expired.get(definitionKey) ?? Number.NEGATIVE_INFINITY;
    if (established && now - lastExpired >= SERVED_RECHECK_MS) {
      this.expired.set(definitionKey, now);
      this.expire(downstream);
    }
    const delayMs = established ? SERVED_RECHECK_MS : recheck;
    if (now - since < REPORT_AFTER_MS) return { delayMs };
    const message = established
      ? `CustomResourceDefinition ${name} is established: waiting for API discovery to list ${item.kind}`
      : `waiting for CustomResourceDefinition ${name} to be established`;
    return { report: waitingReport(progressing('WaitingForDefinition', message), current), delayMs };
  }

  /** Why a definition cannot become Established as it is: its apply failed, or its names are taken. */
  private problem(definitionKey: string): string | undefined {
    const failure = this.failures.get(definitionKey);
    if (failure !== undefined) return `is not applied downstream: ${failure}`;
    const downstream = this.deps.owned.get(definitionKey);
    const health = downstream && interpretHealth(downstream);
    return health?.state === 'Degraded'
      ? `cannot be established downstream: ${health.message ?? health.reason}`
      : undefined;
  }

  /** `key` waits no more: its kind is served, or it is no longer placed here. */
  done(key: string): void {
    this.waits.delete(key);
  }

  /** An owned object changed: a definition now Established has its versions read afresh and wakes what waits for it. */
  observe(key: string, object: KubeObject | undefined): void {
    if (!object || !isDefinitionKey(key) || interpretHealth(object).state !== 'Healthy') return;
    // Not counted against the re-reads of waiting objects: the wake-up below spends this one at once.
    this.expire(object);
    for (const [waiting, { definition }] of this.waits) if (definition === key) this.deps.wake(waiting);
  }

  /**
   * The reporter as the reconciler sees it. A definition's reports stay here: the server keeps no
   * entry for one on the target (it is carried along with its custom resources, not placed), and
   * its failure is what the objects waiting for it report.
   */
  reports(sink: ReportSink): ReportSink {
    return {
      set: (key, report) => {
        if (!isDefinitionKey(key)) return sink.set(key, report);
        if (report.state === 'Error') this.failures.set(key, report.message ?? report.health.reason);
        else this.failures.delete(key);
      },
      forget: (key) => {
        if (!isDefinitionKey(key)) return sink.forget(key);
        this.failures.delete(key);
        this.expired.delete(key);
      },
    };
  }

  /** The next miss in each version of `definition` reads discovery again. */
  private expire(definition: KubeObject): void {
    for (const apiVersion of definedKind(definition)?.apiVersions ?? []) this.deps.mapper.expire(apiVersion);
  }
}
