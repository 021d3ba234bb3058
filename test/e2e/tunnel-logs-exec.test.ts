// Logs and exec of a cluster's pods through the control plane, all real: `tmc server` over HTTPS,
// `tmc syncer` with its reverse tunnel, and the test cluster, whose fake nodes' kubelet endpoints
// kwok serves (every container's log is one file this test appends to; exec runs the command on
// this host with IN_FAKE_CONTAINER=yes set, which shows it went all the way). Both through the
// tmc CLI and through the real kubectl pointed at the target's proxy. kwok reports a command that
// failed as an error naming its exit status, not as the exit code a kubelet gives.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import t from 'tap';
import { criLogLine } from '../cluster/debugging.js';
import { e2eCluster } from '../cluster/e2e-env.js';
import { TMC_BIN, runTmc } from '../helpers/server-process.js';
import { kubectlFor } from './kubectl-env.js';
import { kubectlOrSkip } from './kubectl-tmc.js';
import { ControlPlane, downstream, startSyncer, suffix, until, waitDownstream } from './syncer-helpers.js';

const cluster = e2eCluster(t);
const kubectlBin = cluster?.containerLog ? await kubectlOrSkip(t) : undefined;
if (cluster?.containerLog && kubectlBin) {
  t.setTimeout(600_000);
  const { containerLog } = cluster;
  const ns = `tunnel-${suffix()}`;
  const target = `tunnel-${suffix()}`;
  const plane = await ControlPlane.start(t, { ownPki: true });
  const connection = ['--server', plane.url, '--token', plane.adminToken, '--ca-file', plane.caFile];
  const tokenFile = await plane.target(target, ns);
  const agent = startSyncer(t, [
    ...['--sync-target-name', target, '--token-file', tokenFile, '--ca-file', plane.caFile],
    ...['--server', plane.url, '--kubeconfig', cluster.kubeconfigPath],
  ]);
  await agent.ready();
  await plane.createDeployment(ns, 'web', 1);
  await waitDownstream(
    downstream(cluster.kubeconfigPath).kc,
    ns,
    'web',
    'available',
    (d) => d?.status?.availableReplicas === 1,
  );
  await agent.logged(/"event":"tunnel-open"/);
  const tmc = async (args: string[]) => {
    const run = runTmc([args[0]!, ...connection, ...args.slice(1)]);
    return { code: await run.exited, output: run.output() };
  };

  await t.test('tmc logs reads a pod of a Deployment, and follows it', async (t) => {
    appendFileSync(containerLog, criLogLine(`hello from ${ns}`));
    const read = await tmc(['logs', 'deploy/web', '-n', ns, '--target', target]);
    t.equal(read.code, 0, read.output);
    t.match(read.output, `hello from ${ns}`, "the kubelet's log, through the tunnel");
    const follow = runTmc(['logs', 'deploy/web', '-n', ns, '--target', target, '-f', ...connection]);
    await until('the follow to print the log so far', async () => follow.output().includes(`hello from ${ns}`));
    appendFileSync(containerLog, criLogLine(`later in ${ns}`));
    await until('the new line to arrive', async () => follow.output().includes(`later in ${ns}`));
    follow.child.kill('SIGINT');
    t.equal(await follow.exited, 0, '^C ends a followed log quietly');
  });

  await t.test('tmc exec runs a command in the pod, with its streams and exit code', async (t) => {
    const run = await tmc([
      'exec',
      'deploy/web',
      '-n',
      ns,
      '--target',
      target,
      '--',
      'sh',
      '-c',
      'echo in=$IN_FAKE_CONTAINER; echo oops >&2; exit 3',
    ]);
    // kwok reports a failed command as an error naming its exit status (a kubelet gives the code
    // itself, which tmc exec exits with: test/api/tunnel-exec.test.ts).
    t.equal(run.code, 1, 'a failed command fails tmc exec');
    t.match(run.output, /exit status 3/, 'with what the kubelet said');
    t.match(run.output, 'in=yes', 'stdout, from the command the kubelet ran');
    t.match(run.output, 'oops', 'stderr');
    const withInput = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [
        TMC_BIN,
        'exec',
        '-i',
        'deploy/web',
        '-n',
        ns,
        '--target',
        target,
        ...connection,
        '--',
        'head',
        '-n',
        '1',
      ]);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk;
        // A second line once the first came back: kwok waits for its stdin copy to fail or end
        // before it reports the command over, and does not always see the end of stdin.
        if (out.includes('typed in\n')) child.stdin.end('more\n');
      });
      child.stderr.on('data', (chunk: Buffer) => (out += chunk));
      const stuck = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(stuck);
        resolve({ code, out });
      });
      child.stdin.write('typed in\n');
    });
    t.same(withInput, { code: 0, out: 'typed in\n' }, 'stdin reaches the command');
  });

  await t.test('kubectl logs and kubectl exec against the proxy', async (t) => {
    const kubectl = kubectlFor(kubectlBin, t.testdir(), { kubeconfig: plane.kubeconfig, namespace: ns });
    const proxy = ['--server', `${plane.url}/apis/workload.kcp.io/v1alpha1/synctargets/${target}/proxy`];
    const pods = await kubectl.ok(...proxy, 'get', 'pods', '-o', 'name');
    const pod = pods.trim().split('\n')[0]!;
    t.match(pod, /^pod\/web-/, "kubectl lists the target's pods");
    t.match(await kubectl.ok(...proxy, 'logs', pod), `hello from ${ns}`);
    t.equal(
      await kubectl.ok(...proxy, 'exec', pod, '--', 'sh', '-c', 'echo kubectl=$IN_FAKE_CONTAINER'),
      'kubectl=yes\n',
    );
    const failed = await kubectl.run(...proxy, 'exec', pod, '--', 'sh', '-c', 'exit 7');
    t.not(failed.code, 0, 'a failed command fails kubectl exec');
    t.match(failed.stderr, /exit status 7/);
    const secret = await kubectl.run(...proxy, 'get', 'secrets');
    t.not(secret.code, 0);
    t.match(secret.stderr, /does not reach GET/, 'outside the allow-list, refused by tmc');
  });
}
