// The dashboard's files at /ui: public, cached by content hash, under a strict CSP; and the one
// exception to authentication they make opens nothing else. Needs `npm run build` (pretest runs it).
import t from 'tap';
import { DASHBOARD_CSP, readDashboard } from '../../src/api/http/dashboard.js';
import { ST_PATH, testApp } from '../helpers/app.js';

const assetsOf = (page: string): string[] => [...page.matchAll(/(?:src|href)="assets\/([^"]+)"/g)].map((m) => m[1]!);

t.test('the page and its assets load without a token, with caching and security headers', async (t) => {
  const { call } = await testApp(t);
  const redirect = await call('GET', '/ui', undefined, { token: null });
  t.equal(redirect.statusCode, 301);
  t.equal(redirect.headers.location, '/ui/');

  const page = await call('GET', '/ui/', undefined, { token: null });
  t.equal(page.statusCode, 200, page.body);
  t.match(page.headers['content-type'], /^text\/html/);
  t.equal(page.headers['cache-control'], 'no-cache', 'the page is checked again each time: a new build shows at once');
  t.equal(page.headers['content-security-policy'], DASHBOARD_CSP);
  t.match(DASHBOARD_CSP, /script-src 'self'(;|$)/, 'no inline scripts');
  t.notMatch(DASHBOARD_CSP, /unsafe-inline|unsafe-eval|https?:/, 'nothing inline, nothing from elsewhere');
  t.notMatch(page.body, /<script>|<style>| style=/, 'the page itself has no inline script or style');

  const assets = assetsOf(page.body);
  t.same(
    assets.map((name) => name.replace(/-[A-Z0-9]{8}\./, '-HASH.')),
    ['app-HASH.css', 'app-HASH.js'],
  );
  for (const name of assets) {
    const asset = await call('GET', `/ui/assets/${name}`, undefined, { token: null });
    t.equal(asset.statusCode, 200, name);
    t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable', `${name}: hashed, kept for good`);
    t.equal(asset.headers['x-content-type-options'], 'nosniff');
    t.match(asset.headers['content-type'], name.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
  }
});

t.test('the /ui exception opens nothing else', async (t) => {
  const { call } = await testApp(t);
  const unknown = await call('GET', '/ui/assets/app.js', undefined, { token: null });
  t.equal(unknown.statusCode, 404, 'only the built files are served');
  t.equal(unknown.json.kind, 'Status');
  for (const path of ['/ui/assets/..%2F..%2Fpackage.json', '/ui/assets/%2e%2e%2findex.html', '/ui/index.html']) {
    t.equal((await call('GET', path, undefined, { token: null })).statusCode, 404, path);
  }
  for (const path of [ST_PATH, `/ui/..${ST_PATH}`, `/ui/../..${ST_PATH}`, `/ui/%2e%2e${ST_PATH}`]) {
    const reply = await call('GET', path, undefined, { token: null });
    t.ok(reply.statusCode === 401 || reply.statusCode === 404, `${path} answers ${reply.statusCode}`);
    t.notOk(reply.body.includes('SyncTargetList'), `${path} lists nothing`);
  }
  t.equal((await call('GET', ST_PATH, undefined, { token: null })).statusCode, 401, 'the API still needs a token');
  t.equal((await call('POST', '/ui/', {}, { token: null })).statusCode, 404, 'the page answers GET only');
});

t.test('a server that was not built says so', async (t) => {
  t.equal(readDashboard(t.testdir()), undefined);
});
