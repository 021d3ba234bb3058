// The OpenAPI v2 document in the protobuf form kubectl asks /openapi/v2 for (it validates
// manifests with it): gnostic's openapi.v2 messages, where maps are lists of named entries,
// "$ref" is "_ref" and every free-form value (defaults, enums, x- extensions) is YAML text.
import protobuf from 'protobufjs';
import { OPENAPI_V2_PROTO } from './openapi-v2-proto.js';

/** The protobuf media type as Kubernetes answers with it (a "@" in a media type is not valid). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** The spelling kubectl asks for. */
export const OPENAPI_V2_PROTOBUF_ASKED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked generically, key by key
type Json = Record<string, any>;

const root = protobuf.parse(OPENAPI_V2_PROTO, { keepCase: true }).root;
const Document = root.lookupType('openapi.v2.Document');

// JSON is YAML, and the Go side parses these values as YAML.
const any = (value: unknown) => ({ yaml: JSON.stringify(value) });
// biome-ignore lint/suspicious/noExplicitAny: each converter narrows its own value
const named = (record: Json | undefined, convert: (value: any) => unknown) =>
  Object.entries(record ?? {}).map(([name, value]) => ({ name, value: convert(value) }));
const extensions = (object: Json) =>
  Object.entries(object)
    .filter(([key]) => key.startsWith('x-'))
    .map(([name, value]) => ({ name, value: any(value) }));
const optional = <T>(value: T | undefined, convert: (value: T) => unknown) =>
  value === undefined ? undefined : convert(value);
const additional = (extra: unknown) =>
  typeof extra === 'boolean' ? { boolean: extra } : { schema: schema(extra as Json) };

function schema(s: Json): Json {
  const extra = s.additionalProperties;
  return {
    _ref: s.$ref,
    format: s.format,
    title: s.title,
    description: s.description,
    default: optional(s.default, any),
    maximum: s.maximum,
    minimum: s.minimum,
    max_length: s.maxLength,
    min_length: s.minLength,
    pattern: s.pattern,
    max_items: s.maxItems,
    min_items: s.minItems,
    unique_items: s.uniqueItems,
    max_properties: s.maxProperties,
    min_properties: s.minProperties,
    required: s.required,
    enum: s.enum?.map(any),
    additional_properties: optional(extra, additional),
    type: optional(s.type, (t: string | string[]) => ({ value: [t].flat() })),
    items: optional(s.items, (items: Json) => ({ schema: [schema(items)] })),
    properties: optional(s.properties, (p: Json) => ({ additional_properties: named(p, schema) })),
    vendor_extension: extensions(s),
  };
}

function parameter(p: Json): Json {
  const { name, in: where, description, required } = p;
  if (where === 'body') {
    return { parameter: { body_parameter: { name, in: where, description, required, schema: schema(p.schema) } } };
  }
  const common = { name, in: where, description, required, type: p.type, format: p.format };
  const sub =
    where === 'path'
      ? { path_parameter_sub_schema: common }
      : {
          query_parameter_sub_schema: {
            ...common,
            default: optional(p.default, any),
            maximum: p.maximum,
            minimum: p.minimum,
            max_length: p.maxLength,
            min_length: p.minLength,
            pattern: p.pattern,
            enum: p.enum?.map(any),
          },
        };
  return { parameter: { non_body_parameter: sub } };
}

function operation(op: Json): Json {
  const responses = Object.entries(op.responses ?? {}).map(([code, given]) => {
    const { description, schema: body } = given as Json;
    const response = { description, schema: optional(body, (b: Json) => ({ schema: schema(b) })) };
    return { name: code, value: { response } };
  });
  return {
    tags: op.tags,
    summary: op.summary,
    description: op.description,
    operation_id: op.operationId,
    produces: op.produces,
    consumes: op.consumes,
    parameters: (op.parameters ?? []).map(parameter),
    responses: { response_code: responses },
    vendor_extension: extensions(op),
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const pathItem = (item: Json): Json =>
  Object.fromEntries(METHODS.filter((m) => item[m]).map((m) => [m, operation(item[m])]));

/** Encodes an OpenAPI v2 (Swagger 2.0) document as kubectl decodes it. */
export function encodeOpenApiV2(document: Json): Buffer {
  const message = {
    swagger: document.swagger,
    info: document.info,
    paths: { path: named(document.paths, pathItem) },
    definitions: { additional_properties: named(document.definitions, schema) },
    security: (document.security ?? []).map((requirement: Json) => ({
      additional_properties: named(requirement, (scopes: string[]) => ({ value: scopes })),
    })),
    security_definitions: {
      additional_properties: named(document.securityDefinitions, (d: Json) => ({ api_key_security: d })),
    },
  };
  return Buffer.from(Document.encode(Document.fromObject(message)).finish());
}

/** Decodes what encodeOpenApiV2 wrote, as plain objects (for tests and debugging). */
export function decodeOpenApiV2(bytes: Uint8Array): Json {
  return Document.toObject(Document.decode(bytes), { defaults: false, arrays: true, oneofs: false }) as Json;
}
