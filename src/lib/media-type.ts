// The media type a Content-Type header names, as routes compare it.

/** Without parameters, trimmed and in lower case; '' when the header is absent. */
export const mediaTypeOf = (header: string | undefined): string =>
  (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
