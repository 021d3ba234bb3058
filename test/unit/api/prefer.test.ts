// RFC 7240 Prefer: return=minimal, among other preferences and headers, in any case.
import type { FastifyRequest } from 'fastify';
import t from 'tap';
import { prefersMinimal } from '../../../src/api/http/prefer.js';

const request = (prefer?: string | string[]) => ({ headers: prefer === undefined ? {} : { prefer } }) as FastifyRequest;

t.test('return=minimal is found among preferences; anything else is not minimal', async (t) => {
  for (const header of [
    'return=minimal',
    'RETURN = "minimal"',
    'respond-async, return=minimal; foo=bar',
    ['wait=10', 'return=minimal'],
  ])
    t.ok(prefersMinimal(request(header)), JSON.stringify(header));
  for (const header of [undefined, '', 'return=representation', 'return=minimalist', 'wait=10', 'x-return=minimal'])
    t.notOk(prefersMinimal(request(header)), JSON.stringify(header));
});
