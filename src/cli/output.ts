// `-o table|wide|json|yaml`: one object prints as itself, several as a v1 List (as kubectl
// does), so `tmc get ... -o yaml | tmc apply -f -` round-trips.
import type { Option } from 'commander';
import { stringify } from 'yaml';
import type { KubeObject } from '../schemas/meta.js';
import { columnsFor, headerOf } from './columns.js';
import { renderTable } from './table.js';
import { flag } from './options.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const outputOption = (): Option =>
  flag('-o, --output <format>', 'output format', 'table').choices(OUTPUT_FORMATS);

export interface PrintOptions {
  format: OutputFormat;
  /** Print a List even for one object (a list call), rather than the object alone (a get by name). */
  asList: boolean;
  withNamespace: boolean;
  now?: number;
}

export function formatObjects(kind: string, objects: KubeObject[], options: PrintOptions): string {
  if (options.format === 'table' || options.format === 'wide') {
    const columns = columnsFor(kind, { wide: options.format === 'wide', withNamespace: options.withNamespace });
    const now = options.now ?? Date.now();
    return renderTable(
      columns.map(headerOf),
      objects.map((o) => columns.map((c) => c.value(o, now))),
    );
  }
  const document =
    !options.asList && objects.length === 1
      ? objects[0]
      : { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
  return options.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}
