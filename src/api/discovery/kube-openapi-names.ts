// The names of the types in the Kubernetes OpenAPI documents, as Kubernetes forms them: the
// reversed group, the version and the type, e.g. io.kcp.workload.v1alpha1.SyncTarget and
// io.k8s.api.apps.v1.Deployment, with the shared meta types under
// io.k8s.apimachinery.pkg.apis.meta.v1. A type is known by its properties object, which the
// routes validate with too, so a schema used in many places (or wrapped by Type.Optional,
// which copies the schema but not its properties) is one named type.
import * as meta from '../../schemas/meta.js';
import type { ResourceDefinition } from '../http/resource-definition.js';

const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** io.kcp.workload.v1alpha1 for workload.kcp.io/v1alpha1; io.k8s.api.apps.v1 for a built-in group. */
export function typePrefix(group: string, version: string): string {
  const base = group.includes('.') ? group.split('.').reverse().join('.') : `io.k8s.api.${group || 'core'}`;
  return `${base}.${version}`;
}

const keyOf = (schema: object): object => (schema as { properties?: object }).properties ?? schema;

const isObjectSchema = (value: unknown): value is Record<string, unknown> => {
  const schema = value as { type?: unknown; properties?: unknown } | null;
  return (
    typeof schema === 'object' &&
    schema !== null &&
    schema.type === 'object' &&
    typeof schema.properties === 'object' &&
    Object.keys(schema.properties as object).length > 0
  );
};

export interface KindType {
  name: string;
  gvk: { group: string; version: string; kind: string };
}

export class SchemaNames {
  private readonly names = new Map<object, string>();
  private readonly schemas = new Map<string, object>();
  /** The named types that are kinds, with the group, version and kind they stand for. */
  readonly kinds = new Map<string, KindType['gvk']>();

  constructor(defs: ResourceDefinition[]) {
    for (const def of defs) {
      const prefix = typePrefix(def.group, def.version);
      this.addKind(def.schema, `${prefix}.${def.kind}`, def, def.kind);
      this.addKind(def.listSchema, `${prefix}.${def.kind}List`, def, `${def.kind}List`);
    }
    this.addModule(meta, META_PREFIX);
    this.kinds.set(`${META_PREFIX}.Status`, { group: '', version: 'v1', kind: 'Status' });
    for (const def of defs) if (def.namedSchemas) this.addModule(def.namedSchemas, typePrefix(def.group, def.version));
  }

  private addKind(schema: object, name: string, def: ResourceDefinition, kind: string): void {
    this.name(schema, name);
    this.kinds.set(name, { group: def.group, version: def.version, kind });
  }

  /** A kind no resource here serves but a subresource answers with (io.k8s.api.autoscaling.v1.Scale). */
  addOtherKind(schema: object, gvk: KindType['gvk']): void {
    if (this.names.has(keyOf(schema))) return;
    const name = `${typePrefix(gvk.group, gvk.version)}.${gvk.kind}`;
    this.name(schema, name);
    this.kinds.set(name, gvk);
  }

  private addModule(exports: Record<string, unknown>, prefix: string): void {
    for (const [exported, value] of Object.entries(exports)) {
      if (isObjectSchema(value) && !this.names.has(keyOf(value))) this.name(value, `${prefix}.${exported}`);
    }
  }

  private name(schema: object, name: string): void {
    this.names.set(keyOf(schema), name);
    this.schemas.set(name, schema);
  }

  nameOf(schema: object): string | undefined {
    return this.names.get(keyOf(schema));
  }

  /** The schema of a name. */
  schemaOf(name: string): object | undefined {
    return this.schemas.get(name);
  }
}
