// Health read from conditions: a CustomResourceDefinition's own (Established, NamesAccepted),
// and, for a kind without a rule of its own (a custom resource), the Ready condition most
// controllers write, or else Available, as kstatus reads them. A kind with neither is
// healthy when it exists: a ConfigMap has nothing more to become.
import type { Health } from '../../schemas/health.js';
import { condition, degraded, healthy, type ObservedObject, progressing, record, text } from './fields.js';

// The verdict's limits (schemas/health.ts): a controller's condition may say more than that.
const clip = (value: string | undefined, max: number): string | undefined =>
  value === undefined || value.length <= max ? value : `${value.slice(0, max - 1)}…`;
const reasonOf = (c: Record<string, unknown>, fallback: string): string => clip(text(c.reason), 128) ?? fallback;
const messageOf = (c: Record<string, unknown>): string | undefined => clip(text(c.message), 1024);

export function definitionHealth(object: ObservedObject): Health {
  const status = record(object.status);
  const established = condition(status, 'Established');
  if (established?.status === 'True') return healthy('Established', 'the API server serves its kind');
  // Another definition holds its names (plural, kind, short names): it never gets served as it is.
  const names = condition(status, 'NamesAccepted');
  if (names?.status === 'False') return degraded(reasonOf(names, 'NamesNotAccepted'), messageOf(names));
  const waiting = 'waiting for the API server to establish it';
  if (!established) return progressing('NotEstablished', waiting);
  return progressing(reasonOf(established, 'NotEstablished'), messageOf(established) ?? waiting);
}

/** Ready, else Available; healthy "Exists" when the kind writes neither. */
export function conditionHealth(object: ObservedObject): Health {
  const status = record(object.status);
  const type = condition(status, 'Ready') ? 'Ready' : 'Available';
  const found = condition(status, type);
  if (!found) return healthy('Exists', 'present in the cluster');
  // A verdict on an older spec says nothing about this one (metav1.Condition's observedGeneration).
  const generation = object.metadata?.generation;
  if (
    typeof found.observedGeneration === 'number' &&
    generation !== undefined &&
    found.observedGeneration < generation
  ) {
    return progressing('NotObserved', `the ${type} condition is about generation ${found.observedGeneration}`);
  }
  if (found.status === 'True') return healthy(reasonOf(found, type), messageOf(found));
  if (found.status === 'False') return degraded(reasonOf(found, `Not${type}`), messageOf(found));
  return progressing(reasonOf(found, `${type}Unknown`), messageOf(found));
}
