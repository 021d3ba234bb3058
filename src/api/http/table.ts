// meta.k8s.io Tables: a GET of a kind or a list of it answers with the columns `tmc get`
// prints (lib/columns.ts) when the Accept header asks for
// `application/json;as=Table;v=v1;g=meta.k8s.io`, so plain `kubectl get` shows them.
// Wide columns carry priority 1, which kubectl prints only with -o wide.
import type { FastifyInstance, FastifyRequest, preSerializationHookHandler } from 'fastify';
import { acceptedTypes, isJsonAs, takesPlainJson } from '../../lib/accept.js';
import type { Column, TableObject } from '../../lib/columns.js';
import { kindColumns as columnsOf } from '../../lib/kind-columns.js';
import type { ResourceDefinition } from './resource-definition.js';
import { badRequest } from './errors.js';

type IncludeObject = 'None' | 'Metadata' | 'Object';
const INCLUDE_OBJECT: readonly string[] = ['None', 'Metadata', 'Object'];

interface ListPayload {
  kind: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: TableObject[];
}

/** The Table version the client asks for first, or undefined for the plain object. */
export function tableVersionAsked(accept: string | string[] | undefined): 'v1' | 'v1beta1' | undefined {
  for (const accepted of acceptedTypes(accept)) {
    if (isJsonAs(accepted, 'Table', 'meta.k8s.io', 'v1')) return 'v1';
    if (isJsonAs(accepted, 'Table', 'meta.k8s.io', 'v1beta1')) return 'v1beta1';
    if (takesPlainJson(accepted)) return undefined;
  }
  return undefined;
}

function rowObject(object: TableObject, include: IncludeObject, apiVersion: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: object.metadata };
}

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  includeObject: IncludeObject;
  now: number;
}

/** A Table of one object or of a list's items; every column, the wide ones at priority 1. */
export function toTable(kind: string | Column[], payload: TableObject | ListPayload, options: TableOptions) {
  const apiVersion = `meta.k8s.io/${options.version}`;
  const columns = typeof kind === 'string' ? columnsOf(kind) : kind;
  const isList = Array.isArray((payload as ListPayload).items);
  const items = isList ? (payload as ListPayload).items : [payload as TableObject];
  const meta = (isList ? (payload as ListPayload).metadata : payload.metadata) as ListPayload['metadata'];
  const { resourceVersion, continue: next } = meta ?? {};
  return {
    kind: 'Table',
    apiVersion,
    metadata: { ...(resourceVersion ? { resourceVersion } : {}), ...(next ? { continue: next } : {}) },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type ?? 'string',
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
    rows: items.map((item) => {
      const object = rowObject(item, options.includeObject, apiVersion);
      return {
        cells: columns.map((c) => (c.cell ? c.cell(item, options.now) : c.value(item, options.now))),
        ...(object ? { object } : {}),
      };
    }),
  };
}

export function includeObjectOf(request: FastifyRequest): IncludeObject {
  const given = (request.query as { includeObject?: unknown } | undefined)?.includeObject;
  if (given === undefined || given === '') return 'Metadata';
  if (typeof given !== 'string' || !INCLUDE_OBJECT.includes(given)) {
    throw badRequest(`includeObject must be one of ${INCLUDE_OBJECT.join(', ')}, not ${JSON.stringify(given)}`);
  }
  return given as IncludeObject;
}

const servesKind = (def: ResourceDefinition, payload: unknown): boolean => {
  const kind = (payload as { kind?: unknown } | null)?.kind;
  return kind === def.kind || kind === `${def.kind}List`;
};

/** Turns the GET answer of a resource route into a Table when the client asked for one. */
export const asTable: preSerializationHookHandler = (request, reply, payload, done) => {
  const def = request.routeOptions.config.resource;
  const asked = def && request.method === 'GET' && reply.statusCode === 200 && servesKind(def, payload);
  if (!asked) return done(null, payload);
  const version = tableVersionAsked(request.headers.accept);
  if (!version) return done(null, payload);
  try {
    const options = { version, includeObject: includeObjectOf(request), now: Date.now() };
    done(null, toTable(def.columns ?? def.kind, payload as TableObject | ListPayload, options));
  } catch (error) {
    done(error as Error);
  }
};

/**
 * Turns the GET answers of resource routes into Tables for the clients that ask for one: a hook of
 * those routes only (registered after this), so no other request pays for it.
 */
export function installTables(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.config?.resource || !methods.includes('GET')) return;
    route.preSerialization = [...[route.preSerialization ?? []].flat(), asTable];
  });
}
