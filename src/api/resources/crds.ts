// CustomResourceDefinition as a resource: cluster-scoped apiextensions.k8s.io/v1, named
// <plural>.<group>, with kube-apiserver's rules on names and versions, a schema that must compile,
// and a kind no other group serves (tmc stores objects by kind). A new one is Established at once:
// every replica serves its kind as soon as its informer sees it (src/api/custom).
import { customResourceSchema } from '../../lib/structural-schema.js';
import { type Cause, invalid, isDns1123Label, isDns1123Subdomain, required } from '../../lib/validation.js';
import * as schemas from '../../schemas/crd.js';
import { CRD_KIND, type CustomResourceDefinition, CustomResourceDefinitionList } from '../../schemas/crd.js';
import { type KubeObject, ObjectMeta } from '../../schemas/meta.js';
import { compileProblem } from '../http/ajv.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { kubeTime } from '../../lib/kube-time.js';

/** The group that serves a kind now (a built-in or another CustomResourceDefinition), if any. */
export type ServingGroup = (kind: string) => string | undefined;

/** The checks of a whole definition; `servingGroup` finds kinds already taken. */
export function crdCauses(crd: CustomResourceDefinition, servingGroup: ServingGroup): Cause[] {
  const { group, names, versions } = crd.spec;
  const causes: Cause[] = [];
  if (!isDns1123Subdomain(group) || !group.includes('.')) {
    causes.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  if (crd.metadata.name !== `${names.plural}.${group}`) {
    causes.push(invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  for (const field of ['plural', 'singular'] as const) {
    const value = names[field];
    if (value !== undefined && (!isDns1123Label(value) || value !== value.toLowerCase())) {
      causes.push(invalid(`spec.names.${field}`, value, 'a lowercase RFC 1123 label must consist of a-z, 0-9 and -'));
    }
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(names.kind)) {
    causes.push(invalid('spec.names.kind', names.kind, 'must be CamelCase, starting with a capital letter'));
  }
  const taken = servingGroup(names.kind);
  if (taken !== undefined && taken !== group) {
    causes.push(invalid('spec.names.kind', names.kind, `is already served by the group "${taken || 'core'}"`));
  }
  const storage = versions.filter((v) => v.storage).length;
  if (storage !== 1) causes.push(invalid('spec.versions', storage, 'must have exactly one version marked as storage'));
  const seen = new Set<string>();
  for (const [i, version] of versions.entries()) {
    const field = `spec.versions[${i}]`;
    if (!isDns1123Label(version.name)) causes.push(invalid(`${field}.name`, version.name, 'must be a DNS-1035 label'));
    if (seen.has(version.name)) causes.push(invalid(`${field}.name`, version.name, 'must be unique'));
    seen.add(version.name);
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) {
      causes.push(required(`${field}.schema.openAPIV3Schema`, 'Required value: schemas are required'));
      continue;
    }
    const problem = compileProblem(customResourceSchema(schema, ObjectMeta));
    if (problem) causes.push(invalid(`${field}.schema.openAPIV3Schema`, '', problem));
  }
  if (crd.spec.preserveUnknownFields === true) {
    causes.push(invalid('spec.preserveUnknownFields', true, 'must be false in order to use defaults in the schema'));
  }
  return causes;
}

/** What a new definition starts with: its names accepted and Established, as kube-apiserver reports once serving. */
function initialStatus(object: KubeObject) {
  const { spec } = object as unknown as CustomResourceDefinition;
  const now = kubeTime();
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: 'True' as const,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames: {
      ...spec.names,
      singular: spec.names.singular || spec.names.kind.toLowerCase(),
      listKind: spec.names.listKind || `${spec.names.kind}List`,
    },
    storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
  };
}

export function crdResource(
  servingGroup: ServingGroup,
  hasObjects: (crd: CustomResourceDefinition) => Promise<boolean>,
): ResourceDefinition {
  return {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: CRD_KIND,
    plural: 'customresourcedefinitions',
    namespaced: false,
    schema: schemas.CustomResourceDefinition,
    listSchema: CustomResourceDefinitionList,
    validate: (object) => crdCauses(object as unknown as CustomResourceDefinition, servingGroup),
    initialStatus,
    beforeDelete: async (object) => {
      const crd = object as unknown as CustomResourceDefinition;
      if (!(await hasObjects(crd))) return undefined;
      return `objects of ${crd.spec.names.plural}.${crd.spec.group} are left: delete them first`;
    },
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    namedSchemas: schemas,
  };
}
