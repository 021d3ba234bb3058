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
