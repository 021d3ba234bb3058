// The body validators compiled ahead of the first request: each schema once, one to a turn, and
// not at all once the server says it is stopping.
import t from 'tap';
import { Type } from 'typebox';
import { bodyValidator, warmBodyValidators } from '../../../../src/api/http/ajv.js';

const schemas = () => [Type.Object({ a: Type.String() }), Type.Object({ b: Type.Integer() })];

t.test('compiles each schema once, and what it compiled is what requests then use', async (t) => {
  const [first, second] = schemas();
  t.equal(await warmBodyValidators([first!, second!], () => false), 2);
  t.equal(await warmBodyValidators([first!, second!], () => false), 0, 'already compiled: nothing again');
  const validate = bodyValidator(first!);
  t.ok(validate({ a: 'x' }));
  t.notOk(validate({ a: 1 }));
});

t.test('one schema to an event-loop turn, so a timer due meanwhile runs between them', async (t) => {
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  const many = Array.from({ length: 20 }, (_, i) => Type.Object({ [`f${i}`]: Type.String() }));
  await warmBodyValidators(many, () => false);
  clearInterval(ticking);
  t.ok(turns >= 2, `timers ran ${turns} times while 20 schemas compiled`);
});

t.test('stops once the server is stopping', async (t) => {
  let stopping = false;
  const [first, second] = schemas();
  const warming = warmBodyValidators([first!, second!], () => stopping);
  stopping = true;
  t.equal(await warming, 0, 'nothing compiled after the stop');
  t.equal(await warmBodyValidators([first!, second!], () => false), 2, 'both were left for their first request');
});
