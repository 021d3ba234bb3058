// Deployment as a resource: namespaced apps/v1. Besides the schema, the rules of apps/v1
// validation that the server relies on: a valid, non-empty selector that matches the pod
// template's labels (else the downstream ReplicaSets could never own their pods).
import { matches, selectorRequirements, validateSelectorObject } from '../../lib/label-selector.js';
import { type Cause, invalid, validateAnnotations, validateLabels } from '../../lib/validation.js';
import type { KubeObject } from '../../schemas/meta.js';
import { DEPLOYMENT_KIND, Deployment, DeploymentList } from '../../schemas/deployment.js';
import { statusOf } from '../../scheduling/status-entries.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import * as schemas from '../../schemas/deployment.js';

export function validateDeployment(object: KubeObject): Cause[] {
  const spec = (object as Deployment).spec;
  const selector = spec.selector;
  const labels = spec.template.metadata?.labels;
  const causes = [
    ...validateSelectorObject('spec.selector', selector),
    ...validateLabels('spec.template.metadata.labels', labels),
    ...validateAnnotations('spec.template.metadata.annotations', spec.template.metadata?.annotations),
  ];
  if (causes.length > 0) return causes;
  const requirements = selectorRequirements(selector);
  if (requirements.length === 0)
    return [invalid('spec.selector', selector, 'empty selector is invalid for deployment')];
  if (!matches(requirements, labels)) {
    return [invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`')];
  }
  return [];
}

export const deploymentResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  kind: DEPLOYMENT_KIND,
  plural: 'deployments',
  namespaced: true,
  schema: Deployment,
  listSchema: DeploymentList,
  validate: validateDeployment,
  // The totals (none placed yet on create) for the object's generation: kubectl rollout status waits
  // for status.observedGeneration to reach it, and counts as updated only the targets that applied it.
  initialStatus: statusOf,
  statusForGeneration: statusOf,
  strategicMergePatch: true,
  shortNames: ['deploy'],
  categories: ['all', 'tmc'],
  namedSchemas: schemas,
};
