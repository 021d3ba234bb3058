// `kubectl auth whoami`: a SelfSubjectReview answers who the caller is, in the same names the
// audit log gives, whether kubectl sends it as JSON or as protobuf.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { forEachStore } from '../helpers/stores.js';
import { createUser } from '../helpers/users.js';

const PATH = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

/** A SelfSubjectReview as kubectl encodes it: the envelope's type and raw bytes holding an empty ObjectMeta. */
function kubectlReview(): Buffer {
  const field = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const typeMeta = Buffer.concat([
    field(0x0a, Buffer.from('authentication.k8s.io/v1')),
    field(0x12, Buffer.from('SelfSubjectReview')),
  ]);
  const raw = field(0x0a, Buffer.from([0x0a, 0x00, 0x12, 0x00]));
  return Buffer.concat([Buffer.from('k8s\0'), field(0x0a, typeMeta), field(0x12, raw)]);
}

forEachStore(t, (t) => {
  t.test('a SelfSubjectReview names the caller and its groups', async (t) => {
    const api = await testApp(t);
    const alice = await createUser(api, 'alice', ['team-a']);
    const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} };

    const asAlice = await api.call('POST', PATH, body, { token: alice });
    t.equal(asAlice.statusCode, 201);
    t.same(asAlice.json.status.userInfo, { username: 'alice', groups: ['team-a', 'system:authenticated'] });
    t.match(asAlice.json, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });

    const asAdmin = await api.call('POST', PATH, body);
    t.same(asAdmin.json.status.userInfo, {
      username: 'system:admin',
      groups: ['system:masters', 'system:authenticated'],
    });

    const protobuf = await api.call('POST', PATH, undefined, {
      token: alice,
      rawBody: kubectlReview(),
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    t.equal(protobuf.statusCode, 201, protobuf.body);
    t.equal(protobuf.json.status.userInfo.username, 'alice', 'the protobuf form kubectl sends is read');

    const anonymous = await api.call('POST', PATH, body, { token: null });
    t.match(anonymous, { statusCode: 401, json: { kind: 'Status', reason: 'Unauthorized' } });
    const sent = await api.call(
      'POST',
      PATH,
      { ...body, status: { userInfo: { username: 'root' } } },
      { token: alice },
    );
    t.equal(sent.json.status.userInfo.username, 'alice', 'a status sent in the body claims nothing');
  });
});
