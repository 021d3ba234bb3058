// The columns of a custom resource, from its CustomResourceDefinition's additionalPrinterColumns,
// as kube-apiserver builds them: Name first, each column's simple JSONPath (.spec.size,
// .status.conditions[0].type) read from the object, dates shown as ages, and Age last unless
// the definition gives one.
import { AGE, type Column, NAME, column, text, wide } from './columns.js';
import { age } from './human-duration.js';

export interface PrinterColumnSpec {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
}

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

export function printerColumns(specs: readonly PrinterColumnSpec[]): Column[] {
  const columns = specs.map((spec) => {
    const keys = pathKeys(spec.jsonPath);
    const value = (o: Parameters<Column['value']>[0], now: number): string => {
      const found = read(o, keys);
      if (spec.type === 'date' && typeof found === 'string') return age(found, now);
      return typeof found === 'object' && found !== null ? JSON.stringify(found) : text(found);
    };
    const make = (spec.priority ?? 0) > 0 ? wide : column;
    return make(spec.name, spec.description ?? '', value);
  });
  const hasAge = specs.some((s) => s.name.toLowerCase() === 'age');
  return [NAME, ...columns, ...(hasAge ? [] : [AGE])];
}
