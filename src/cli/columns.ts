// The columns `tmc get` prints: the kind's columns of lib/columns.ts (one list with the
// server's Tables), wide ones only with -o wide, NAMESPACE first across namespaces.
import { type Column, NAMESPACE } from '../lib/columns.js';
import { kindColumns as columnsOf } from '../lib/kind-columns.js';

export function columnsFor(kind: string, options: { wide: boolean; withNamespace: boolean }): Column[] {
  const columns = columnsOf(kind).filter((c) => options.wide || c.priority === 0);
  return options.withNamespace ? [NAMESPACE, ...columns] : columns;
}

/** A column's header as kubectl prints it: the Table column name in upper case. */
export const headerOf = (column: Column): string => column.name.toUpperCase();
