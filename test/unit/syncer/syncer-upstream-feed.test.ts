// The agent polls the feed of every kind (`/objects`); a server from before other kinds has
// none (an agent token gets 403 there, an admin 404), and its Deployment feed is taken instead.
import { join } from 'node:path';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { TokenFile } from '../../../src/syncer/upstream/token-file.js';
import { Upstream, UpstreamError } from '../../../src/syncer/upstream/upstream-client.js';
import { silentLog } from '../../helpers/stores.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', generation: 3 },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
};

async function server(t: Test, routes: string[], missing: number) {
  const app = Fastify();
  const asked: string[] = [];
  app.addHook('onRequest', async (request) => void asked.push(request.url.split('?')[0]!));
  const answer = { resourceVersion: '42', items: [deployment] };
  for (const path of routes) app.get(`${ST}/:name/${path}`, async () => answer);
  app.setNotFoundHandler((_request, reply) =>
    reply.code(missing).send({ kind: 'Status', code: missing, message: 'no' }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const dir = t.testdir({ token: 'tmcagent_test' });
  const upstream = new Upstream({
    server: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    target: 'edge-1',
    token: new TokenFile(join(dir, 'token'), silentLog),
  });
  t.teardown(() => upstream.close());
  return { upstream, asked };
}

t.test('a server from before other kinds: the Deployment feed, after a 403 or a 404 on /objects', async (t) => {
  for (const missing of [403, 404]) {
    const { upstream, asked } = await server(t, ['deployments'], missing);
    const answer = await upstream.feed(undefined, 1);
    t.same(answer, { resourceVersion: '42', items: [deployment] }, `after a ${missing}`);
    t.same(asked, [`${ST}/edge-1/objects`, `${ST}/edge-1/deployments`]);
  }
});

t.test('a current server: /objects only; a refusal of both feeds is the error it was', async (t) => {
  const current = await server(t, ['objects'], 404);
  t.same(await current.upstream.feed('7', 1), { resourceVersion: '42', items: [deployment] });
  t.same(current.asked, [`${ST}/edge-1/objects`]);

  const refusing = await server(t, [], 403);
  const error = await refusing.upstream.feed(undefined, 1).catch((e: unknown) => e);
  t.ok(error instanceof UpstreamError && error.statusCode === 403, 'refused');
});
