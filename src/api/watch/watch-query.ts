// The query parameters of list routes that go beyond paging: watch and its options, field
// selectors, and the resourceVersion / resourceVersionMatch of a list, as Kubernetes defines them.
// Parsed here into plain values; what is not implemented is refused with a 400, never ignored.
import { Type, type Static } from 'typebox';
import { FieldSelectorError, type FieldRequirement, parseFieldSelector } from '../../lib/field-selector.js';
import { type Requirement, SelectorSyntaxError, parseSelector } from '../../lib/label-selector.js';
import { badRequest } from '../http/errors.js';

const flag = (description: string) => Type.Optional(Type.String({ description: `${description}: true|1 or false|0` }));

export const WatchQuery = Type.Object({
  watch: flag('stream changes as newline-delimited {type, object} events instead of answering a list'),
  resourceVersion: Type.Optional(
    Type.String({
      description:
        'list: "" or "0" any state, N at least as fresh as N; watch: "" or "0" start with the current objects, N changes after N',
    }),
  ),
  resourceVersionMatch: Type.Optional(
    Type.String({ description: 'NotOlderThan or Exact (list only, with resourceVersion)' }),
  ),
  fieldSelector: Type.Optional(Type.String({ description: 'metadata.name or metadata.namespace with =, == or !=' })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 0, description: 'a watch ends after this many seconds' })),
  allowWatchBookmarks: flag('a watch sends BOOKMARK events carrying the latest resourceVersion'),
  sendInitialEvents: flag('not supported: only false is accepted'),
});
export type WatchQuery = Static<typeof WatchQuery>;

export interface ParsedWatchQuery {
  watch: boolean;
  /** undefined for "" and "0": any state / start from the current objects. */
  resourceVersion: number | undefined;
  match: 'NotOlderThan' | 'Exact' | undefined;
  fields: FieldRequirement[];
  timeoutSeconds: number | undefined;
  bookmarks: boolean;
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw badRequest(`${name} must be true, 1, false or 0, not ${JSON.stringify(value)}`);
}

function parseResourceVersion(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '0') return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(value))
    throw badRequest(`resourceVersion must be a resourceVersion tmc gave out, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function parseWatchQuery(query: WatchQuery & { limit?: number; continue?: string }): ParsedWatchQuery {
  const watch = parseFlag('watch', query.watch);
  if (parseFlag('sendInitialEvents', query.sendInitialEvents)) {
    throw badRequest("sendInitialEvents is not supported: list, then watch from the list's resourceVersion");
  }
  const match = query.resourceVersionMatch || undefined;
  if (match !== undefined && match !== 'NotOlderThan' && match !== 'Exact') {
    throw badRequest(`resourceVersionMatch must be NotOlderThan or Exact, not ${JSON.stringify(match)}`);
  }
  if (match && watch) throw badRequest('resourceVersionMatch is not allowed on a watch');
  if (match && query.resourceVersion === undefined)
    throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is given');
  if (match === 'Exact' && (query.resourceVersion === '' || query.resourceVersion === '0')) {
    throw badRequest('resourceVersionMatch=Exact needs a resourceVersion other than "0"');
  }
  if (query.continue && query.resourceVersion) throw badRequest('resourceVersion is not allowed with continue');
  if (watch && (query.limit !== undefined || query.continue))
    throw badRequest('limit and continue are not allowed on a watch');
  let fields: FieldRequirement[];
  try {
    fields = parseFieldSelector(query.fieldSelector);
  } catch (error) {
    if (error instanceof FieldSelectorError) throw badRequest(`fieldSelector: ${error.message}`);
    throw error;
  }
  return {
    watch,
    resourceVersion: parseResourceVersion(query.resourceVersion),
    match,
    fields,
    timeoutSeconds: query.timeoutSeconds || undefined,
    bookmarks: parseFlag('allowWatchBookmarks', query.allowWatchBookmarks),
  };
}

/** A list's or a watch's labelSelector, as requirements; a syntax error is a 400. */
export function parseLabelSelector(text: string | undefined): Requirement[] {
  if (!text) return [];
  try {
    return parseSelector(text);
  } catch (error) {
    if (error instanceof SelectorSyntaxError)
      throw badRequest(`unable to parse requirement in labelSelector "${text}": ${error.message}`);
    throw error;
  }
}
