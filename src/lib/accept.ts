// The media types an Accept header lists, with their parameters, in the client's order.
// Kubernetes clients ask for alternative forms of one answer this way, e.g.
// `application/json;as=Table;v=v1;g=meta.k8s.io, application/json`.

export interface AcceptedType {
  /** "application/json", in lower case. */
  type: string;
  /** Parameter names in lower case; values as sent, unquoted. */
  params: Record<string, string>;
}

export function acceptedTypes(header: string | string[] | undefined): AcceptedType[] {
  const text = [header ?? ''].flat().join(',');
  const accepted: AcceptedType[] = [];
  for (const entry of text.split(',')) {
    const [type, ...params] = entry.split(';').map((part) => part.trim());
    if (!type) continue;
    const parsed: Record<string, string> = {};
    for (const param of params) {
      const at = param.indexOf('=');
      if (at <= 0) continue;
      parsed[param.slice(0, at).trim().toLowerCase()] = param
        .slice(at + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
    accepted.push({ type: type.toLowerCase(), params: parsed });
  }
  return accepted;
}

/** Whether an accepted type is JSON in the form `as` of group `g`, version `v`. */
export function isJsonAs(accepted: AcceptedType, as: string, group: string, version: string): boolean {
  const { params } = accepted;
  return accepted.type === 'application/json' && params.as === as && params.g === group && params.v === version;
}

/** Whether an accepted type takes plain JSON (no `as` form asked). */
export const takesPlainJson = (accepted: AcceptedType): boolean =>
  accepted.params.as === undefined && ['application/json', 'application/*', '*/*'].includes(accepted.type);
