// A Placement's rollout: a new generation of a selected object reaches its SyncTargets one step
// at a time, each step only once the steps before it report the generation Healthy. Targets not
// yet reached keep the generation they last got (held, as a suspended target is), so a step that
// fails leaves the later ones on the last good generation.
import { Type, type Static } from 'typebox';

export { ROLLOUT_RESUMED_ANNOTATION } from './rollout-names.js';
export const ROLLOUT_REST = '*';

export const Rollout = Type.Object(
  {
    order: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 317 }), {
        maxItems: 32,
        description:
          'the steps, in order: each a SyncTarget name, a label as key=value, or * for every target not ' +
          'named before; targets that match no step form a last one. Absent: one step of every target',
      }),
    ),
    maxUnavailableTargets: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^(100|[1-9][0-9]?)%$' })], {
        description:
          'how many targets of a step take the new generation at once, before they report it Healthy: ' +
          'a count or a percentage of the targets (rounded down, at least 1); absent: 1',
      }),
    ),
    pauseBetweenSteps: Type.Optional(
      Type.String({
        pattern: '^([0-9]+(ms|s|m|h))+$',
        maxLength: 32,
        description: 'how long to wait after a step is Healthy before the next begins, e.g. 30s or 5m; absent: 0',
      }),
    ),
    progressDeadlineSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400,
        description: 'how long a target may take to report the new generation Healthy; absent: 600',
      }),
    ),
    haltOnFailure: Type.Optional(
      Type.Boolean({
        description:
          'true (the default): a target past its progress deadline halts the rollout (RolloutHalted) until ' +
          '`tmc rollout resume`; false: the rollout goes on to the next step',
      }),
    ),
  },
  { additionalProperties: false, description: 'roll each new generation out in steps (see order)' },
);
export type Rollout = Static<typeof Rollout>;

/** On an object's entry: the generation the rollout last gave this target, and how it went. */
export const EntryRollout = Type.Object(
  {
    generation: Type.Integer({ minimum: 0, description: 'the generation the rollout gave this SyncTarget' }),
    since: Type.String({ format: 'date-time', description: 'when it was given' }),
    healthyAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it was first reported Healthy' })),
    failedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'when it passed its progress deadline without being Healthy' }),
    ),
  },
  { additionalProperties: false, description: 'the rollout of the object on this SyncTarget' },
);
export type EntryRollout = Static<typeof EntryRollout>;

export const RolloutStepState = Type.Union(
  [
    Type.Literal('Waiting'),
    Type.Literal('Paused'),
    Type.Literal('Progressing'),
    Type.Literal('Complete'),
    Type.Literal('Failed'),
  ],
  { description: 'Waiting for an earlier step, Paused between steps, Progressing, Complete or Failed' },
);
export type RolloutStepState = Static<typeof RolloutStepState>;

export const RolloutStep = Type.Object(
  {
    step: Type.String({ description: 'the entry of spec.rollout.order, or * for the targets no entry names' }),
    targets: Type.Array(Type.String(), { description: 'its SyncTargets' }),
    total: Type.Integer({ minimum: 0, description: 'selected objects times targets' }),
    updated: Type.Integer({ minimum: 0, description: 'how many of them run the newest generation Healthy' }),
    state: RolloutStepState,
  },
  { additionalProperties: false },
);
export type RolloutStep = Static<typeof RolloutStep>;

export const RolloutStatus = Type.Object(
  {
    steps: Type.Array(RolloutStep, { description: 'the steps in order, over every selected object' }),
  },
  { additionalProperties: false, description: 'how far the rollout of the selected objects is' },
);
export type RolloutStatus = Static<typeof RolloutStatus>;
