// How the admin commands find their server and token: flags before or after the verb, TMC_*
// variables, the file `tmc login` writes, and HTTPS with a private CA. (Failures: errors.test.ts;
// kubeconfigs: kubeconfig.test.ts.)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import {
  ADMIN,
  ST_PATH,
  assertOneLineError,
  startCliServer,
  syncTarget,
  tmc,
  freshDir,
  makeCa,
} from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

const names = (stdout: string): string[] => JSON.parse(stdout).items.map((i: any) => i.metadata.name);

t.test('--server and --token work before and after the verb, from TMC_* and from tmc login', async (t) => {
  // Plain HTTP: this is about where the settings come from (the CA's part: the tests below).
  const server = await startCliServer(t, ['--insecure-http']);
  await server.http('POST', ST_PATH, syncTarget('edge-1'));
  const home = freshDir(t);
  const flags = ['--server', server.url, '--token', ADMIN];

  const before = await tmc([...flags, 'get', 'st', '-o', 'json'], { home });
  t.same(names(before.stdout), ['edge-1'], `before the verb ${before.stderr}`);
  const after = await tmc(['get', 'st', '-o', 'json', ...flags], { home });
  t.same(names(after.stdout), ['edge-1'], `after the verb ${after.stderr}`);
  const split = await tmc(['--server', server.url, 'get', 'st', '--token', ADMIN, '-o', 'json'], { home });
  t.same(names(split.stdout), ['edge-1'], 'one before, one after');
  const env = await tmc(['get', 'st', '-o', 'json'], { home, env: { TMC_SERVER: server.url, TMC_TOKEN: ADMIN } });
  t.same(names(env.stdout), ['edge-1'], 'from the environment');

  const badLogin = await tmc(['login', '--server', server.url, '--token', 'not-the-token'], { home });
  assertOneLineError(t, badLogin, /^Error from server \(Unauthorized\)/, 'login with a bad token');
  t.notOk(existsSync(join(home, '.tmc', 'config.yaml')), 'a failed login saves nothing');

  const login = await tmc(['login', ...flags], { home });
  t.equal(login.code, 0, login.stderr);
  const file = join(home, '.tmc', 'config.yaml');
  t.match(login.stdout, file, 'says where it saved');
  t.equal(statSync(file).mode & 0o777, 0o600, 'the saved token is private to the user');
  t.equal(statSync(join(home, '.tmc')).mode & 0o777, 0o700);
  t.same(parse(readFileSync(file, 'utf8')), { server: server.url, token: ADMIN });
  t.same(names((await tmc(['get', 'st', '-o', 'json'], { home })).stdout), ['edge-1'], 'the saved login is used');

  // Precedence: a flag beats the environment, which beats the saved file.
  const envBeatsFile = await tmc(['get', 'st'], { home, env: { TMC_TOKEN: 'wrong-token' } });
  assertOneLineError(
    t,
    envBeatsFile,
    /Unauthorized.*check --token \/ TMC_TOKEN, or run `tmc login/,
    'TMC_TOKEN over the file',
  );
  const flagBeatsEnv = await tmc(['get', 'st', '--token', ADMIN, '-o', 'json'], {
    home,
    env: { TMC_TOKEN: 'wrong-token' },
  });
  t.same(names(flagBeatsEnv.stdout), ['edge-1'], '--token over TMC_TOKEN');
  const rootFlagBeatsEnv = await tmc(['--token', ADMIN, 'get', 'st', '-o', 'json'], {
    home,
    env: { TMC_TOKEN: 'wrong-token' },
  });
  t.same(names(rootFlagBeatsEnv.stdout), ['edge-1'], '--token before the verb over TMC_TOKEN');
});

t.test('an HTTPS server with a private CA needs --ca-file, and login remembers it', async (t) => {
  const dir = freshDir(t);
  const { caCert, cert, key } = makeCa(dir);

  const server = await startCliServer(t, ['--tls-cert-file', cert, '--tls-key-file', key]);
  t.match(server.url, /^https:/);
  assertOneLineError(
    t,
    await server.run(['get', 'st']),
    /cannot verify the TLS certificate of https:.* pass --ca-file with the CA that signed it, or --kubeconfig with the server's admin.kubeconfig$/,
    'untrusted CA',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--ca-file', join(dir, 'none.crt')]),
    /cannot read --ca-file .*none.crt/,
    'missing CA file',
  );
  const trusted = await server.run(['get', 'st', '--ca-file', caCert]);
  t.equal(trusted.code, 0, trusted.stderr);
  t.equal(trusted.stderr, 'No resources found.\n');
  assertOneLineError(
    t,
    await server.run(['get', 'st', '--server', server.url.replace('https:', 'http:')]),
    /cannot reach the tmc server|TLS handshake/,
    'http:// to an HTTPS server',
  );

  const home = freshDir(t);
  const saved = await tmc(['login', '--server', server.url, '--token', ADMIN, '--ca-file', 'ca.crt'], {
    home,
    cwd: dir,
  });
  t.equal(saved.code, 0, saved.stderr);
  t.equal(
    parse(readFileSync(join(home, '.tmc', 'config.yaml'), 'utf8')).caFile,
    caCert,
    'a relative CA path is saved absolute',
  );
  t.equal((await tmc(['get', 'st'], { home })).code, 0, 'the saved CA is used, from any directory');
});
