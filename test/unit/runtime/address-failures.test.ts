// The per-address budget of failed authentications: a burst, then a steady rate earned back.
import t from 'tap';
import { AddressFailures } from '../../../src/runtime/address-failures.js';

t.test('an address past its burst waits until it has earned one failure back', async (t) => {
  const failures = new AddressFailures({ burst: 3, perSecond: 2 });
  for (let i = 0; i < 3; i++) {
    t.equal(failures.retryAfter('a', 0), 0, `failure ${i + 1} is allowed`);
    failures.failed('a', 0);
  }
  t.equal(failures.retryAfter('a', 0), 1, 'refused, told to retry after a second');
  t.equal(failures.retryAfter('b', 0), 0, 'another address is not affected');
  t.equal(failures.retryAfter('a', 400), 1, 'not yet earned back');
  t.equal(failures.retryAfter('a', 500), 0, 'half a second at 2 per second earns one');
  failures.failed('a', 500);
  t.equal(failures.retryAfter('a', 500), 1, 'spent again');
  t.equal(failures.refused, 3, 'refusals counted');
  t.equal(failures.retryAfter('a', 60_000), 0, 'a quiet address is whole again');
});

t.test('a slow rate asks for a longer wait', async (t) => {
  const failures = new AddressFailures({ burst: 1, perSecond: 1 / 10 });
  failures.failed('a', 0);
  t.equal(failures.retryAfter('a', 0), 10);
});

t.test('failures past the first few of a burst are paced, until the address has earned them back', async (t) => {
  const failures = new AddressFailures({ burst: 10, perSecond: 1, answeredAtOnce: 3 });
  t.notOk(failures.paced('a', 0), 'an address that never failed');
  for (let i = 0; i < 3; i++) failures.failed('a', 0);
  t.notOk(failures.paced('a', 0), 'three failures are answered at once');
  failures.failed('a', 0);
  t.ok(failures.paced('a', 0), 'the fourth spent more than that');
  t.notOk(failures.paced('b', 0), 'another address is not');
  t.notOk(failures.paced('a', 1000), 'a second later one is earned back');
  const byDefault = new AddressFailures({ burst: 20, perSecond: 1 });
  for (let i = 0; i < 10; i++) byDefault.failed('a', 0);
  t.notOk(byDefault.paced('a', 0), 'ten by default');
  byDefault.failed('a', 0);
  t.ok(byDefault.paced('a', 0));
});
