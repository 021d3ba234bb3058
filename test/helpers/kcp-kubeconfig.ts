// A kubeconfig for a kcp nobody serves: enough for a server to set up its kcp mirror, which then
// fails to reach it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function unreachableKcpKubeconfig(dir: string): string {
  const file = join(dir, 'kcp.kubeconfig');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: kcp',
      'clusters: [{name: kcp, cluster: {server: "https://127.0.0.1:1/clusters/root:org"}}]',
      'users: [{name: admin, user: {token: not-a-real-token}}]',
      'contexts: [{name: kcp, context: {cluster: kcp, user: admin}}]',
      '',
    ].join('\n'),
  );
  return file;
}
