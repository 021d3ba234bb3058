// The feed items the day-two tests hand the syncer's engine, and a Deployment's image.
import type * as k8s from '@kubernetes/client-node';
import type { FeedItem } from '../../src/syncer/upstream/feed-answer.js';

export type Policy = FeedItem['metadata']['syncPolicy'];
export const meta = (name: string, namespace: string, syncPolicy?: Policy) => ({
  name,
  namespace,
  generation: 1,
  ...(syncPolicy ? { syncPolicy } : {}),
});
export const deployment = (
  ns: string,
  name: string,
  replicas: number,
  image: string,
  syncPolicy?: Policy,
): FeedItem => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, ns, syncPolicy),
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
  },
});
export const image = (d: k8s.V1Deployment) => d.spec?.template.spec?.containers[0]?.image;
