// The built kubectl pointed at a tmc server: a kubeconfig with the server's CA and the admin
// token, a discovery cache of its own, and nothing from the machine's environment.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  /** Runs kubectl; never rejects, the exit code says how it went. */
  run(...argv: string[]): Promise<KubectlRun>;
  /** Runs kubectl and answers its output; rejects with its stderr when it fails. */
  ok(...argv: string[]): Promise<string>;
}

export interface KubectlTarget {
  url: string;
  caFile: string;
  token: string;
  namespace: string;
}

export function kubectlFor(bin: string, dir: string, target: KubectlTarget): Kubectl {
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: tmc',
    `clusters: [{name: tmc, cluster: {server: "${target.url}", certificate-authority: "${target.caFile}"}}]`,
    `users: [{name: admin, user: {token: "${target.token}"}}]`,
    `contexts: [{name: tmc, context: {cluster: tmc, user: admin, namespace: ${target.namespace}}}]`, '',
  ].join('\n'));
  const env = { PATH: process.env.PATH, HOME: dir };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache')];
  const run = (...argv: string[]) => new Promise<KubectlRun>((resolve) => {
    execFile(bin, [...base, ...argv], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
  const ok = async (...argv: string[]) => {
    const result = await run(...argv);
    if (result.code !== 0) throw new Error(`kubectl ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  return { run, ok };
}
