// The workload kinds besides Deployment: apps/v1 StatefulSet and DaemonSet, batch/v1 Job and
// CronJob. The server reads their selectors, pod templates and (CronJob) schedule.
import { type TProperties, Type } from 'typebox';
import { LabelSelector } from './meta.js';
import { AnyObject, Open, PodTemplate, kubeObject } from './kube-object.js';

const Int32 = 2 ** 31 - 1;
const Replicas = Type.Optional(Type.Integer({ minimum: 0, maximum: Int32 }));

/**
 * An update strategy, defaulted as kube-apiserver does when it is missing (kubectl rollout status
 * refuses a workload without its type); the kind's rules check the type's values.
 */
const UpdateStrategy = (rollingUpdate: TProperties, defaults: Record<string, unknown>) =>
  Type.Object(
    {
      type: Type.String({ default: 'RollingUpdate', description: 'RollingUpdate (the default) or OnDelete' }),
      rollingUpdate: Type.Optional(Open(rollingUpdate)),
    },
    { additionalProperties: true, default: { type: 'RollingUpdate', rollingUpdate: defaults } },
  );

export const StatefulSetSpec = Open(
  {
    replicas: Replicas,
    selector: LabelSelector,
    template: PodTemplate,
    serviceName: Type.Optional(Type.String()),
    updateStrategy: Type.Optional(
      UpdateStrategy(
        { partition: Type.Optional(Type.Integer({ minimum: 0, maximum: Int32, default: 0 })) },
        { partition: 0 },
      ),
    ),
    volumeClaimTemplates: Type.Optional(Type.Array(AnyObject('a v1 PersistentVolumeClaim, kept as given'))),
  },
  'an apps/v1 StatefulSetSpec; fields not listed here are kept as given',
);

export const StatefulSet = kubeObject(
  'apps/v1',
  'StatefulSet',
  { spec: StatefulSetSpec },
  'An apps/v1 StatefulSet: pods with stable names and storage',
);

export const DaemonSetSpec = Open(
  {
    selector: LabelSelector,
    template: PodTemplate,
    updateStrategy: Type.Optional(UpdateStrategy({}, { maxUnavailable: 1, maxSurge: 0 })),
  },
  'an apps/v1 DaemonSetSpec; fields not listed here are kept as given',
);

export const DaemonSet = kubeObject(
  'apps/v1',
  'DaemonSet',
  { spec: DaemonSetSpec },
  'An apps/v1 DaemonSet: one pod on every node of each cluster',
);

export const JobSpec = Open(
  {
    template: PodTemplate,
    selector: Type.Optional(LabelSelector),
    manualSelector: Type.Optional(Type.Boolean()),
    parallelism: Replicas,
    completions: Replicas,
    backoffLimit: Replicas,
  },
  'a batch/v1 JobSpec; fields not listed here are kept as given',
);

export const Job = kubeObject('batch/v1', 'Job', { spec: JobSpec }, 'A batch/v1 Job: pods that run to completion');

export const CronJobSpec = Open(
  {
    schedule: Type.String({ minLength: 1, description: 'a cron schedule: five fields or a macro such as @hourly' }),
    timeZone: Type.Optional(Type.String()),
    suspend: Type.Optional(Type.Boolean()),
    concurrencyPolicy: Type.Optional(Type.String({ description: 'Allow, Forbid or Replace' })),
    jobTemplate: Open({ metadata: Type.Optional(AnyObject()), spec: JobSpec }, 'the Job each run creates'),
  },
  'a batch/v1 CronJobSpec; fields not listed here are kept as given',
);

export const CronJob = kubeObject(
  'batch/v1',
  'CronJob',
  { spec: CronJobSpec },
  'A batch/v1 CronJob: a Job created on a schedule',
);
