// The agents' routes log warnings and errors only, each line with its request id, and a request
// that logs nothing makes no child logger of its own.
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import t from 'tap';
import { QUIET_REQUEST_LOGS } from '../../../../src/api/http/quiet-logs.js';

async function appLogging(level: string, lines: Record<string, unknown>[]) {
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
  const app = Fastify({ loggerInstance: pino({ level }, stream) as FastifyBaseLogger });
  app.get('/agent', QUIET_REQUEST_LOGS, async (request) => {
    request.log.info('an info line');
    request.log.debug('a debug line');
    request.log.warn({ detail: 1 }, 'a warning');
    request.log.child({ part: 'inner' }).error('an error from a child');
    return { level: request.log.level };
  });
  app.get('/silent', QUIET_REQUEST_LOGS, async (request) => ({ level: request.log.level }));
  await app.ready();
  return app;
}

t.test('warnings and errors are logged with the request id; info and debug are not', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const app = await appLogging('debug', lines);
  t.teardown(() => app.close());
  const reply = await app.inject({ method: 'GET', url: '/agent' });
  t.same(reply.json(), { level: 'warn' }, 'the route logs at warn');
  const mine = lines.filter((line) => line.reqId);
  t.same(
    mine.map(({ msg, level, detail, part }) => ({ msg, level, detail, part })),
    [
      { msg: 'a warning', level: 40, detail: 1, part: undefined },
      { msg: 'an error from a child', level: 50, detail: undefined, part: 'inner' },
    ],
  );
  t.ok(
    mine.every((line) => line.reqId === mine[0]!.reqId),
    'one request id on every line',
  );
});

t.test('a server log quieter than warn stays as quiet on these routes', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const app = await appLogging('error', lines);
  t.teardown(() => app.close());
  const reply = await app.inject({ method: 'GET', url: '/agent' });
  t.same(reply.json(), { level: 'error' });
  t.same(
    lines.filter((line) => line.reqId).map((line) => line.msg),
    ['an error from a child'],
  );
});

t.test('a request that logs nothing makes no child logger', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const app = await appLogging('info', lines);
  t.teardown(() => app.close());
  // The first request makes the one warn-level logger every request's child comes from.
  t.equal((await app.inject({ method: 'GET', url: '/silent' })).statusCode, 200);
  let children = 0;
  const quiet = Object.getPrototypeOf(app.log) as { child: (...args: unknown[]) => unknown };
  const child = quiet.child;
  quiet.child = function (this: unknown, ...args: unknown[]) {
    children++;
    return Reflect.apply(child, this, args);
  };
  t.teardown(() => {
    quiet.child = child;
  });
  t.equal((await app.inject({ method: 'GET', url: '/silent' })).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/silent' })).statusCode, 200);
  t.equal(children, 0, 'none for requests that log nothing');
  t.equal((await app.inject({ method: 'GET', url: '/agent' })).statusCode, 200);
  t.equal(children, 2, 'the request that logs: its own child, and the child it asked for');
});
