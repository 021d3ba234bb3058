// The built kubectl pointed at a tmc server: the admin kubeconfig the server wrote (its CA and
// the admin token), a discovery cache of its own, and nothing from the machine's environment.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

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
  /** The admin.kubeconfig `tmc server` wrote (server, its own CA, the admin token). */
  kubeconfig: string;
  /** The namespace of the copy kubectl runs with. */
  namespace: string;
}

export function kubectlFor(bin: string, dir: string, target: KubectlTarget): Kubectl {
  // A copy with the test's namespace; everything else exactly as the server wrote it.
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const doc = parse(readFileSync(target.kubeconfig, 'utf8'));
  const current = doc.contexts.find((c: { name: string }) => c.name === doc['current-context']);
  current.context.namespace = target.namespace;
  writeFileSync(kubeconfig, stringify(doc), { mode: 0o600 });
  const env = { PATH: process.env.PATH, HOME: dir };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache')];
  const run = (...argv: string[]) =>
    new Promise<KubectlRun>((resolve) => {
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
