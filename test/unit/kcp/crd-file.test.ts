// deploy/crds is made from the SyncTarget schema and columns: the committed file is what
// `npm run crds` writes, it is a structural schema kcp accepts, and it carries every status field.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { crdText } from '../../../scripts/write-crds.js';
import { structural, syncTargetCrd } from '../../../src/kcp/crd-schema.js';
import { SyncTargetStatus } from '../../../src/schemas/synctarget.js';

const FILE = new URL('../../../deploy/crds/workload.kcp.io_synctargets.yaml', import.meta.url);

t.test('the committed CRD is the one made from the schema (run `npm run crds` when this fails)', async (t) => {
  t.equal(readFileSync(FILE, 'utf8'), crdText());
});

/** Every key anywhere in a schema, with its path. */
function keys(value: unknown, path = ''): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${path}/${k}`, ...keys(v, `${path}/${k}`)]);
}

t.test('the schema is structural: no const, anyOf, patternProperties or additionalProperties: false', async (t) => {
  const schema = syncTargetCrd().spec.versions[0]!.schema!.openAPIV3Schema!;
  const found = keys(schema).filter((k) => /\/(const|anyOf|patternProperties|\$id)$/.test(k));
  t.same(found, []);
  t.notOk(JSON.stringify(schema).includes('"additionalProperties":false'));
});

t.test('every status field of the API is in the CRD, so kcp keeps what the mirror writes', async (t) => {
  const status = syncTargetCrd().spec.versions[0]!.schema!.openAPIV3Schema!.properties!.status!;
  t.same(Object.keys(status.properties ?? {}).sort(), Object.keys(SyncTargetStatus.properties).sort());
  t.equal(status.properties!.conditionHistory!.items!.properties!.status!.enum!.length, 3);
});

t.test('literals and unions of literals become enums; records become additionalProperties', async (t) => {
  t.same(structural({ type: 'string', const: 'v1' }), { type: 'string', enum: ['v1'] });
  t.same(
    structural({
      anyOf: [
        { type: 'string', const: 'A' },
        { type: 'string', const: 'B' },
      ],
    }),
    {
      type: 'string',
      enum: ['A', 'B'],
    },
  );
  t.same(structural({ type: 'object', patternProperties: { '^.*$': { type: 'string', maxLength: 3 } } }), {
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 3 },
  });
  t.same(structural({ type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false }), {
    type: 'object',
    properties: { a: { type: 'integer' } },
  });
});
