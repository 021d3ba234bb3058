// The names a rollout is driven by, apart from its schema: the CLI reads them without loading
// the schema library, which would add most of a second to the start of every command.

/** When `tmc rollout resume` was last run: failures before that time no longer halt the rollout. */
export const ROLLOUT_RESUMED_ANNOTATION = 'scheduling.kcp.io/rollout-resumed-at';
