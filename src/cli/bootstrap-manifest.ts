// The downstream manifest `tmc bootstrap` prints: everything one cluster needs to run its
// syncer, least privilege throughout. The ClusterRole is SYNCER_RULES, the same list the
// syncer checks at start: the synced kinds by name, without escalate or bind (permissions.ts
// says why), plus each custom group asked for (--custom-group); the pod runs as the image's
// non-root user with nothing to escalate.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { customGroupRule, EXEC_RULE, SYNCER_RULES } from '../syncer/downstream/permissions.js';

/** The uid and gid of the non-root user in the tmc image (Dockerfile: USER 1000:1000). */
export const SYNCER_USER_ID = 1000;
export const CREDENTIALS_DIR = '/var/run/tmc';
export const DEFAULT_SYNCER_NAMESPACE = 'tmc-system';

export interface BootstrapSettings {
  syncTarget: string;
  image: string;
  /** The URL the syncer reaches the server at, from inside the downstream cluster. */
  serverUrl: string;
  token: string;
  /** PEM of the CA that signed the server's certificate, when it is a private one. */
  caPem?: string;
  namespace: string;
  /** API groups of custom resources the syncer may apply, each granted whole ("example.com"). */
  customGroups?: readonly string[];
  /** False leaves pods/exec out of the ClusterRole (`tmc bootstrap --no-exec`). */
  exec?: boolean;
}

/** `tmc-syncer-<target>`, shortened with a hash when needed: it is also a label value (at most 63). */
export function syncerResourceName(syncTarget: string): string {
  const name = `tmc-syncer-${syncTarget}`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(syncTarget).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/[.-]+$/, '')}-${hash}`;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function bootstrapObjects(settings: BootstrapSettings): Record<string, unknown>[] {
  const name = syncerResourceName(settings.syncTarget);
  const { namespace } = settings;
  const labels = { 'app.kubernetes.io/name': 'tmc-syncer', 'app.kubernetes.io/instance': name };
  const annotations = { 'workload.kcp.io/sync-target': settings.syncTarget };
  const meta = (namespaced: boolean) => ({ name, ...(namespaced ? { namespace } : {}), labels, annotations });
  const args = [
    'syncer',
    '--sync-target-name',
    settings.syncTarget,
    '--server',
    settings.serverUrl,
    '--token-file',
    `${CREDENTIALS_DIR}/token`,
    ...(settings.caPem ? ['--ca-file', `${CREDENTIALS_DIR}/ca.crt`] : []),
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      // The syncer's pod meets the restricted Pod Security level; enforcing it keeps this namespace that way.
      metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(true) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(false),
      rules: [
        ...SYNCER_RULES.map((rule) => ({ ...rule })),
        ...(settings.exec === false ? [] : [{ ...EXEC_RULE }]),
        ...(settings.customGroups ?? []).map(customGroupRule),
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(true),
      type: 'Opaque',
      data: { token: base64(settings.token), ...(settings.caPem ? { 'ca.crt': base64(settings.caPem) } : {}) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(true),
      spec: {
        replicas: 1,
        // Never two syncers of one target at once: both would apply and prune the same objects.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations },
          spec: {
            serviceAccountName: name,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: SYNCER_USER_ID,
              runAsGroup: SYNCER_USER_ID,
              fsGroup: SYNCER_USER_ID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'syncer',
                image: settings.image,
                args,
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
                volumeMounts: [{ name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true }],
              },
            ],
            // Mounted as a directory, not subPath, so a rotated token reaches the running syncer.
            volumes: [{ name: 'credentials', secret: { secretName: name, defaultMode: 0o440 } }],
          },
        },
      },
    },
  ];
}

/** The objects as one multi-document YAML stream, ready for `kubectl apply --server-side -f -`. */
export function bootstrapManifest(settings: BootstrapSettings): string {
  return bootstrapObjects(settings)
    .map((object) => stringify(object, { aliasDuplicateObjects: false }))
    .join('---\n');
}
