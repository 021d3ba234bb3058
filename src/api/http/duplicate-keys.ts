// Keys a JSON request body gives twice, noted by the body parser (json-body.ts) while it still
// has the text, and read by fieldValidation (resources/field-validation.ts) when the route runs.
import type { FastifyRequest } from 'fastify';
import { duplicateKeys } from '../../lib/duplicate-keys.js';

export type Directive = 'Strict' | 'Warn' | 'Ignore';

const duplicates = new WeakMap<FastifyRequest, string[]>();

/** The request's fieldValidation, Warn when it names none (kube-apiserver's default). */
export const directiveOf = (request: FastifyRequest): Directive =>
  (request.query as { fieldValidation?: Directive } | undefined)?.fieldValidation || 'Warn';

/**
 * Called by the JSON body parser with the text it parsed: remembers the keys given twice, for
 * the writes of resource routes that do not ignore them (other routes never pay for the scan).
 */
export function noteDuplicateKeys(request: FastifyRequest, text: string): void {
  const method = request.method;
  if (!request.routeOptions.config?.resource || !(method === 'POST' || method === 'PUT' || method === 'PATCH')) return;
  if (directiveOf(request) === 'Ignore') return;
  const found = duplicateKeys(text);
  if (found.length > 0) duplicates.set(request, found);
}

/** The paths of the keys the request's body gave twice, as noteDuplicateKeys found them. */
export const duplicatesOf = (request: FastifyRequest): string[] => duplicates.get(request) ?? [];
