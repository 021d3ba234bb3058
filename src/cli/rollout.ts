// `tmc rollout status|resume|undo PLACEMENT -n NS`: follow a Placement's rollout across its
// SyncTargets (as `kubectl rollout status` waits for a Deployment's), let a halted one go on, or
// set its objects back to the last good generation.
import { Command } from 'commander';
import type { Placement } from '../schemas/placement.js';
import { ROLLOUT_RESUMED_ANNOTATION } from '../schemas/rollout-names.js';
import { type ApiClient, withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, reportError } from './errors.js';
import { namespaceOption } from './get.js';
import { KINDS, objectPath } from './kinds.js';
import { durationFlag } from './options.js';
import { type RolloutView, stepLines, viewOf } from './rollout-view.js';

const PLACEMENT = KINDS.find((k) => k.kind === 'Placement')!;
const POLL_MS = 1000;

interface Flags {
  namespace: string;
  watch: boolean;
  timeout: number;
}

async function readPlacement(client: ApiClient, name: string, namespace: string): Promise<Placement> {
  const placement = (await client.get(objectPath(PLACEMENT, name, namespace))) as unknown as Placement;
  if (!placement.spec.rollout) {
    throw new CliError(`placement/${name} has no spec.rollout: add one (see README "Rollouts") to roll out in steps`);
  }
  return placement;
}

const next = (name: string, namespace: string) =>
  `fix the cause and run \`tmc rollout resume ${name} -n ${namespace}\`, or \`tmc rollout undo ${name} -n ${namespace}\``;

/** Draws the view: on a terminal over the previous drawing, elsewhere only lines that changed. */
function drawer(tty: boolean): (view: RolloutView) => void {
  let drawn = 0;
  let printed = new Set<string>();
  return (view) => {
    const lines = stepLines(view);
    if (tty) {
      if (drawn > 0) process.stdout.write(`\x1b[${drawn}F\x1b[J`);
      process.stdout.write(lines.map((l) => `${l}\n`).join(''));
      drawn = lines.length;
      return;
    }
    for (const line of lines) if (!printed.has(line)) process.stdout.write(`${line}\n`);
    printed = new Set(lines);
  };
}

async function status(client: ApiClient, name: string, flags: Flags): Promise<void> {
  const draw = drawer(process.stdout.isTTY === true);
  const deadline = flags.timeout > 0 ? Date.now() + flags.timeout : Number.POSITIVE_INFINITY;
  for (;;) {
    const view = viewOf(await readPlacement(client, name, flags.namespace));
    draw(view);
    if (view.halted) {
      process.stdout.write(`rollout halted: ${view.halted}\n`);
      throw new CliError(`placement/${name}: the rollout halted; ${next(name, flags.namespace)}`);
    }
    if (view.complete) {
      process.stdout.write(`placement/${name}: rollout complete\n`);
      return;
    }
    if (view.steps.length === 0) process.stdout.write(`placement/${name}: no selected object is placed yet\n`);
    if (!flags.watch) return;
    if (Date.now() >= deadline)
      throw new CliError(`placement/${name}: timed out waiting for the rollout; run it again`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function subcommand(
  name: string,
  description: string,
  run: (client: ApiClient, placement: string, flags: Flags) => Promise<void>,
) {
  return withConnectionOptions(new Command(name))
    .description(description)
    .argument('<placement>', 'the Placement whose spec.rollout to act on')
    .addOption(namespaceOption())
    .action(async (placement: string, flags: Flags, command: Command) => {
      await withClient(resolveConnection(command), async (client) => {
        try {
          await run(client, placement, flags);
        } catch (error) {
          reportError(error);
        }
      });
    });
}

export function rolloutCommand(): Command {
  const statusCommand = subcommand(
    'status',
    'show each step of the rollout and wait until it completes (exit 1 when it halts)',
    status,
  )
    .option('--no-watch', 'show the steps once instead of waiting')
    .addOption(durationFlag('--timeout <duration>', 'how long to wait (0: as long as it takes)', '0s'));
  const resume = subcommand(
    'resume',
    'let a halted rollout go on: failures so far are forgiven',
    async (client, name, flags) => {
      await readPlacement(client, name, flags.namespace);
      const annotations = { [ROLLOUT_RESUMED_ANNOTATION]: new Date().toISOString() };
      await client.patch(objectPath(PLACEMENT, name, flags.namespace), { metadata: { annotations } });
      process.stdout.write(`placement/${name} resumed\n`);
    },
  );
  const undo = subcommand('undo', 'set the objects back to the last good generation', async (client, name, flags) => {
    // Loaded here: the scheduler's selection rules would slow the start of every other command.
    const { undoRollout } = await import('./rollout-undo.js');
    const lines = await undoRollout(client, await readPlacement(client, name, flags.namespace));
    if (lines.length === 0)
      throw new CliError(`placement/${name}: no target keeps an earlier generation: nothing to undo`);
    for (const line of lines) process.stdout.write(`${line}\n`);
  });
  return new Command('rollout')
    .description('follow, resume or undo the rollout of a Placement across its SyncTargets')
    .addCommand(statusCommand)
    .addCommand(resume)
    .addCommand(undo);
}
