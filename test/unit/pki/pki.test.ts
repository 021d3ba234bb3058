// The server's certificate directory: what the serving certificate covers, that the CA and the
// certificate are made once and kept, that a change of names or a near end makes a new serving
// certificate under the same CA, the files' modes, and that a real TLS client trusts the result.
import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import t from 'tap';
import { parse } from 'yaml';
import { ConfigError, resolveConfig } from '../../../src/config.js';
import { ADMIN_KUBECONFIG, localServerUrl, writeAdminKubeconfig } from '../../../src/pki/admin-kubeconfig.js';
import { RENEW_BEFORE_MS, certDirPaths, ensureCertDir } from '../../../src/pki/cert-dir.js';
import { canonicalIp, namesOf, servingNames } from '../../../src/pki/names.js';
import { servingTls } from '../../../src/pki/serving.js';

const DAY = 24 * 60 * 60 * 1000;
const mode = (path: string) => statSync(path).mode & 0o777;

t.test('the names: localhost, loopback, the host name, a specific bind address and the extras', async (t) => {
  t.same(servingNames('vm-1', '0.0.0.0', []), { dns: ['localhost', 'vm-1'], ips: ['127.0.0.1', '::1'] });
  t.same(servingNames('VM-1', '10.0.0.7', ['tmc.example.com', '192.0.2.1', '2001:DB8::1', '*.tmc.example.com']), {
    dns: ['*.tmc.example.com', 'localhost', 'tmc.example.com', 'vm-1'],
    ips: ['10.0.0.7', '127.0.0.1', '192.0.2.1', '2001:db8::1', '::1'],
  });
  t.same(servingNames('odd_host', '::', []).dns, ['localhost'], 'a host name that is no DNS name is left out');
  let caught: unknown;
  try {
    servingNames('vm', '0.0.0.0', ['not a name']);
  } catch (error) {
    caught = error;
  }
  t.ok(caught instanceof ConfigError, 'a bad --tls-san is a configuration error (exit 2)');
  t.throws(() => servingNames('vm', '0.0.0.0', ['a..b']), /--tls-san "a..b" is neither an IP address nor a DNS name/);
  t.equal(canonicalIp('0:0:0:0:0:0:0:1'), '::1', 'the long form Node prints is the same address');
  t.same(namesOf('DNS:localhost, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.1'), {
    dns: ['localhost'],
    ips: ['127.0.0.1', '::1'],
  });
  t.same(resolveConfig({}).port, 6443, 'HTTPS on 6443 by default, as kube-apiserver and kcp');
  t.throws(() => resolveConfig({ insecureHttp: true, tlsCertFile: 'a', tlsKeyFile: 'b' }), /not both/);
});

t.test('made once, then kept; new names or a near end make a new serving certificate under the same CA', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  const names = servingNames('vm-1', '0.0.0.0', ['tmc.example.com']);
  const first = ensureCertDir(dataDir, names);
  const paths = certDirPaths(dataDir);
  t.equal(first.made.length, 2, 'a CA and a serving certificate');
  t.equal(mode(paths.dir), 0o700, 'the directory is private');
  t.equal(mode(paths.caKey), 0o600, 'the CA key is private');
  t.equal(mode(paths.servingKey), 0o600, 'the serving key is private');
  const ca = new X509Certificate(readFileSync(paths.caCert));
  const serving = new X509Certificate(readFileSync(paths.servingCert));
  t.ok(ca.ca, 'the CA is a CA');
  t.notOk(serving.ca, 'the serving certificate is not');
  t.ok(serving.verify(ca.publicKey), 'signed by the CA');
  t.same(namesOf(serving.subjectAltName), names);
  t.equal(serving.checkHost('tmc.example.com'), 'tmc.example.com');
  t.equal(serving.checkIP('::1'), '::1');
  t.notOk(serving.checkHost('elsewhere.example.com'));

  const again = ensureCertDir(dataDir, names);
  t.same(again.made, [], 'nothing made on a later start');
  t.equal(again.serving.cert, first.serving.cert);
  t.equal(again.ca.cert, first.ca.cert);

  const moreNames = servingNames('vm-1', '0.0.0.0', ['tmc.example.com', '192.0.2.10']);
  const renamed = ensureCertDir(dataDir, moreNames);
  t.match(renamed.made, [/serving certificate .*names it must cover changed/]);
  t.equal(renamed.ca.cert, first.ca.cert, 'the CA is kept');
  t.equal(new X509Certificate(renamed.serving.cert).checkIP('192.0.2.10'), '192.0.2.10');
  t.ok(new X509Certificate(renamed.serving.cert).verify(ca.publicKey));

  const late = new Date(new X509Certificate(renamed.serving.cert).validTo).getTime() - RENEW_BEFORE_MS + DAY;
  const renewed = ensureCertDir(dataDir, moreNames, new Date(late));
  t.match(renewed.made, [/serving certificate .*it ends/], 'renewed near its end');
  t.equal(renewed.ca.cert, first.ca.cert, 'the CA is kept');

  writeFileSync(paths.servingKey, first.serving.key, { mode: 0o600 });
  t.match(
    ensureCertDir(dataDir, moreNames).made,
    [/its key does not match/],
    'a key of another certificate is replaced',
  );
  chmodSync(paths.dir, 0o755);
  ensureCertDir(dataDir, moreNames);
  t.equal(mode(paths.dir), 0o700, 'a directory opened to others is narrowed again');

  writeFileSync(paths.caKey, first.serving.key);
  t.throws(
    () => ensureCertDir(dataDir, moreNames),
    /is not the key of the CA/,
    'a broken CA is never replaced silently',
  );
  writeFileSync(paths.caCert, 'garbage');
  t.throws(() => ensureCertDir(dataDir, moreNames), /cannot be read/);
});

t.test('a TLS client that trusts only the CA accepts the serving certificate for localhost', async (t) => {
  const made = ensureCertDir(t.testdir(), servingNames('vm-1', '0.0.0.0', []));
  const server = createServer({ cert: made.serving.cert, key: made.serving.key }, (socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as AddressInfo;
  for (const servername of ['localhost', undefined]) {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', ca: made.ca.cert, ...(servername ? { servername } : {}) });
      let data = '';
      socket
        .on('data', (chunk) => (data += chunk.toString()))
        .on('end', () => resolve(data))
        .on('error', reject);
    });
    t.equal(text, 'hello', `verified as ${servername ?? '127.0.0.1'}`);
  }
});

t.test('the admin kubeconfig: the local address, the CA and the token, owner-only', async (t) => {
  t.equal(localServerUrl('https', '0.0.0.0', 6443), 'https://127.0.0.1:6443');
  t.equal(localServerUrl('https', '::', 6443), 'https://127.0.0.1:6443');
  t.equal(localServerUrl('https', '::1', 1234), 'https://[::1]:1234');
  t.equal(localServerUrl('http', '10.0.0.7', 80), 'http://10.0.0.7:80');
  const dir = t.testdir({ [ADMIN_KUBECONFIG]: 'old, and open to all' });
  chmodSync(join(dir, ADMIN_KUBECONFIG), 0o644);
  const path = writeAdminKubeconfig(dir, {
    server: 'https://127.0.0.1:6443',
    token: 'admin-token-0123456789',
    caPem: 'PEM',
  });
  t.equal(mode(path), 0o600, 'narrowed, whatever was there');
  const doc = parse(readFileSync(path, 'utf8'));
  t.same(doc.clusters, [
    { name: 'tmc', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'UEVN' } },
  ]);
  t.same(doc.users, [{ name: 'admin', user: { token: 'admin-token-0123456789' } }]);
  t.equal(doc['current-context'], 'tmc');
  t.same(doc.contexts, [{ name: 'tmc', context: { cluster: 'tmc', user: 'admin', namespace: 'default' } }]);
});

t.test('what the server serves with: its own pki, given files, or plain HTTP when asked', async (t) => {
  const dataDir = t.testdir();
  t.equal(servingTls(resolveConfig({ dataDir, insecureHttp: true })), null);
  const own = servingTls(resolveConfig({ dataDir, tlsSans: ['tmc.example.com'] }), 'vm-1')!;
  t.equal(own.caPem, readFileSync(certDirPaths(dataDir).caCert, 'utf8'));
  t.equal(new X509Certificate(own.cert).checkHost('tmc.example.com'), 'tmc.example.com');
  const { caCert, servingCert, servingKey } = certDirPaths(dataDir);
  const given = servingTls(resolveConfig({ dataDir, tlsCertFile: servingCert, tlsKeyFile: servingKey }))!;
  t.equal(given.caPem, undefined, 'no CA known for a given certificate');
  t.equal(given.cert.toString(), readFileSync(servingCert, 'utf8'));
  t.not(caCert, servingCert);
});
