// kwok plays the kubelet's debugging endpoints too: the apiserver reaches a fake node at its
// InternalIP and kubelet port, where kwok serves containerLogs and exec. Every container's log is
// one file in CRI log format (tests append lines to it), and exec runs the command on this host:
// enough to drive `kubectl logs`/`kubectl exec` and the paths through tmc end to end.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Debugging {
  /** kwok's --config file with the ClusterLogs and ClusterExec rules. */
  config: string;
  /** The log every container of the cluster shows. */
  containerLog: string;
}

/** One line as the kubelet's CRI log files hold it: time, stream, full-line tag, text. */
export const criLogLine = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): string =>
  `${new Date().toISOString()} ${stream} F ${text}\n`;

export function writeDebugging(dir: string): Debugging {
  const containerLog = join(dir, 'container.log');
  writeFileSync(containerLog, criLogLine('container started'));
  const config = join(dir, 'kwok-debugging.yaml');
  writeFileSync(
    config,
    [
      'kind: ClusterLogs',
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'metadata: {name: all-containers}',
      `spec: {logs: [{logsFile: ${JSON.stringify(containerLog)}, follow: true}]}`,
      '---',
      'kind: ClusterExec',
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'metadata: {name: all-containers}',
      `spec: {execs: [{local: {workDir: ${JSON.stringify(dir)}, envs: [{name: IN_FAKE_CONTAINER, value: "yes"}]}}]}`,
      '',
    ].join('\n'),
  );
  return { config, containerLog };
}
