import t from 'tap';
import {
  matches,
  parseSelector,
  selectorRequirements,
  validateSelectorObject,
} from '../../../src/lib/label-selector.js';

t.test('parses the string forms into requirements', async (t) => {
  t.same(parseSelector('env=prod'), [{ key: 'env', operator: 'In', values: ['prod'] }]);
  t.same(parseSelector('env!=prod'), [{ key: 'env', operator: 'NotIn', values: ['prod'] }]);
  t.same(parseSelector('x in (a, b),!y,z'), [
    { key: 'x', operator: 'In', values: ['a', 'b'] },
    { key: 'y', operator: 'DoesNotExist', values: [] },
    { key: 'z', operator: 'Exists', values: [] },
  ]);
  t.same(parseSelector('example.com/team notin (a)'), [{ key: 'example.com/team', operator: 'NotIn', values: ['a'] }]);
  t.same(parseSelector('env='), [{ key: 'env', operator: 'In', values: [''] }]);
  t.same(parseSelector(''), []);
});

t.test('rejects malformed selectors with a reason', async (t) => {
  for (const bad of [
    '=x',
    'a b',
    'x in a',
    'x in (a',
    'x in ()',
    'x in (a b)',
    '!',
    'a=b=c',
    'a==(b)',
    'a=b,,c',
    'bad key=x',
    `k=${'v'.repeat(64)}`,
  ]) {
    t.throws(() => parseSelector(bad), { name: 'SelectorSyntaxError' }, bad);
  }
});

t.test('matches labels as Kubernetes does', async (t) => {
  const labels = { env: 'prod', tier: 'web' };
  t.ok(matches(parseSelector('env=prod'), labels));
  t.notOk(matches(parseSelector('env=dev'), labels));
  t.ok(matches(parseSelector('zone!=eu'), labels), '!= matches an absent label');
  t.ok(matches(parseSelector('zone notin (eu)'), undefined));
  t.notOk(matches(parseSelector('zone in (eu)'), labels));
  t.ok(matches([], undefined), 'the empty selector matches everything');
});

t.test('structured LabelSelector: conversion and validation', async (t) => {
  const selector = {
    matchLabels: { app: 'web' },
    matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
  };
  t.same(validateSelectorObject('spec.selector', selector), []);
  t.ok(matches(selectorRequirements(selector), { app: 'web', env: 'prod' }));
  t.notOk(matches(selectorRequirements(selector), { app: 'web', env: 'dev' }));
  const causes = validateSelectorObject('spec.selector', {
    matchLabels: { 'bad key': 'x' },
    matchExpressions: [
      { key: 'a', operator: 'In' },
      { key: 'b', operator: 'Exists', values: ['x'] },
      { key: 'c', operator: 'Near', values: ['x'] },
    ],
  });
  t.same(
    causes.map((c) => c.field),
    [
      'spec.selector.matchLabels',
      'spec.selector.matchExpressions[0].values',
      'spec.selector.matchExpressions[1].values',
      'spec.selector.matchExpressions[2].operator',
    ],
  );
});
