// The SyncTarget CustomResourceDefinition the mirror installs in kcp, made from the same TypeBox
// schema and column list as tmc's own API, so the two cannot drift apart. deploy/crds holds it as
// a file (`npm run crds` writes it; a test fails when it is stale), for users and for images.
import type * as k8s from '@kubernetes/client-node';
import { SYNC_TARGET_COLUMNS } from '../lib/tmc-columns.js';
import { SyncTarget, SYNC_TARGET_API_VERSION, SYNC_TARGET_KIND } from '../schemas/synctarget.js';

type Schema = Record<string, unknown>;

// What a structural schema may say (apiextensions' JSONSchemaProps, less what tmc never uses).
const KEPT = new Set([
  'type',
  'description',
  'format',
  'pattern',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minimum',
  'maximum',
  'default',
  'enum',
  'required',
]);

/**
 * A TypeBox schema as a structural one: a literal (`const`) and a union of literals become an
 * `enum`, a record (`patternProperties`) becomes `additionalProperties`, and what structural
 * schemas refuse (`additionalProperties: false` beside `properties`, `$id`) is left out.
 */
export function structural(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) if (KEPT.has(key)) out[key] = value;
  if ('const' in schema) out.enum = [schema.const];
  const union = schema.anyOf as Schema[] | undefined;
  if (union?.every((s) => 'const' in s)) {
    out.type = union[0]!.type;
    out.enum = union.map((s) => s.const);
  }
  if (schema.properties) {
    const props = Object.entries(schema.properties as Record<string, Schema>);
    out.properties = Object.fromEntries(props.map(([k, v]) => [k, structural(v)]));
    // A field with a default is filled in before validation: requiring it too would make the
    // parent's own default (`spec: {}`) invalid, which the apiserver refuses.
    const required = ((schema.required ?? []) as string[]).filter(
      (k) => (out.properties as Schema)[k]?.['default' as never] === undefined,
    );
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  const patterns = schema.patternProperties as Record<string, Schema> | undefined;
  if (patterns) out.additionalProperties = structural(Object.values(patterns)[0]!);
  if (schema.items) out.items = structural(schema.items as Schema);
  return out;
}

export function syncTargetCrd(): k8s.V1CustomResourceDefinition {
  const [group, version] = SYNC_TARGET_API_VERSION.split('/') as [string, string];
  const { spec, status } = SyncTarget.properties;
  const openAPIV3Schema = {
    description: (SyncTarget as unknown as Schema).description,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      // The apiserver's own ObjectMeta: a CRD may not describe it.
      metadata: { type: 'object' },
      spec: structural(spec as unknown as Schema),
      status: structural(status as unknown as Schema),
    },
  };
  const printers = SYNC_TARGET_COLUMNS.flatMap((c) =>
    c.printer
      ? [{ name: c.name, description: c.description, ...c.printer, ...(c.priority ? { priority: 1 } : {}) }]
      : [],
  );
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `synctargets.${group}`, labels: { 'app.kubernetes.io/managed-by': 'tmc' } },
    spec: {
      group,
      names: {
        kind: SYNC_TARGET_KIND,
        listKind: `${SYNC_TARGET_KIND}List`,
        plural: 'synctargets',
        singular: 'synctarget',
        categories: ['kcp'],
      },
      scope: 'Cluster',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: printers,
          schema: { openAPIV3Schema: openAPIV3Schema as k8s.V1JSONSchemaProps },
        },
      ],
    },
  };
}
