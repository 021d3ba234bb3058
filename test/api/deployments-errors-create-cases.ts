// Deployment creations the API must refuse, each naming the bad fields.
import type { Refusal } from '../helpers/app.js';
import { DEPLOY_PATH, deployment } from '../helpers/workloads.js';

export const spec = (s: Record<string, unknown>) => ({ ...deployment('bad'), spec: s });
export const template = { metadata: { labels: { app: 'bad' } } };
const selector = { matchLabels: { app: 'bad' } };

/** POSTs to the collection, each refused with its Status. */
export const createCases = (): Refusal[] => [
  { title: 'no spec', body: { metadata: { name: 'bad' } }, code: 422, reason: 'Invalid', causes: ['spec'] },
  { title: 'no selector', body: spec({ template }), code: 422, reason: 'Invalid', causes: ['spec.selector'] },
  { title: 'no template', body: spec({ selector }), code: 422, reason: 'Invalid', causes: ['spec.template'] },
  {
    title: 'negative replicas',
    body: spec({ selector, template, replicas: -1 }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'fractional replicas',
    body: spec({ selector, template, replicas: 1.5 }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'replicas as a string',
    body: spec({ selector, template, replicas: '3' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.replicas'],
  },
  {
    title: 'an empty selector',
    body: spec({ selector: {}, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector'],
  },
  {
    title: 'a selector that misses the template labels',
    body: spec({ selector: { matchLabels: { app: 'other' } }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'a template without labels',
    body: spec({ selector, template: {} }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'an unknown selector operator',
    body: spec({ selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['bad'] }] }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchExpressions[0].operator'],
  },
  {
    title: 'In without values',
    body: spec({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchExpressions[0].values'],
  },
  {
    title: 'a bad selector label value',
    body: spec({ selector: { matchLabels: { app: 'no way!' } }, template }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.selector.matchLabels.app'],
  },
  {
    title: 'a bad template label',
    body: spec({ selector, template: { metadata: { labels: { app: 'bad', 'bad key': 'x' } } } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.metadata.labels'],
  },
  {
    title: 'a template spec that is not an object',
    body: spec({ selector, template: { ...template, spec: 'pods' } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.template.spec'],
  },
  {
    title: 'a bad name',
    body: { ...deployment('bad'), metadata: { name: 'Bad_Name', labels: { app: 'bad' } } },
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.name'],
  },
  {
    title: 'a bad namespace in the path',
    url: DEPLOY_PATH('Not_A_Namespace'),
    body: deployment('bad'),
    code: 422,
    reason: 'Invalid',
    causes: ['metadata.namespace'],
  },
  {
    title: 'another namespace in the body',
    body: { ...deployment('bad'), metadata: { name: 'bad', namespace: 'elsewhere', labels: { app: 'bad' } } },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'a wrong apiVersion',
    body: { ...deployment('bad'), apiVersion: 'extensions/v1beta1' },
    code: 400,
    reason: 'BadRequest',
  },
  { title: 'a wrong kind', body: { ...deployment('bad'), kind: 'StatefulSet' }, code: 400, reason: 'BadRequest' },
  { title: 'an existing name', body: deployment('web'), code: 409, reason: 'AlreadyExists' },
  { title: 'malformed JSON', options: { rawBody: '{"metadata":' }, code: 400, reason: 'BadRequest' },
  {
    title: 'text/plain',
    options: { rawBody: 'kind: Deployment', contentType: 'text/plain' },
    code: 415,
    reason: 'UnsupportedMediaType',
  },
];
