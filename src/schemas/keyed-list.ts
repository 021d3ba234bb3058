// Lists merged by key, as Kubernetes' built-in kinds mark them: kubectl reads these OpenAPI
// extensions to build strategic merge patches, and the server reads them for strategic merge
// patch and server-side apply.
import { Type, type TSchema } from 'typebox';

/** A list merged by key: by `mergeKey` in a strategic merge patch, by all of `keys` in an apply. */
export function keyedList<T extends TSchema>(items: T, keys: string[], description: string, strategy = 'merge') {
  return Type.Optional(
    Type.Array(items, {
      description,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': keys,
      'x-kubernetes-patch-merge-key': keys[0],
      'x-kubernetes-patch-strategy': strategy,
    }),
  );
}
