// The ways an admin command can fail to get an answer, each one line that says what to do:
// nothing configured, a bad token, an unreachable or wrong server, a broken saved login.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { assertOneLineError, freshDir, startCliServer, tmc } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

t.test('what is missing or wrong is one line that says what to do', async (t) => {
  const server = await startCliServer(t);
  const home = freshDir(t);
  assertOneLineError(
    t,
    await tmc(['get', 'st'], { home }),
    /^error: no server configured: pass --server URL, set TMC_SERVER, or run `tmc login/,
    'no server',
  );
  assertOneLineError(
    t,
    await tmc(['get', 'st', '--server', server.url], { home }),
    /^error: no token configured/,
    'no token',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--token', 'wrong']),
    /^Error from server \(Unauthorized\): .* — check --token/,
    'bad token',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--server', 'http://127.0.0.1:1']),
    /^error: cannot reach the tmc server at http:\/\/127.0.0.1:1 \(ECONNREFUSED\): check --server \/ TMC_SERVER and that the server is running$/,
    'unreachable',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--server', 'tmc.example.com']),
    /is not a URL: give one like https:/,
    'not a URL',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--server', 'ftp://tmc.example.com']),
    /must be an http:\/\/ or https:\/\/ URL/,
    'wrong scheme',
  );

  // Some other web server: its answer is no Kubernetes Status.
  const other = createServer((_request, response) =>
    response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'),
  );
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  t.teardown(() => other.close());
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--server', otherUrl]),
    /^Error from server \(404\): GET http:.* answered 404 without a Kubernetes Status: is --server a tmc server\?$/,
    'not a tmc server',
  );

  const home2 = freshDir(t);
  mkdirSync(join(home2, '.tmc'));
  writeFileSync(join(home2, '.tmc', 'config.yaml'), 'server: [oops\n');
  assertOneLineError(
    t,
    await tmc(['get', 'st'], { home: home2 }),
    /config.yaml is not valid YAML .*run `tmc login` again/,
    'broken config file',
  );

  assertOneLineError(
    t,
    await server.run(['token', 'edge-1']),
    /^Error from server \(NotFound\): synctargets.workload.kcp.io "edge-1" not found$/,
    'token for a missing target',
  );
});
