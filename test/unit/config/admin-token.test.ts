// Admin tokens from a file follow the rules of TMC_ADMIN_TOKEN, a file other users can read is
// refused, and a generated token lands in a private file and never in the log. Real files.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { resolveAdminTokens } from '../../../src/admin-token.js';
import { ConfigError, resolveConfig } from '../../../src/config.js';

function capturedLog() {
  let text = '';
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString();
      done();
    },
  });
  return { log: pino(sink), text: () => text };
}

const tokenFile = (dir: string, text: string, mode = 0o600) => {
  const path = join(dir, 'admin.token');
  writeFileSync(path, text, { mode });
  chmodSync(path, mode); // whatever the umask
  return path;
};

const LONG = 'a-long-enough-admin-token-0123';

t.test('the length rule of TMC_ADMIN_TOKEN applies to every token in the file', async (t) => {
  const { log } = capturedLog();
  const dir = t.testdir();
  t.type(
    t.throws(() => resolveConfig({ adminToken: 'x'.repeat(15) })),
    ConfigError,
    'TMC_ADMIN_TOKEN: too short',
  );
  const short = tokenFile(dir, `${LONG}\n# a comment\nx\n`);
  const error = t.throws(() => resolveAdminTokens(resolveConfig({ adminTokenFile: short }), log)) as Error;
  t.type(error, ConfigError);
  t.match(error.message, /line 3 .* too short: admin tokens need at least 16 characters/);
  t.notMatch(error.message, LONG, 'the error names the line, not a token');
  const good = tokenFile(dir, `${LONG}\n# a comment\n${LONG}-next\n`);
  t.same(resolveAdminTokens(resolveConfig({ adminTokenFile: good }), log), [LONG, `${LONG}-next`]);
});

t.test('a token file that group or others can read or write is refused', async (t) => {
  const { log } = capturedLog();
  const dir = t.testdir();
  for (const mode of [0o644, 0o640, 0o604, 0o620]) {
    const path = tokenFile(dir, `${LONG}\n`, mode);
    const error = t.throws(() => resolveAdminTokens(resolveConfig({ adminTokenFile: path }), log)) as Error;
    t.type(error, ConfigError);
    t.match(error.message, `mode 0${mode.toString(8)}`);
    t.notMatch(error.message, LONG);
  }
  t.same(resolveAdminTokens(resolveConfig({ adminTokenFile: tokenFile(dir, `${LONG}\n`, 0o400) }), log), [LONG]);
});

t.test('a generated token goes to a private file in a private directory; only its path is logged', async (t) => {
  const { log, text } = capturedLog();
  const dataDir = join(t.testdir(), 'new', 'data');
  const [token] = resolveAdminTokens(resolveConfig({ dataDir }), log);
  const path = join(dataDir, 'admin-token');
  t.equal(readFileSync(path, 'utf8'), `${token}\n`);
  t.equal(statSync(path).mode & 0o777, 0o600);
  t.equal(statSync(dataDir).mode & 0o777, 0o700);
  t.match(text(), path, 'the log says where the token is');
  t.notMatch(text(), token!, 'but not what it is');
  t.same(resolveAdminTokens(resolveConfig({ dataDir }), log), [token], 'read back on the next start');
  t.notMatch(text(), token!);
});
