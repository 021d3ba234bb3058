// The route schemas (TypeBox, JSON Schema) as the Kubernetes OpenAPI documents write them:
// named types become $refs to components (v3) or definitions (v2), a const or a union of
// consts becomes an enum, a record becomes additionalProperties, and a field with a default is
// not required (the server fills it in). OpenAPI v2, which kubectl validates manifests with,
// has no anyOf; there an object that keeps unknown fields (additionalProperties: true) is a
// plain map, so validation does not refuse fields the server keeps.
import type { SchemaNames } from './kube-openapi-names.js';

export type OpenApiVersion = 'v2' | 'v3';
type Json = Record<string, unknown>;

const KEPT = [
  'type',
  'format',
  'description',
  'default',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  // How lists and maps merge: kubectl builds strategic merge patches and applies from these.
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
] as const;

/** Converts schemas for one document, remembering which named types it referred to. */
export class SchemaWriter {
  readonly used = new Set<string>();

  constructor(
    readonly names: SchemaNames,
    readonly version: OpenApiVersion,
  ) {}

  ref(name: string): Json {
    this.used.add(name);
    return { $ref: this.version === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}` };
  }

  /** A reference with the field's description beside it (in allOf, as Kubernetes writes it), for explain. */
  private refTo(name: string, source: Json): Json {
    const description = source.description;
    if (description === undefined) return this.ref(name);
    return this.version === 'v3' ? { allOf: [this.ref(name)], description } : { ...this.ref(name), description };
  }

  /** A body or an answer: a named type by its bare reference, anything else written out. */
  whole(schema: unknown): Json {
    const name = this.names.nameOf(schema as object);
    return name ? this.ref(name) : this.write(schema);
  }

  /** A schema; a named one becomes a reference unless it is the named type being defined. */
  write(schema: unknown, defining = false): Json {
    const source = schema as Json;
    const name = this.names.nameOf(source);
    if (name && !defining) return this.refTo(name, source);
    const out: Json = {};
    for (const key of KEPT) if (source[key] !== undefined) out[key] = source[key];
    if (source.const !== undefined) out.enum = [source.const];
    if (Array.isArray(source.anyOf)) Object.assign(out, this.union(source.anyOf as Json[]));
    if (source.items) out.items = this.write(source.items);
    Object.assign(out, this.object(source));
    return out;
  }

  private union(members: Json[]): Json {
    if (members.every((m) => m.const !== undefined)) {
      return { type: members[0]!.type, enum: members.map((m) => m.const) };
    }
    return this.version === 'v3' ? { anyOf: members.map((m) => this.write(m)) } : {};
  }

  private object(source: Json): Json {
    const out: Json = {};
    const open = source.additionalProperties === true;
    const properties = source.properties as Record<string, Json> | undefined;
    if (properties && Object.keys(properties).length > 0 && !(open && this.version === 'v2')) {
      out.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, this.write(value)]));
      const listed = (source.required as string[] | undefined) ?? [];
      const required = listed.filter((key) => properties[key]?.default === undefined);
      if (required.length > 0) out.required = required;
    }
    const patterns = Object.values((source.patternProperties as Record<string, Json> | undefined) ?? {});
    if (patterns.length > 0) out.additionalProperties = this.write(patterns[0]);
    else if (typeof source.additionalProperties === 'object') {
      out.additionalProperties = this.write(source.additionalProperties);
    } else if (open) out.additionalProperties = true;
    return out;
  }
}
