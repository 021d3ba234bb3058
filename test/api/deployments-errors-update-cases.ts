// Deployment updates and deletes the API must refuse, against the existing Deployment web.
import type { Refusal } from '../helpers/app.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';

export const ITEM = `${DEPLOY_PATH()}/web`;

/** Requests against web (its `current` body and a `staleVersion`), each refused with its Status. */
export const updateCases = (current: any, staleVersion: string): Refusal[] => [
  {
    title: 'PUT with a stale resourceVersion',
    method: 'PUT',
    url: ITEM,
    body: {
      ...current,
      metadata: { ...current.metadata, resourceVersion: staleVersion },
      spec: { ...current.spec, replicas: 2 },
    },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'PUT breaking the selector match',
    method: 'PUT',
    url: ITEM,
    body: { ...current, spec: { ...current.spec, selector: { matchLabels: { app: 'x' } } } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'PUT of a missing Deployment',
    method: 'PUT',
    url: `${DEPLOY_PATH()}/nope`,
    body: { ...current, metadata: { ...current.metadata, name: 'nope' } },
    code: 404,
    reason: 'NotFound',
  },
  {
    title: 'PATCH to negative replicas',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { replicas: -3 } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'PATCH removing the selector',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { selector: null } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector'],
  },
  {
    title: 'PATCH as application/json',
    method: 'PATCH',
    url: ITEM,
    body: { spec: {} },
    options: { contentType: 'application/json' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
  {
    title: 'DELETE with a wrong uid precondition',
    method: 'DELETE',
    url: ITEM,
    body: { preconditions: { uid: 'other' } },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'DELETE of a missing Deployment',
    method: 'DELETE',
    url: `${DEPLOY_PATH()}/nope`,
    code: 404,
    reason: 'NotFound',
  },
  { title: 'no token', body: deployment('bad'), options: { token: null }, code: 401, reason: 'Unauthorized' },
];
