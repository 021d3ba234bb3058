// How the agent treats the objects a Placement puts on a target once they run there ("day two"):
// fields other controllers own, objects that already exist, and what removal does. A Placement
// gives it for the targets it chooses; the scheduler writes it into each target's entry of the
// object's status and the feed hands it to that target's agent with the object.
import { Type, type Static } from 'typebox';

export const IgnoreField = Type.Object(
  {
    path: Type.String({
      pattern: '^(/([^~/]|~[01])*)+$',
      maxLength: 1024,
      description: 'a JSON pointer (RFC 6901) into the object, e.g. /spec/replicas or /data/color',
    }),
    when: Type.Optional(
      Type.Union([Type.Literal('Always'), Type.Literal('OnDownstreamChange')], {
        description:
          'Always (default): set on create, then whatever is downstream stays; ' +
          'OnDownstreamChange: a downstream change stays until the upstream value changes',
      }),
    ),
  },
  { additionalProperties: false, description: 'a field the syncer sets on create but does not correct downstream' },
);
export type IgnoreField = Static<typeof IgnoreField>;

export const ConflictResolution = Type.Union([Type.Literal('Abort'), Type.Literal('Adopt')], {
  description:
    "an object of that kind and name already downstream and not tmc's: Abort (default) leaves it " +
    'untouched and reports Error; Adopt takes it over in place (server-side apply, no restart)',
});
export type ConflictResolution = Static<typeof ConflictResolution>;

export const DeletionPolicy = Type.Union([Type.Literal('Delete'), Type.Literal('Orphan')], {
  description:
    'when the object leaves the target: Delete (default) deletes it downstream; Orphan leaves it ' +
    "running and removes only tmc's ownership marks",
});
export type DeletionPolicy = Static<typeof DeletionPolicy>;

export const DriftPolicy = Type.Union([Type.Literal('Correct'), Type.Literal('DetectOnly')], {
  description:
    'a change made downstream: Correct (default) reverts it; DetectOnly leaves it and reports it ' +
    'field by field (drift) with a Drifted condition; upstream changes are applied either way',
});
export type DriftPolicy = Static<typeof DriftPolicy>;

/** One field that differs downstream from what tmc applies, with both values as JSON (a Secret's redacted). */
export const DriftedField = Type.Object(
  {
    path: Type.String({ maxLength: 1024, description: 'e.g. spec.template.spec.containers[0].image' }),
    want: Type.Optional(Type.String({ maxLength: 1024, description: 'what tmc applies, as JSON; absent: nothing' })),
    have: Type.Optional(Type.String({ maxLength: 1024, description: 'what is downstream, as JSON; absent: nothing' })),
  },
  { additionalProperties: false },
);
export type DriftedField = Static<typeof DriftedField>;

export const ReportDrift = Type.Array(DriftedField, {
  maxItems: 64,
  description: 'driftPolicy DetectOnly: the fields that differ downstream (at most 64)',
});

/** The day-two policy of an object on one target; every field optional, absent is the default. */
export const SyncPolicy = Type.Object(
  {
    ignoreFields: Type.Optional(Type.Array(IgnoreField, { maxItems: 64 })),
    conflictResolution: Type.Optional(ConflictResolution),
    deletionPolicy: Type.Optional(DeletionPolicy),
    driftPolicy: Type.Optional(DriftPolicy),
  },
  { additionalProperties: false, description: 'how the agent treats the object on the target once it runs there' },
);
export type SyncPolicy = Static<typeof SyncPolicy>;

/**
 * The policy of an object several Placements put on one target: the ignored fields of all of
 * them; Adopt, Orphan and DetectOnly when any of them asks (each was asked for explicitly, and
 * keeping a running object, or leaving it as it is, is the safe side of a disagreement).
 */
export function mergePolicies(policies: readonly SyncPolicy[]): SyncPolicy | undefined {
  const ignore = new Map<string, IgnoreField>();
  for (const field of policies.flatMap((p) => p.ignoreFields ?? [])) {
    // Always is the wider rule: it wins over OnDownstreamChange for the same path.
    if (!ignore.has(field.path) || field.when !== 'OnDownstreamChange') ignore.set(field.path, field);
  }
  const merged: SyncPolicy = {
    ...(ignore.size > 0 ? { ignoreFields: [...ignore.values()].sort((a, b) => (a.path < b.path ? -1 : 1)) } : {}),
    ...(policies.some((p) => p.conflictResolution === 'Adopt') ? { conflictResolution: 'Adopt' as const } : {}),
    ...(policies.some((p) => p.deletionPolicy === 'Orphan') ? { deletionPolicy: 'Orphan' as const } : {}),
    ...(policies.some((p) => p.driftPolicy === 'DetectOnly') ? { driftPolicy: 'DetectOnly' as const } : {}),
  };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
