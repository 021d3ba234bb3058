// RFC 7240's `Prefer: return=minimal`: a client that does not read the answer of a write asks
// for none. The agents' status reports send it: otherwise each of thousands of reports on an
// object placed everywhere is answered with the whole object, an entry per target.
import type { FastifyRequest } from 'fastify';

/** Whether the request's Prefer header (one or several, comma-separated) asks for return=minimal. */
export function prefersMinimal(request: FastifyRequest): boolean {
  const header = request.headers.prefer;
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((value) =>
    value.split(',').some((preference) => /^\s*return\s*=\s*"?minimal"?\s*(;|$)/i.test(preference)),
  );
}
