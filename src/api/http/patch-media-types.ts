// The media types of PATCH, as kube-apiserver takes them: JSON patch (RFC 6902), merge patch
// (RFC 7386), strategic merge patch and server-side apply. Here, below the routes, since the body
// parsers (plugins/http.ts), the subresources' merge patches and patch/ all name them.
export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The JSON-bodied patch types; an apply patch is YAML (of which JSON is a part). */
export const JSON_PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH];
