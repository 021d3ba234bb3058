// The CronJob schedule check and the Secret cipher, alone: which schedules pass, and that a
// sealed Secret opens only with its key, for its own namespace and name, untampered.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { cronScheduleError } from '../../../src/lib/cron.js';
import { SEALED_FIELD, SecretCipher, SecretCipherError } from '../../../src/store/secret-cipher.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

t.test('cron schedules as robfig/cron takes them', async (t) => {
  const valid = [
    '0 3 * * *',
    '*/15 * * * *',
    '0 0 1-15/2 jan-jun mon-fri',
    '5,10 8-17 * * 0',
    '@hourly',
    '@every 1h30m',
  ];
  for (const good of valid) {
    t.equal(cronScheduleError(good), undefined, good);
  }
  const bad: [string, RegExp][] = [
    ['* * *', /exactly 5 fields, found 3/],
    ['61 * * * *', /minute field/],
    ['* 24 * * *', /hour field/],
    ['* * 0 * *', /day of month/],
    ['* * * 13 *', /month field/],
    ['* * * * 7', /day of week/],
    ['*/0 * * * *', /minute/],
    ['5-1 * * * *', /minute/],
    ['@sometimes', /unknown macro/],
    ['TZ=UTC 0 3 * * *', /spec\.timeZone/],
  ];
  for (const [schedule, why] of bad) t.match(cronScheduleError(schedule), why, schedule);
});

const key = (name: string) => ({ name, secret: randomBytes(32) });
const secret = (name = 'db'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'shop', uid: 'u1', annotations: { a: 'b' } },
  type: 'Opaque',
  data: { password: Buffer.from('pw').toString('base64') },
  stringData: { token: 'tk' },
});

t.test('seal and open', async (t) => {
  const old = key('old');
  const cipher = new SecretCipher([key('new'), old]);
  const sealed = cipher.seal(secret());
  const fields = ['apiVersion', 'kind', 'metadata', SEALED_FIELD].sort();
  t.same(Object.keys(sealed).sort(), fields, 'only the sealed value besides');
  t.same(sealed.metadata, { name: 'db', namespace: 'shop', uid: 'u1' }, 'annotations are sealed too');
  t.match(sealed[SEALED_FIELD], /^k8s:enc:aesgcm:v1:new:[A-Za-z0-9+/=]+$/);
  t.not(cipher.seal(secret())[SEALED_FIELD], sealed[SEALED_FIELD], 'a random nonce per write');
  const opened = cipher.open(sealed);
  t.same(opened.data, { password: Buffer.from('pw').toString('base64'), token: Buffer.from('tk').toString('base64') });
  t.notOk('stringData' in opened);
  t.same(opened.metadata.annotations, { a: 'b' });
  t.equal(opened.type, 'Opaque');
  const byOld = new SecretCipher([old]).seal(secret());
  t.equal(cipher.open(byOld).type, 'Opaque', 'any key opens what it sealed');
  t.ok(cipher.isStale(byOld));
  t.notOk(cipher.isStale(sealed));
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };
  t.equal(cipher.seal(configMap), configMap, 'other kinds pass through');
});

t.test('a sealed value does not open elsewhere, tampered, or without its key', async (t) => {
  const cipher = new SecretCipher([key('k1')]);
  const sealed = cipher.seal(secret());
  const moved = { ...sealed, metadata: { ...sealed.metadata, name: 'other' } };
  t.throws(() => cipher.open(moved), /Secret shop\/other: the sealed value does not open/, 'bound to its name');
  try {
    cipher.open(moved);
  } catch (error) {
    t.ok(error instanceof SecretCipherError, 'a SecretCipherError');
  }
  const value = sealed[SEALED_FIELD] as string;
  const flipped = `${value.slice(0, -6)}${value.slice(-6, -5) === 'A' ? 'B' : 'A'}${value.slice(-5)}`;
  t.throws(() => cipher.open({ ...sealed, [SEALED_FIELD]: flipped }), /does not open/);
  t.throws(() => new SecretCipher([key('k2')]).open(sealed), /encryption key "k1", which is not in the key file/);
  t.throws(() => new SecretCipher([{ name: 'short', secret: randomBytes(16) }]), /not 32 bytes/);
});
