// A URL Fastify cannot route, such as a path whose percent-escapes are not UTF-8 (a lone
// surrogate, an overlong NUL, a stray continuation byte), is refused with a Kubernetes Status
// like every other bad request, not with Fastify's own error body.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';
import { targetWithToken } from '../helpers/agents.js';
import { isStatus, listen } from '../helpers/http.js';

t.test('a path that does not decode is a 400 Status on every route', async (t) => {
  const api = await testApp(t);
  const http = await listen(api);
  const token = await targetWithToken(api, 'edge-1');
  for (const name of ['%80', '%ED%A0%80', '%C0%80', 'edge-1%FF']) {
    for (const [method, path, body] of [
      ['GET', `${ST_PATH}/${name}`, undefined],
      ['GET', `${ST_PATH}/${name}/deployments?timeoutSeconds=0`, undefined],
      ['POST', `${ST_PATH}/${name}/heartbeat`, '{}'],
      ['PUT', `${ST_PATH}/edge-1/deployments/default/${name}/status`, '{}'],
    ] as const) {
      const answer = await http.send(method, path, body, { token });
      isStatus(t, answer, 400, 'BadRequest', `${method} ${path}`);
      t.match(answer.json.message, /is not a valid url component/);
    }
  }
});
