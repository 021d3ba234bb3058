// Writes kubeconfig files for the admin and for each component.
//
// The CA is embedded (certificate-authority-data) rather than referenced by path, so a
// kubeconfig copied elsewhere keeps working for as long as the cluster runs. Strings are
// written as JSON strings, which are valid YAML double-quoted scalars: no YAML library
// is needed and no value can break the document.
import { readFileSync, writeFileSync } from 'node:fs';
import type { ClientIdentity } from './credentials.js';

export interface KubeconfigInput {
  server: string;
  caFile: string;
  identity: ClientIdentity;
  clusterName?: string;
}

export function kubeconfigYaml({ server, caFile, identity, clusterName = 'tmc-test' }: KubeconfigInput): string {
  const q = (s: string): string => JSON.stringify(s);
  const caData = readFileSync(caFile).toString('base64');
  const user = identity.user.replace(/^system:/, '');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(clusterName)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${q(caData)}`,
    'users:',
    `- name: ${q(user)}`,
    '  user:',
    `    token: ${q(identity.token)}`,
    'contexts:',
    `- name: ${q(clusterName)}`,
    '  context:',
    `    cluster: ${q(clusterName)}`,
    `    user: ${q(user)}`,
    '    namespace: "default"',
    `current-context: ${q(clusterName)}`,
    '',
  ].join('\n');
}

export function writeKubeconfig(path: string, input: KubeconfigInput): string {
  writeFileSync(path, kubeconfigYaml(input), { mode: 0o600 });
  return path;
}
