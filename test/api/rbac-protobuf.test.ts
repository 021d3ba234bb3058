// The self reviews of `auth can-i` take the protobuf body kubectl sends, and refuse other protobuf.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { eventually } from '../helpers/agents.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH } from '../helpers/workloads.js';
import { RBAC, SSAR_PATH } from '../helpers/users.js';
import { twoTeams } from './rbac-setup.js';

/**
 * A SelfSubjectAccessReview as kubectl 1.35 encodes it (copied from its -v=8 trace), asking "get deployments.apps in
 * team-a".
 */
function kubectlReview(): Buffer {
  const s = (text: string) => Buffer.from(text);
  const field = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const typeMeta = Buffer.concat([
    field(0x0a, s('authorization.k8s.io/v1')),
    field(0x12, s('SelfSubjectAccessReview')),
  ]);
  const attributes = Buffer.concat([
    field(0x0a, s('team-a')),
    field(0x12, s('get')),
    field(0x1a, s('apps')),
    field(0x22, s('')),
    field(0x2a, s('deployments')),
    field(0x32, s('')),
    field(0x3a, s('')),
  ]);
  const meta = Buffer.from([
    0x0a, 0x00, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
  ]);
  const raw = Buffer.concat([
    field(0x0a, meta),
    field(0x12, field(0x0a, attributes)),
    field(0x1a, Buffer.from([8, 0, 0x12, 0, 0x1a, 0, 0x20, 0])),
  ]);
  return Buffer.concat([
    Buffer.from('k8s\0'),
    field(0x0a, typeMeta),
    field(0x12, raw),
    field(0x1a, s('')),
    field(0x22, s('')),
  ]);
}

forEachStore(t, (t) => {
  t.test('the self reviews take the protobuf body kubectl sends, and refuse other protobuf', async (t) => {
    const api = await testApp(t);
    const { alice, bob } = await twoTeams(api);
    const ask = (token: string, body: Buffer) =>
      api.call('POST', SSAR_PATH, undefined, {
        token,
        rawBody: body,
        contentType: 'application/vnd.kubernetes.protobuf',
      });
    t.match((await ask(alice, kubectlReview())).json, {
      kind: 'SelfSubjectAccessReview',
      status: { allowed: true },
      spec: { resourceAttributes: { namespace: 'team-a', verb: 'get', group: 'apps', resource: 'deployments' } },
    });
    await api.call('DELETE', `${RBAC}/namespaces/team-a/rolebindings/view-a`);
    const refused = await eventually(async () => {
      const reply = await ask(bob, kubectlReview());
      return reply.json.status.allowed === false ? reply : undefined;
    }, 'the view binding to go');
    t.equal(refused.statusCode, 201);
    t.match((await ask(alice, Buffer.from('{"spec":{}}'))).json, { code: 400, message: /k8s\\0/ });
    t.match((await ask(alice, Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0x7f, 1])]))).json, {
      code: 400,
    });
    const post = (path: string) =>
      api.call('POST', path, undefined, {
        token: alice,
        rawBody: kubectlReview(),
        contentType: 'application/vnd.kubernetes.protobuf',
      });
    const deployments = await post(DEPLOY_PATH('team-a'));
    t.equal(deployments.statusCode, 400, 'a built-in kind takes protobuf, of its own kind only');
    t.match(deployments.json.message, 'holds a "SelfSubjectAccessReview", not a Deployment');
    const placements = await post('/apis/scheduling.kcp.io/v1alpha1/namespaces/team-a/placements');
    t.equal(placements.statusCode, 415, "tmc's own kinds take JSON only, as custom resources do");
    t.match(placements.json, { reason: 'UnsupportedMediaType', message: /must be sent as application\/json/ });
  });
});
