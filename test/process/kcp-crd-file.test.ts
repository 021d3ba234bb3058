// The kcp mirror installs the SyncTarget CRD from deploy/crds. A server laid out without it (as
// the image was: dist/ and node_modules only) must fail its start with one clear line instead
// of serving with /readyz ok while every reconcile fails with ENOENT.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startServerProcess } from '../helpers/server-process.js';
import { unreachableKcpKubeconfig } from '../helpers/kcp-kubeconfig.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

t.test('without deploy/crds, a server with --kcp-kubeconfig does not start', async (t) => {
  const dir = t.testdir();
  const app = join(dir, 'app');
  mkdirSync(app);
  cpSync(join(root, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  const args = [
    'server',
    '--bind-address',
    '127.0.0.1',
    '--port',
    '0',
    '--data-dir',
    join(dir, 'data'),
    '--kcp-kubeconfig',
    unreachableKcpKubeconfig(dir),
  ];
  const child = spawn(process.execPath, [join(app, 'dist/cli/main.js'), ...args], {
    env: { ...process.env, TMC_ADMIN_TOKEN: 'x'.repeat(32) },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  t.teardown(() => void child.kill('SIGKILL'));
  const outcome = await new Promise<string>((resolve) => {
    const poll = setInterval(() => /tmc server listening/.test(output) && resolve('listening'), 50);
    child.once('close', (code) => resolve(`exited ${code}`));
    t.teardown(() => clearInterval(poll));
  });
  t.equal(outcome, 'exited 1', output);
  t.match(
    output,
    /^tmc server: the kcp mirror cannot read the SyncTarget CRD it installs, \S+workload\.kcp\.io_synctargets\.yaml \(ENOENT\)/m,
  );
});

t.test('with deploy/crds in place, the same server starts while kcp is unreachable', async (t) => {
  const dir = t.testdir();
  const server = await startServerProcess(
    ['--data-dir', join(dir, 'data'), '--kcp-kubeconfig', unreachableKcpKubeconfig(dir)],
    { TMC_ADMIN_TOKEN: 'x'.repeat(32) },
  );
  t.teardown(() => server.stop('SIGKILL'));
  t.equal((await fetch(`${server.url}/readyz`)).status, 200, 'kcp being down never makes the server unready');
  t.equal(await server.stop('SIGTERM'), 0);
});
