// The hooks every request runs. A global hook costs every request, the agents' heartbeats
// included, and the heartbeat front door (src/api/agent/front-door/) answers those without any hook:
// a new global hook must be a conscious choice, applied to the front door too if it has to see
// every request (rate limits, tracing, audit). This test names the hooks of a route that adds
// none of its own (/healthz), of the heartbeat and of a resource route, and fails when one changes.
// The audit hook is one such choice (a record of every change must see every request); the front
// door answers only ordinary heartbeats, which the default level does not record, and at
// --audit-level all it is off, so every heartbeat reaches the route and its hook.
import t from 'tap';
import { testApp } from '../helpers/app.js';

/** The hooks Fastify lists for one route: "(onRequest) requestGate, ...". */
function hooksOf(tree: string, path: string): string[] {
  const lines = tree.split('\n');
  const at = lines.findIndex((line) => line.includes(`${path} (`));
  if (at < 0) throw new Error(`no route ${path} in:\n${tree}`);
  const hooks: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const hook = /• \((\w+)\) (\[.*\])$/.exec(line);
    if (!hook) break;
    const names = JSON.parse(hook[2]!) as string[];
    hooks.push(`${hook[1]}: ${names.map((name) => name.replace(/\(\)$/, '')).join(', ')}`);
  }
  return hooks;
}

t.test('global hooks are the request gate, the request metrics and the audit log, nothing else', async (t) => {
  const { app } = await testApp(t);
  await app.ready();
  const tree = (method: string) =>
    app.printRoutes({ includeHooks: true, commonPrefix: false, method: method as 'GET' });
  t.same(
    hooksOf(tree('GET'), '/healthz'),
    ['onRequest: requestGate', 'onResponse: countRequest, audit'],
    'a route with no hooks of its own runs only the global ones',
  );
  t.same(
    hooksOf(tree('POST'), '/:name/heartbeat'),
    [
      'onRequest: requestGate',
      'preValidation: defaultBody',
      'preHandler: agentRecheck',
      'onResponse: countRequest, audit',
      'onError: onError',
    ],
    'the heartbeat route: the global hooks, its body default, the agent re-check, its metrics on errors',
  );
  t.same(
    hooksOf(tree('GET'), '/apps/v1/namespaces/:namespace/deployments'),
    ['onRequest: requestGate', 'preSerialization: asTable', 'onResponse: countRequest, audit'],
    'a resource GET also turns its answer into a Table when asked',
  );
});

t.test('with the audit log off its hook is not there at all', async (t) => {
  const { app } = await testApp(t, { auditLevel: 'none' });
  await app.ready();
  const tree = app.printRoutes({ includeHooks: true, commonPrefix: false, method: 'GET' });
  t.same(hooksOf(tree, '/healthz'), ['onRequest: requestGate', 'onResponse: countRequest']);
});
