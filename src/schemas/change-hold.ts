// Pausing changes on their way to targets: a Placement suspended (for all its targets or named
// ones), or open to changes only inside change windows. While a target is held for an object,
// the feed keeps giving that target's agent the object as it was last delivered (a held copy the
// server stores, so a restart holds it too); a new object waits to be delivered at all.
import { Type, type Static } from 'typebox';
import { FeedItem } from './agent.js';

export const ChangeWindow = Type.Object(
  {
    schedule: Type.String({
      maxLength: 256,
      description:
        'when each window opens, in the cron syntax of a CronJob (five fields or a macro), e.g. "0 22 * * 1-5"',
    }),
    duration: Type.String({
      maxLength: 64,
      description: 'how long each window stays open, as a Go duration, e.g. 2h or 90m (at most 7 days)',
    }),
    timeZone: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'an IANA time zone for the schedule, e.g. Europe/Berlin; absent: UTC',
      }),
    ),
  },
  { additionalProperties: false, description: 'a recurring time in which changes may reach the targets' },
);
export type ChangeWindow = Static<typeof ChangeWindow>;

export const HoldReason = Type.Union(
  [Type.Literal('Suspended'), Type.Literal('OutsideChangeWindow'), Type.Literal('Rollout')],
  {
    description:
      'Suspended: suspend or suspendTargets; OutsideChangeWindow: no change window is open; ' +
      "Rollout: the Placement's rollout has not reached this SyncTarget (or it is done there)",
  },
);
export type HoldReason = Static<typeof HoldReason>;

/** On an object's entry of a held target: why, since when, and which generation the target keeps. */
export const EntryHold = Type.Object(
  {
    reason: HoldReason,
    since: Type.String({ format: 'date-time', description: 'when the hold began' }),
    generation: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'the generation the target keeps (last delivered); absent: placed while held, not delivered yet',
      }),
    ),
  },
  { additionalProperties: false, description: 'changes to the object wait before this SyncTarget' },
);
export type EntryHold = Static<typeof EntryHold>;

export const HELD_ITEM_KIND = 'HeldFeedItem';
export const HELD_ITEM_API_VERSION = 'internal.tmc.kcp.io/v1';

/**
 * What the server stores of a held (object, target): the object as the target's agent last got
 * it, or none when it never got it. Internal: served by no route; a Secret's is sealed at rest.
 */
export const HeldFeedItem = Type.Object({
  apiVersion: Type.Literal(HELD_ITEM_API_VERSION),
  kind: Type.Literal(HELD_ITEM_KIND),
  metadata: Type.Object({ name: Type.String(), resourceVersion: Type.Optional(Type.String()) }),
  target: Type.String(),
  /** The feed key of the object: "Kind namespace/name". */
  key: Type.String(),
  item: Type.Optional(FeedItem),
});
export type HeldFeedItem = Static<typeof HeldFeedItem>;
