// Key rotation on both stores: a new key put first in the key file encrypts from the next start
// while the old one still decrypts; `tmc encryption rewrite` re-encrypts every Secret with the
// new key; then the old key can go. A start without a key the stored Secrets need fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { newKeyLine } from '../../src/store/encryption-keys.js';
import { testApp } from '../helpers/app.js';
import { kindPath } from '../helpers/kinds.js';
import { forEachStore } from '../helpers/stores.js';
import { tmc } from './cli-helpers.js';

const SECRETS = kindPath('v1', 'secrets');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const secret = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  data: { value: b64(`plain-${name}`) },
});

/** The key names that sealed the stored Secrets, read from the store under the encryption. */
async function sealingKeys(app: Awaited<ReturnType<typeof testApp>>['app']): Promise<string[]> {
  const { baseStore } = await import('../../src/store/encrypting-store.js');
  const raw = await baseStore(app.store).list('Secret');
  return raw.items.map((s) => String(s.encrypted).split(':')[4]!).sort();
}

forEachStore(t, (t) => {
  t.test('rotate: new key first, rewrite, drop the old key', async (t) => {
    const first = await testApp(t);
    const { dataDir } = first;
    const keyFile = join(dataDir, 'encryption.key');
    for (const name of ['a', 'b']) t.equal((await first.call('POST', SECRETS, secret(name))).statusCode, 201);
    const oldLine = readFileSync(keyFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('key-'))!;
    const oldName = oldLine.split(':')[0]!;
    await first.app.close();

    const newLine = newKeyLine(new Date(Date.now() + 60_000));
    const newName = newLine.split(':')[0]!;
    writeFileSync(keyFile, `${newLine}\n${oldLine}\n`, { mode: 0o600 });
    const second = await testApp(t, { dataDir });
    t.equal((await second.call('GET', `${SECRETS}/a`)).json.data.value, b64('plain-a'), 'the old key still decrypts');
    t.equal((await second.call('POST', SECRETS, secret('c'))).statusCode, 201);
    t.same(await sealingKeys(second.app), [oldName, oldName, newName].sort(), 'new writes use the first key');

    writeFileSync(keyFile, `${newLine}\n`, { mode: 0o600 });
    const storeArgs = second.app.config.databaseUrl ? ['--database-url', second.app.config.databaseUrl] : [];
    const refused = await testApp(t, { dataDir }).then(
      () => undefined,
      (error: Error) => error,
    );
    const lacks = new RegExp(`encrypted with keys that .* lacks: ${oldName}`);
    t.match(refused?.message, lacks, 'a start without the old key fails');

    writeFileSync(keyFile, `${newLine}\n${oldLine}\n`, { mode: 0o600 });
    const rewrite = await tmc(['encryption', 'rewrite', '--data-dir', dataDir, ...storeArgs]);
    t.equal(rewrite.code, 0, rewrite.stderr);
    t.match(rewrite.stdout, `2 of 3 Secrets re-encrypted with key "${newName}"`);
    t.same(await sealingKeys(second.app), [newName, newName, newName]);
    const again = await tmc(['encryption', 'rewrite', '--data-dir', dataDir, ...storeArgs]);
    t.match(again.stdout, '0 of 3 Secrets re-encrypted');
    await second.app.close();

    writeFileSync(keyFile, `${newLine}\n`, { mode: 0o600 });
    const third = await testApp(t, { dataDir });
    for (const name of ['a', 'b', 'c']) {
      t.equal((await third.call('GET', `${SECRETS}/${name}`)).json.data.value, b64(`plain-${name}`), `${name} reads`);
    }
  });
});

t.test('a key file others can read, or a bad line, is refused without showing a key', async (t) => {
  const { dataDir, app } = await testApp(t);
  await app.close();
  const keyFile = join(dataDir, 'encryption.key');
  const line = readFileSync(keyFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('key-'))!;
  writeFileSync(keyFile, `${line}\n`, { mode: 0o644 });
  const { chmodSync } = await import('node:fs');
  chmodSync(keyFile, 0o644);
  const open = await testApp(t, { dataDir }).then(
    () => undefined,
    (error: Error) => error,
  );
  t.match(open?.message, /open to other users \(mode 0644\): chmod 600 it/);
  chmodSync(keyFile, 0o600);
  writeFileSync(keyFile, `${line.slice(0, -8)}\n`);
  const short = await testApp(t, { dataDir }).then(
    () => undefined,
    (error: Error) => error,
  );
  t.match(short?.message, /line 1 of the encryption key file .* must be 32 bytes/);
  t.notOk(short?.message.includes(line.split(':')[1]!.slice(0, 16)), 'the key is not in the message');
  const nope = join(dataDir, 'nope');
  const missing = await tmc(['encryption', 'rewrite', '--data-dir', dataDir, '--encryption-key-file', nope]);
  t.not(missing.code, 0);
  t.match(missing.stderr, /the key file does not exist/);
});
