// A 4xx ApiError answers the client and is built without a stack trace (capturing one costs more
// than the rest of a refusal); a 5xx keeps its stack for the log, and the global limit is untouched.
import t from 'tap';
import { ApiError, serviceUnavailable, unauthorized } from '../../../src/api/http/errors.js';

t.test('4xx without a stack, 5xx with one', async (t) => {
  const limit = Error.stackTraceLimit;
  const refusal = unauthorized();
  t.ok(refusal instanceof ApiError && refusal instanceof Error);
  t.notMatch(refusal.stack ?? '', /\n\s+at /, 'a 401 captures no frames');
  t.match(refusal.stack ?? '', /Unauthorized/, 'its message is still there');
  t.match(serviceUnavailable('down').stack ?? '', /\n\s+at /, 'a 503 keeps its frames');
  t.match(new Error('other').stack ?? '', /\n\s+at /, 'other errors keep theirs');
  t.equal(Error.stackTraceLimit, limit, 'the limit is restored');
});
