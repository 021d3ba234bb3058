// What patch/ adds to every kind's routes (resources/resource-routes.ts takes it as a parameter,
// so the lower layer never imports this one): the managedFields entry of each create and
// replace, and the PATCH route with every patch type and server-side apply.
import type { ResourceContext } from '../resources/resource-context.js';
import type { Patching } from '../resources/resource-routes.js';
import { withUpdateEntry } from './managed-fields.js';
import { patchHandler } from './patch.js';
import { patchObject } from './patch-apply-ops.js';
import { PatchBody, PatchQuery, patchTypesOf, requirePatchType } from './patch-types.js';

function registerPatch(ctx: ResourceContext): void {
  const { app, def, store, tags, security, config, itemPath, keyParams, answers, keyOf, load, shown } = ctx;
  app.patch(
    itemPath,
    {
      schema: {
        tags,
        security,
        summary:
          `Patch a ${def.kind}: JSON patch, merge patch, ${def.strategicMergePatch ? 'strategic merge patch, ' : ''}` +
          'or server-side apply, as the Content-Type says',
        params: keyParams,
        consumes: patchTypesOf(def),
        querystring: PatchQuery,
        body: PatchBody,
        response: answers(def.schema),
      },
      config,
      preValidation: [requirePatchType(def)],
    },
    patchHandler({ def, store, find: (p) => store.get(keyOf(p)), load, shown }),
  );
}

export const patching: Patching = { stamp: withUpdateEntry, registerPatch, patchObject };
