// Two teams on one tmc server, as an admin sets them up: Users made with the built `tmc user
// create` (the token printed once goes into each user's own kubeconfig), RoleBindings applied with
// kubectl, and the server's audit log read back as the JSON lines it wrote.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { tmc } from '../cli/cli-helpers.js';
import { deploymentManifest } from './control-plane.js';
import { type Kubectl, kubectlFor } from './kubectl-env.js';

export interface TeamUser {
  name: string;
  group: string;
  /** The user's own namespace (edit) and the other team's (view). */
  own: string;
  other: string;
  token: string;
  kubectl: Kubectl;
  /** Manifests: web (Deployment), settings (ConfigMap), creds (Secret), intruder (Deployment), edge (SyncTarget). */
  files: Record<'web' | 'settings' | 'creds' | 'intruder' | 'edge', string>;
  /** The Secret's value, which must never reach the audit log. */
  secretValue: string;
}

/** `tmc user create NAME --group GROUP` as the admin, and kubectl with only the printed token. */
export async function teamUser(
  kubectlBin: string,
  dir: string,
  adminKubeconfig: string,
  names: { name: string; group: string; other: string },
): Promise<TeamUser> {
  const { name, group, other } = names;
  const created = await tmc(['user', 'create', name, '--group', group], { env: { KUBECONFIG: adminKubeconfig } });
  if (created.code !== 0) throw new Error(`tmc user create ${name}: ${created.stderr}`);
  const token = created.stdout.trim();
  const doc = parse(readFileSync(adminKubeconfig, 'utf8'));
  for (const entry of doc.users) entry.user = { token };
  const home = join(dir, name);
  mkdirSync(home);
  writeFileSync(join(home, 'source.kubeconfig'), stringify(doc), { mode: 0o600 });
  const kubectl = kubectlFor(kubectlBin, home, { kubeconfig: join(home, 'source.kubeconfig'), namespace: group });
  const secretValue = `s3cret-of-${name}-${Math.random().toString(36).slice(2)}`;
  const manifests = {
    web: deploymentManifest('web', 1, 'nginx:1.27'),
    intruder: deploymentManifest(`${name}-intruder`, 1, 'nginx:1.27'),
    edge: { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: `${name}-edge` } },
    settings: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'a' } },
    creds: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      data: { password: Buffer.from(secretValue).toString('base64') },
    },
  };
  const files = Object.fromEntries(
    Object.entries(manifests).map(([key, manifest]) => {
      const file = join(home, `${key}.yaml`);
      writeFileSync(file, stringify(manifest));
      return [key, file];
    }),
  ) as TeamUser['files'];
  return { name, group, own: group, other, token, kubectl, files, secretValue };
}

const binding = (name: string, role: string, group: string, namespace: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'Group', name: group, apiGroup: 'rbac.authorization.k8s.io' }],
});

/** Each team `edit` in its own namespace and `view` in the other's, as one file for kubectl apply. */
export function bindingsFile(dir: string): string {
  const file = join(dir, 'bindings.yaml');
  const docs = [
    binding('team-a-edit', 'edit', 'team-a', 'team-a'),
    binding('team-b-view', 'view', 'team-b', 'team-a'),
    binding('team-b-edit', 'edit', 'team-b', 'team-b'),
    binding('team-a-view', 'view', 'team-a', 'team-b'),
  ];
  writeFileSync(file, docs.map((doc) => stringify(doc)).join('---\n'));
  return file;
}

/** One audit line as the test compares it. */
export interface Expected {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  code: number;
}

export interface AuditEvent {
  verb: string;
  user: { username: string; groups: string[] };
  objectRef?: { resource: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus: { code: number };
}

export const readAudit = (file: string): { text: string; events: AuditEvent[] } => {
  const text = readFileSync(file, 'utf8');
  const events = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
  return { text, events };
};

/** The self reviews `kubectl auth can-i` sends are writes too, but how many the waits sent varies. */
export const isSelfReview = (event: AuditEvent): boolean =>
  /^selfsubject(access|rules|)reviews$/.test(event.objectRef?.resource ?? '');

/** An audit event reduced to what Expected names, for comparing whole lists. */
export const reduced = (event: AuditEvent): Expected => ({
  verb: event.verb,
  resource: event.objectRef?.resource ?? '',
  ...(event.objectRef?.namespace ? { namespace: event.objectRef.namespace } : {}),
  ...(event.objectRef?.name ? { name: event.objectRef.name } : {}),
  code: event.responseStatus.code,
});
