// Every route the server registers belongs to one fuzzer's area: a new route is fuzzed at once,
// or this fails naming it.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { areaOf, routeName, serverRoutes } from './routes.js';

t.test('every route is fuzzed by some area', async (t) => {
  const { app } = await testApp(t);
  const routes = await serverRoutes(app);
  t.ok(routes.length > 100, `the server's routes are read (${routes.length})`);
  t.same(routes.filter((route) => !areaOf(route)).map(routeName), [], 'routes of no area');
});
