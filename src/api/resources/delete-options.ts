// DELETE's options as kube-apiserver takes them: a DeleteOptions body (client-go always sends
// one), no body, an empty one, or the same options as query parameters. kube-apiserver reads
// the query only when there is no body; here both count, and one option given twice with two
// values is refused rather than one of them ignored.
//
// What each option means here: preconditions (uid, resourceVersion) are checked by the store
// in the same transaction as the delete (409 Conflict when they do not hold); dryRun=All
// answers without deleting; gracePeriodSeconds has no effect, as no tmc object has a graceful
// deletion; propagationPolicy (and the older orphanDependents) is checked as Kubernetes checks
// it, and orphaning.ts says what it does to the object's dependents (ownerReferences). The
// agents remove what they applied downstream either way.
import type { FastifyRequest } from 'fastify';
import { DeleteOptions } from '../../schemas/meta.js';
import type { Cause } from '../../lib/validation.js';
import { invalid } from '../../lib/validation.js';
import type { Preconditions } from '../../store/types.js';
import { schemaCauses } from '../http/ajv.js';
import { ApiError, badRequest, invalidObject } from '../http/errors.js';

const POLICIES = ['Foreground', 'Background', 'Orphan'];
const OPTIONS_TARGET = { kind: 'DeleteOptions', group: 'meta.k8s.io', name: '' };

export interface DeleteRequest {
  preconditions: Preconditions;
  dryRun: boolean;
}

interface QueryOptions {
  dryRun?: string;
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
}

function bodyOptions(body: unknown): DeleteOptions {
  if (body === undefined || body === null || body === '') return {};
  const causes = schemaCauses(DeleteOptions, body);
  if (causes.length > 0) {
    const why = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    throw new ApiError(400, 'BadRequest', `the DELETE body must be DeleteOptions: ${why}`, { causes });
  }
  const options = body as DeleteOptions;
  if (options.kind !== undefined && options.kind !== 'DeleteOptions') {
    throw badRequest(`the DELETE body must be DeleteOptions, not ${JSON.stringify(options.kind)}`);
  }
  return options;
}

/** The body's options with the query's; the same option with two values is refused. */
function merged(body: DeleteOptions, query: QueryOptions): DeleteOptions {
  const fromQuery: DeleteOptions = {
    ...(query.dryRun ? { dryRun: [query.dryRun] } : {}),
    ...(query.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: query.gracePeriodSeconds } : {}),
    ...(query.propagationPolicy !== undefined ? { propagationPolicy: query.propagationPolicy } : {}),
    ...(query.orphanDependents !== undefined ? { orphanDependents: query.orphanDependents } : {}),
  };
  for (const [name, value] of Object.entries(fromQuery)) {
    const given = (body as Record<string, unknown>)[name];
    if (given !== undefined && JSON.stringify(given) !== JSON.stringify(value)) {
      throw badRequest(`${name} is given both in the query and in the DeleteOptions body, with different values`);
    }
  }
  return { ...fromQuery, ...body };
}

/** apimachinery's ValidateDeleteOptions and ValidateDryRun: a 422 naming the DeleteOptions field. */
function optionCauses(options: DeleteOptions): Cause[] {
  const causes: Cause[] = [];
  if (options.orphanDependents !== undefined && options.propagationPolicy !== undefined) {
    causes.push(
      invalid(
        'orphanDependents',
        options.orphanDependents,
        'OrphanDependents and DeletionPropagation cannot be both set',
      ),
    );
  }
  if (options.propagationPolicy !== undefined && !POLICIES.includes(options.propagationPolicy)) {
    causes.push(
      invalid(
        'propagationPolicy',
        options.propagationPolicy,
        'DeletionPropagation need to be one of "Foreground", "Background", "Orphan" or nil',
      ),
    );
  }
  (options.dryRun ?? []).forEach((value, i) => {
    if (value !== 'All') {
      causes.push({
        reason: 'FieldValueNotSupported',
        field: `dryRun[${i}]`,
        message: `Unsupported value: ${JSON.stringify(value)}: supported values: "All"`,
      });
    }
  });
  return causes;
}

/** The options of a DELETE (of one object, or of a collection), from its body and its query. */
export function deleteOptionsOf(request: FastifyRequest): DeleteRequest & { options: DeleteOptions } {
  const options = merged(bodyOptions(request.body), request.query as QueryOptions);
  const causes = optionCauses(options);
  if (causes.length > 0) throw invalidObject(OPTIONS_TARGET, causes);
  const preconditions: Preconditions = {};
  if (options.preconditions?.uid !== undefined) preconditions.uid = options.preconditions.uid;
  if (options.preconditions?.resourceVersion !== undefined) {
    preconditions.resourceVersion = options.preconditions.resourceVersion;
  }
  return { options, preconditions, dryRun: (options.dryRun ?? []).includes('All') };
}
