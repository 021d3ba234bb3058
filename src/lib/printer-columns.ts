// The columns of a custom resource, from its CustomResourceDefinition's additionalPrinterColumns,
// as kube-apiserver builds them: Name first, each column's simple JSONPath (.spec.size,
// .status.conditions[0].type) read from the object, and Age last unless the definition gives one.
// Table cells are typed as the column says, as kube-apiserver's table convertor types them: a
// number for integer/number, a boolean, a date as its age, the text for a string, and null (which
// kubectl prints as <none>) for an absent value or one of another type.
import { AGE, type Column, NAME, column, text, wide } from './columns.js';
import type { PrinterColumn, PrinterColumnType } from '../schemas/crd.js';
import { age } from './human-duration.js';

export type PrinterColumnSpec = Pick<
  PrinterColumn,
  'name' | 'type' | 'jsonPath' | 'description' | 'format' | 'priority'
>;

/** `.spec.items[0].name` as keys: spec, items, 0, name. */
const pathKeys = (jsonPath: string): string[] =>
  jsonPath
    .replace(/^\{?\.?/, '')
    .replace(/\}$/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((k) => k !== '');

function read(object: unknown, keys: string[]): unknown {
  let value = object;
  for (const key of keys) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The cell of a value read for a column of the given type. */
function typedCell(type: PrinterColumnType, found: unknown, now: number): unknown {
  if (found === undefined || found === null) return null;
  switch (type) {
    case 'string':
      return typeof found === 'object' ? JSON.stringify(found) : String(found);
    case 'integer':
      return Number.isInteger(found) ? found : null;
    case 'number':
      return typeof found === 'number' ? found : null;
    case 'boolean':
      return typeof found === 'boolean' ? found : null;
    case 'date':
      return typeof found === 'string' && !Number.isNaN(Date.parse(found)) ? age(found, now) : null;
  }
}

export function printerColumns(specs: readonly PrinterColumnSpec[]): Column[] {
  const columns = specs.map((spec): Column => {
    const keys = pathKeys(spec.jsonPath);
    const cell = (o: Parameters<Column['value']>[0], now: number) => typedCell(spec.type, read(o, keys), now);
    const make = (spec.priority ?? 0) > 0 ? wide : column;
    const base = make(spec.name, spec.description ?? '', (o, now) => text(cell(o, now)));
    return { ...base, type: spec.type, cell, ...(spec.format ? { format: spec.format } : {}) };
  });
  const hasAge = specs.some((s) => s.name.toLowerCase() === 'age');
  // A custom kind's Age is typed date, as kube-apiserver types it there (built-in kinds say string).
  return [NAME, ...columns, ...(hasAge ? [] : [{ ...AGE, type: 'date' as const }])];
}
