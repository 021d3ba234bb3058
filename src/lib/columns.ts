// The columns each kind prints as, in one list for both `tmc get` and the server's
// meta.k8s.io Tables (which `kubectl get` prints). Priority 1 columns appear only with -o wide,
// as Kubernetes' TableColumnDefinition.priority says. Values are read defensively: a table must
// still print for an object with little status.
import type { PrinterColumnType } from '../schemas/crd.js';
import { age } from './human-duration.js';

/** What a column reads: any Kubernetes-shaped object, as the store or a client holds it. */
export interface TableObject {
  metadata: { name?: string; namespace?: string; creationTimestamp?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface Column {
  /** As a Table names it ("Last Heartbeat"); table printers write it upper-case. */
  name: string;
  /** 0: always printed; 1: only with -o wide. */
  priority: 0 | 1;
  description: string;
  /** "name" marks the column that names the object, as in Kubernetes' Tables; a CRD column may give any. */
  format?: string;
  value(object: TableObject, now: number): string;
  /** A Table cell typed as the column says (a number, a boolean, null when absent); else `value`'s text. */
  type?: PrinterColumnType;
  cell?(object: TableObject, now: number): unknown;
  /** The same column for a CustomResourceDefinition's additionalPrinterColumns, where one can say it. */
  printer?: PrinterColumn;
}

/** What a CRD printer column reads: a JSONPath into the object and how to show it. */
export interface PrinterColumn {
  jsonPath: string;
  type: 'string' | 'boolean' | 'date';
}

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

export const field = (object: TableObject, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      object,
    );
export const text = (value: unknown, none = '<none>'): string =>
  value === undefined || value === null || value === '' ? none : String(value);
export const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
export const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
export const joined = (values: string[]): string => values.join(',') || '<none>';

/** A LabelSelector in the string form that list calls take: `env=prod,region in (eu,us)`. */
export function selectorString(selector: unknown, empty = '<all>'): string {
  if (!selector || typeof selector !== 'object') return '<none>';
  const { matchLabels = {}, matchExpressions = [] } = selector as Selector;
  const parts = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of matchExpressions) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator.toLowerCase()} (${values.join(',')})`);
  }
  return parts.length > 0 ? parts.join(',') : empty;
}

export const containers = (object: TableObject): { name?: string; image?: string }[] =>
  array(field(object, 'spec.template.spec.containers'));
export const column = (name: string, description: string, value: Column['value'], printer?: PrinterColumn): Column => ({
  name,
  priority: 0,
  description,
  value,
  ...(printer ? { printer } : {}),
});
export const wide = (name: string, description: string, value: Column['value'], printer?: PrinterColumn): Column => ({
  name,
  priority: 1,
  description,
  value,
  ...(printer ? { printer } : {}),
});

export const NAME: Column = {
  ...column('Name', 'The name of the object', (o) => text(o.metadata.name)),
  format: 'name',
};
export const AGE = column(
  'Age',
  'Time since the object was created',
  (o, now) => age(o.metadata.creationTimestamp, now),
  { jsonPath: '.metadata.creationTimestamp', type: 'date' },
);

/** The namespace column that printers add when a list spans namespaces. */
export const NAMESPACE: Column = column('Namespace', 'The namespace of the object', (o) => text(o.metadata.namespace));
