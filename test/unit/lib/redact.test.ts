// Secrets out of logs: the one URL redaction every logged or reported URL goes through, and the
// pino paths every logger of the server and the syncer blanks out.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { LOG_REDACT, redactUrl } from '../../../src/lib/redact.js';

t.test('a URL loses its password and credential-like query values, and keeps the rest', async (t) => {
  t.equal(
    redactUrl('postgres://tmc:s3cret@db.example:5432/tmc?sslmode=require&password=other'),
    'postgres://tmc:***@db.example:5432/tmc?sslmode=require&password=***',
  );
  t.equal(
    redactUrl('postgresql://tmc@db/tmc?PassWord=x&sslpassword=y&application_name=a'),
    'postgresql://tmc@db/tmc?PassWord=***&sslpassword=***&application_name=a',
  );
  t.equal(redactUrl('postgres://tmc:p%40ss@db/tmc'), 'postgres://tmc:***@db/tmc', 'an escaped password too');
  t.equal(
    redactUrl('https://kcp.example:6443/clusters/root:org?access_token=abc'),
    'https://kcp.example:6443/clusters/root:org?access_token=***',
  );
  t.equal(redactUrl('https://tmc.example:8080'), 'https://tmc.example:8080', 'nothing to hide: exactly as given');
});

t.test('an unparsable URL is not shown at all, only its scheme', async (t) => {
  t.equal(redactUrl('postgres://tmc:s3cret@db:notaport/tmc'), 'postgres://(unparsable URL)');
  t.equal(redactUrl('s3cret and more'), '(unparsable URL)');
});

t.test('known secret fields are blanked in every log line, at the top and one level down', async (t) => {
  let text = '';
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      text += chunk.toString();
      done();
    },
  });
  const log = pino({ redact: LOG_REDACT }, sink);
  log.info(
    {
      token: 'secret-1',
      password: 'secret-2',
      databaseUrl: 'secret-3',
      adminToken: 'secret-4',
      config: { connectionString: 'secret-5', password: 'secret-6' },
      req: { headers: { authorization: 'Bearer secret-7', cookie: 'secret-8' } },
      authorization: 'secret-9',
    },
    'hello',
  );
  t.match(text, /hello/);
  for (let i = 1; i <= 9; i++) t.notMatch(text, `secret-${i}`, `secret-${i} is not in the line`);
});
