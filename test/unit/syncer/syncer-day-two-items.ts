// The objects the day-two policy tests build: a Deployment, and a feed item with a policy.
import type { KubeObject } from '../../../src/schemas/meta.js';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';

export const deployment = (replicas: number | undefined, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name: 'c', image }] } } },
});

export const item = (
  annotations?: Record<string, string>,
  syncPolicy?: FeedItem['metadata']['syncPolicy'],
): FeedItem => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'shop',
    generation: 1,
    ...(annotations ? { annotations } : {}),
    ...(syncPolicy ? { syncPolicy } : {}),
  },
});
