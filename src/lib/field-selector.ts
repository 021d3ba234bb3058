// Field selectors of list and watch calls ("metadata.name=a,metadata.namespace!=b"). Only the
// fields every kind has are supported, as for Kubernetes custom resources: metadata.name and
// metadata.namespace. Any other field is a syntax error, so a client never gets an unfiltered
// answer it believes filtered.
import type { KubeObject } from '../schemas/meta.js';

export const SELECTABLE_FIELDS = ['metadata.name', 'metadata.namespace'] as const;
type Field = (typeof SELECTABLE_FIELDS)[number];

export interface FieldRequirement {
  field: Field;
  equal: boolean;
  value: string;
}

export class FieldSelectorError extends Error {
  override name = 'FieldSelectorError';
}

const TERM = /^\s*([^!=\s]+)\s*(==|=|!=)\s*([^,]*?)\s*$/;

export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text || text.trim() === '') return [];
  return text.split(',').map((term) => {
    const match = TERM.exec(term);
    if (!match)
      throw new FieldSelectorError(`invalid selector: "${term}"; expected field=value, field==value or field!=value`);
    const [, field, operator, value] = match as unknown as [string, string, string, string];
    if (!(SELECTABLE_FIELDS as readonly string[]).includes(field)) {
      throw new FieldSelectorError(
        `"${field}" is not a supported field selector: use ${SELECTABLE_FIELDS.join(' or ')}`,
      );
    }
    return { field: field as Field, equal: operator !== '!=', value };
  });
}

const fieldValue = (object: KubeObject, field: Field): string =>
  (field === 'metadata.name' ? object.metadata.name : object.metadata.namespace) ?? '';

export const fieldsMatch = (requirements: FieldRequirement[], object: KubeObject): boolean =>
  requirements.every((r) => (fieldValue(object, r.field) === r.value) === r.equal);
