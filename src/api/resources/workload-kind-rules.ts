// What the server checks of the workload and policy kinds beyond their schemas: selectors,
// pod templates, the CronJob schedule and the references (a binding's role, an autoscaler's
// target, an Ingress's backends).
import { cronScheduleError } from '../../lib/cron.js';
import { type LabelSelectorObject, validateSelectorObject } from '../../lib/label-selector.js';
import { type Cause, invalid, isDns1123Label, validateSubdomainName } from '../../lib/validation.js';
import type { KubeObject } from '../../schemas/meta.js';
import { validateTemplateSelector } from './template-selector.js';

interface Spec {
  selector?: LabelSelectorObject;
  template?: { metadata?: { labels?: Record<string, string> } };
  [key: string]: unknown;
}

const specOf = (object: KubeObject): Spec => (object.spec ?? {}) as Spec;
const unsupported = (field: string, value: unknown, allowed: string[]): Cause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});

// A workload's update strategy (defaulted to RollingUpdate by its schema when missing).
function strategyCauses(spec: Spec): Cause[] {
  const type = (spec.updateStrategy as { type?: string } | undefined)?.type;
  const allowed = ['OnDelete', 'RollingUpdate'];
  return type === undefined || allowed.includes(type) ? [] : [unsupported('spec.updateStrategy.type', type, allowed)];
}

// A Job's selector is generated downstream unless the Job chose one (manualSelector): only a
// given one is checked against the template.
const validateJobSpec = (base: string, spec: Spec): Cause[] =>
  validateTemplateSelector(base, spec.selector, spec.template, 'job');

function validateCronJob(object: KubeObject): Cause[] {
  const spec = specOf(object) as Spec & { schedule: string; jobTemplate: { spec: Spec } };
  const error = cronScheduleError(spec.schedule);
  return [
    ...(error ? [invalid('spec.schedule', spec.schedule, error)] : []),
    ...validateJobSpec('spec.jobTemplate.spec', spec.jobTemplate.spec),
  ];
}

type Backend = { service?: { name?: string } };
type IngressSpec = { defaultBackend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] };

function backendCauses(field: string, backend: Backend | undefined): Cause[] {
  const name = backend?.service?.name;
  if (name === undefined || isDns1123Label(name)) return [];
  return [invalid(`${field}.service.name`, name, 'a Service name must be a DNS-1123 label')];
}

function validateIngress(object: KubeObject): Cause[] {
  const spec = specOf(object) as IngressSpec;
  const causes = backendCauses('spec.defaultBackend', spec.defaultBackend);
  for (const [i, rule] of (spec.rules ?? []).entries()) {
    for (const [j, path] of (rule.http?.paths ?? []).entries()) {
      causes.push(...backendCauses(`spec.rules[${i}].http.paths[${j}].backend`, path.backend));
    }
  }
  return causes;
}

function validateRoleBinding(object: KubeObject): Cause[] {
  const roleRef = object.roleRef as { apiGroup: string; kind: string; name: string };
  const subjects = (object.subjects ?? []) as { kind: string; name: string; namespace?: string }[];
  const causes: Cause[] = [];
  if (roleRef.apiGroup !== 'rbac.authorization.k8s.io') {
    causes.push(unsupported('roleRef.apiGroup', roleRef.apiGroup, ['rbac.authorization.k8s.io']));
  }
  if (!['Role', 'ClusterRole'].includes(roleRef.kind)) {
    causes.push(unsupported('roleRef.kind', roleRef.kind, ['Role', 'ClusterRole']));
  }
  if (!roleRef.name || roleRef.name.includes('/') || roleRef.name.includes('%')) {
    causes.push(invalid('roleRef.name', roleRef.name, 'must be a valid path segment name'));
  }
  subjects.forEach((subject, i) => {
    if (!['User', 'Group', 'ServiceAccount'].includes(subject.kind)) {
      causes.push(unsupported(`subjects[${i}].kind`, subject.kind, ['User', 'Group', 'ServiceAccount']));
    } else if (subject.kind === 'ServiceAccount') {
      causes.push(...validateSubdomainName(`subjects[${i}].name`, subject.name));
    }
  });
  return causes;
}

function validatePodDisruptionBudget(object: KubeObject): Cause[] {
  const spec = specOf(object) as Spec & { minAvailable?: unknown; maxUnavailable?: unknown };
  const causes = validateSelectorObject('spec.selector', spec.selector);
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    const message = 'minAvailable and maxUnavailable cannot be both set';
    causes.push({ reason: 'FieldValueInvalid', field: 'spec', message });
  }
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const value = spec[field];
    if (typeof value === 'string' && !/^\d+%$/.test(value)) {
      causes.push(invalid(`spec.${field}`, value, 'must be an integer or a percentage, e.g. "50%"'));
    }
  }
  return causes;
}

function validateHorizontalPodAutoscaler(object: KubeObject): Cause[] {
  type HpaSpec = Spec & { scaleTargetRef: { kind: string; name: string }; minReplicas?: number; maxReplicas: number };
  const spec = specOf(object) as HpaSpec;
  const causes = validateSubdomainName('spec.scaleTargetRef.name', spec.scaleTargetRef.name);
  if (!spec.scaleTargetRef.kind) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.scaleTargetRef.kind', message: 'Required value' });
  }
  if (spec.minReplicas !== undefined && spec.minReplicas > spec.maxReplicas) {
    causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  return causes;
}

export const WORKLOAD_RULES: Record<string, (object: KubeObject) => Cause[]> = {
  StatefulSet: (o) => {
    const spec = specOf(o);
    const name = spec.serviceName;
    const causes = [
      ...validateTemplateSelector('spec', spec.selector, spec.template, 'statefulset'),
      ...strategyCauses(spec),
    ];
    if (typeof name === 'string' && name !== '' && !isDns1123Label(name)) {
      causes.push(invalid('spec.serviceName', name, 'a Service name must be a DNS-1123 label'));
    }
    return causes;
  },
  DaemonSet: (o) => [
    ...validateTemplateSelector('spec', specOf(o).selector, specOf(o).template, 'daemonset'),
    ...strategyCauses(specOf(o)),
  ],
  Job: (o) => validateJobSpec('spec', specOf(o)),
  CronJob: validateCronJob,
  Ingress: validateIngress,
  NetworkPolicy: (o) => validateSelectorObject('spec.podSelector', specOf(o).podSelector as LabelSelectorObject),
  RoleBinding: validateRoleBinding,
  PodDisruptionBudget: validatePodDisruptionBudget,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscaler,
};
