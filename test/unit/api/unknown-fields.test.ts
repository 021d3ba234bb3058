// The two halves of field validation that need no server: duplicate keys found in a JSON text
// (paths named as Kubernetes names them, escapes and nesting included), and unknown fields
// found and pruned against a TypeBox schema (records and open objects keep their keys).
import t from 'tap';
import { Type } from 'typebox';
import { pruneUnknownFields } from '../../../src/api/resources/unknown-fields.js';
import { duplicateKeys } from '../../../src/lib/duplicate-keys.js';
import { Deployment } from '../../../src/schemas/deployment.js';

t.test('duplicate keys, with their paths, in the order they occur', async (t) => {
  t.same(duplicateKeys('{"a":1,"b":2}'), []);
  t.same(duplicateKeys('{"a":1,"a":2}'), ['a']);
  const text = '{"spec":{"items":[{"n":1},{"n":1,"n":2}],"x":"{\\"x\\":1,\\"x\\":2}","x":0},"\\u0061":1,"a":2}';
  t.same(
    duplicateKeys(text),
    ['spec.items[1].n', 'spec.x', 'a'],
    'strings that look like JSON are no keys; escapes decode',
  );
  t.same(duplicateKeys('[{"a":[],"a":{}},[{"b":1}],{"b":1}]'), ['[0].a'], 'same keys in different objects are fine');
  t.same(duplicateKeys('{"k":{"a":1},"k":{"a":1,"a":2}}'), ['k', 'k.a']);
});

t.test('unknown fields are pruned where the schema takes no other keys', async (t) => {
  const schema = Type.Object({
    spec: Type.Object(
      { size: Type.Integer(), labels: Type.Record(Type.String(), Type.String()) },
      { additionalProperties: false },
    ),
    open: Type.Object({}, { additionalProperties: true }),
    list: Type.Array(Type.Object({ name: Type.String() })),
  });
  const value = {
    spec: { size: 1, labels: { any: 'key' }, colour: 'red' },
    open: { anything: { goes: 1 } },
    list: [{ name: 'a' }, { name: 'b', extra: true }],
    status: { kept: 1 },
    other: 1,
  };
  t.same(pruneUnknownFields(schema, value, ['status']), ['spec.colour', 'list[1].extra', 'other']);
  t.same(value, {
    spec: { size: 1, labels: { any: 'key' } },
    open: { anything: { goes: 1 } },
    list: [{ name: 'a' }, { name: 'b' }],
    status: { kept: 1 },
  });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', finalizers: ['x'] },
    spec: {
      replicas: 1,
      selector: {},
      template: { spec: { containers: [{ name: 'c', imagee: 'typo' }] } },
      anything: 1,
    },
  };
  t.same(
    pruneUnknownFields(Deployment, deployment),
    ['metadata.finalizers'],
    'a Deployment keeps the spec fields the server does not type',
  );
});
