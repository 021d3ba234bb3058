// Kubernetes' field validation rules (apimachinery's validation package), returning Status
// causes so a client learns every bad field from one answer instead of one per attempt.
export interface Cause {
  reason: string;
  message: string;
  field: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** The longest object name: a DNS-1123 subdomain. */
export const MAX_NAME_LENGTH = 253;

export const invalid = (field: string, value: unknown, detail: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

export const required = (field: string, detail = 'Required value'): Cause => ({
  reason: 'FieldValueRequired',
  field,
  message: detail,
});

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

// "v1", "apps/v1", "autoscaling/v2", "example.com/v1beta1"; a kind is CamelCase. Both end up in
// URLs (the agent's REST mapper, a Placement's selectors), so nothing else may pass.
const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

export const isApiVersion = (value: string): boolean => API_VERSION.test(value);
export const isKindName = (value: string): boolean => KIND.test(value);

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= MAX_NAME_LENGTH && DNS1123_SUBDOMAIN.test(value);
}

export function validateSubdomainName(field: string, value: string): Cause[] {
  if (isDns1123Subdomain(value)) return [];
  return [
    invalid(
      field,
      value,
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
        'must start and end with an alphanumeric character and be at most 253 characters',
    ),
  ];
}

export const DNS1123_LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
  'must start and end with an alphanumeric character and be at most 63 characters';

export function validateLabelName(field: string, value: string): Cause[] {
  if (isDns1123Label(value)) return [];
  return [invalid(field, value, DNS1123_LABEL_RULE)];
}

/** A label or annotation key: an optional DNS subdomain prefix and a name of at most 63 characters. */
export function validateQualifiedName(field: string, key: string): Cause[] {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || isDns1123Subdomain(prefix);
  const nameOk = name.length <= 63 && QUALIFIED_NAME_PART.test(name);
  if (prefixOk && nameOk) return [];
  return [
    invalid(
      field,
      key,
      "name part must consist of alphanumeric characters, '-', '_' or '.', start and end with an " +
        "alphanumeric character and be at most 63 characters, with an optional DNS subdomain prefix and '/'",
    ),
  ];
}

export function validateLabelValue(field: string, value: string): Cause[] {
  if (value === '' || (value.length <= 63 && QUALIFIED_NAME_PART.test(value))) return [];
  return [
    invalid(
      field,
      value,
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
        'start and end with an alphanumeric character and be at most 63 characters',
    ),
  ];
}

export function validateLabels(field: string, labels: Record<string, string> | undefined): Cause[] {
  if (!labels) return [];
  return Object.entries(labels).flatMap(([key, value]) => [
    ...validateQualifiedName(`${field}`, key),
    ...validateLabelValue(`${field}.${key}`, value),
  ]);
}

export function validateAnnotations(field: string, annotations: Record<string, string> | undefined): Cause[] {
  if (!annotations) return [];
  const causes = Object.keys(annotations).flatMap((key) => validateQualifiedName(field, key));
  const size = Object.entries(annotations).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  if (size > MAX_ANNOTATIONS_BYTES) {
    causes.push({
      reason: 'FieldValueTooLong',
      field,
      message: `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
    });
  }
  return causes;
}
