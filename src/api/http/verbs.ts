// The Kubernetes verbs of a resource's routes, read off the HTTP method: one table for RBAC
// (authorize.ts) and for discovery's verb lists (discovery/api-resources.ts), so the two agree.
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export const COLLECTION_VERBS: Record<string, Verb> = { GET: 'list', POST: 'create', DELETE: 'deletecollection' };
export const OBJECT_VERBS: Record<string, Verb> = { GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
