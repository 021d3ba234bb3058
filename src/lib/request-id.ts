// A client may name its request with an x-request-id header; the server echoes it in the
// answer and names it in its log lines. Only a short id of plain characters is taken as it is
// (a UUID, a trace id): anything else could split a header, smuggle text into logs or grow
// without bound, and is replaced by an id the server makes up.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

/** The client's request id when it is safe to echo; undefined otherwise. */
export const safeRequestId = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : undefined;
