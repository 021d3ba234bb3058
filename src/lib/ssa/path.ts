// Field paths as structured-merge-diff writes them. A path element is kept in its FieldsV1
// spelling: `f:name` (a field), `k:{"name":"web"}` (a list item by its keys, sorted),
// `v:"x"` (an item of a set), `i:3` (an item of an atomic list, never tracked on its own).
export type PathElement = string;
export type Path = readonly PathElement[];

export const fieldElement = (name: string): PathElement => `f:${name}`;

export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;

/** The key of a list item: its key fields in name order, as FieldsV1 and conflicts name it. */
export function keyElement(keys: Record<string, unknown>): PathElement {
  const sorted = Object.keys(keys)
    .sort()
    .map((name) => [name, keys[name]]);
  return `k:${JSON.stringify(Object.fromEntries(sorted))}`;
}

/** One element as Kubernetes prints a path: `.spec`, `[name="web"]`, `[="x"]`. */
function elementString(element: PathElement): string {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'v:':
      return `[=${body}]`;
    case 'i:':
      return `[${body}]`;
    default: {
      const keys = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',')}]`;
    }
  }
}

/** `.spec.template.spec.containers[name="web"].image`, as a conflict names its field. */
export const pathString = (path: Path): string => path.map(elementString).join('');

const ORDER: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

/** The order of FieldsV1 keys: fields, then keys, then values, then indexes, each by name. */
export function compareElements(a: PathElement, b: PathElement): number {
  const kinds = (ORDER[a.slice(0, 2)] ?? 4) - (ORDER[b.slice(0, 2)] ?? 4);
  if (kinds !== 0) return kinds;
  return a < b ? -1 : a > b ? 1 : 0;
}
