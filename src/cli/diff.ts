// `tmc diff KIND NAME [-n NS] [--target T]`: the drift the agents reported for an object
// (driftPolicy DetectOnly), field by field, read from its per-target status entries. The agent
// computed and redacted it (a Secret's values never leave the cluster); this only prints it.
// Exit codes as `kubectl diff`: 0 no drift, 1 drift, 2 an error (so a script can tell them apart).
import { Command } from 'commander';
import type { KubeObject } from '../schemas/meta.js';
import { withClient } from './client.js';
import { resolveConnection, withConnectionOptions } from './connection.js';
import { CliError, oneLine } from './errors.js';
import { namespaceOption } from './get.js';
import { kindByName, objectPath, type KindInfo } from './kinds.js';
import { flag } from './options.js';

type Entry = Record<string, unknown>;
interface DriftedField {
  path: string;
  want?: string;
  have?: string;
}

const ABSENT = '<absent>';

/** One target's drift, or why there is none to show. */
function targetText(entry: Entry): { text: string; drifted: boolean } {
  const name = String(entry.name);
  const drift = (Array.isArray(entry.drift) ? entry.drift : []) as DriftedField[];
  const policy = (entry.policy ?? {}) as Entry;
  if (drift.length === 0) {
    if (entry.state === 'Pending') return { text: `${name}: not reported yet (Pending)\n`, drifted: false };
    const why =
      policy.driftPolicy === 'DetectOnly' ? '' : ' (driftPolicy Correct: the agent reverts downstream changes)';
    return { text: `${name}: no drift${why}\n`, drifted: false };
  }
  const conditions = (Array.isArray(entry.conditions) ? entry.conditions : []) as Entry[];
  const since = conditions.find((c) => c.type === 'Drifted')?.lastTransitionTime;
  const stale = entry.state === 'Stale' ? ' — SyncTarget not Ready, the report may be old' : '';
  const lines = [`${name}: ${drift.length} field(s) drifted${since ? ` since ${String(since)}` : ''}${stale}`];
  for (const field of drift) {
    lines.push(`  ${field.path}`, `    want: ${field.want ?? ABSENT}`, `    have: ${field.have ?? ABSENT}`);
  }
  return { text: `${lines.join('\n')}\n`, drifted: true };
}

/** What to run to correct it: DetectOnly wins when any Placement asks, so every one must say Correct. */
function correctHint(info: KindInfo, object: KubeObject, targets: string[]): string {
  const ns = object.metadata.namespace ? ` -n ${object.metadata.namespace}` : '';
  return (
    `To correct it, set driftPolicy: Correct (or remove driftPolicy) on every Placement that places ` +
    `${info.kind.toLowerCase()}/${object.metadata.name} on ${targets.join(', ')} (see \`tmc get placements${ns} ` +
    `-o yaml\`) and apply it: the agent then reverts these fields to what tmc wants.\n`
  );
}

/** The text and exit code of `tmc diff` for an object as the server returned it. */
export function diffText(info: KindInfo, object: KubeObject, target?: string): { text: string; drifted: boolean } {
  const status = (object.status ?? {}) as Entry;
  const all = (Array.isArray(status.syncTargets) ? status.syncTargets : []) as Entry[];
  const what = `${info.kind.toLowerCase()}/${object.metadata.name}`;
  const entries = target === undefined ? all : all.filter((e) => e.name === target);
  if (target !== undefined && entries.length === 0) {
    const on = all.length > 0 ? `it is on ${all.map((e) => String(e.name)).join(', ')}` : 'it is on no SyncTarget yet';
    throw new CliError(`${what} is not placed on SyncTarget "${target}": ${on}`);
  }
  if (entries.length === 0) return { text: `${what} is on no SyncTarget yet: no drift\n`, drifted: false };
  const parts = entries.map(targetText);
  const driftedOn = entries.filter((_e, i) => parts[i]!.drifted).map((e) => String(e.name));
  const text = parts.map((p) => p.text).join('');
  if (driftedOn.length === 0) return { text, drifted: false };
  return { text: `${text}${correctHint(info, object, driftedOn)}`, drifted: true };
}

export function diffCommand(): Command {
  return withConnectionOptions(new Command('diff'))
    .description(
      'show the drift agents reported for an object (driftPolicy DetectOnly): each field that differs ' +
        'downstream, what tmc wants and what is there; exit code 0 no drift, 1 drift, 2 error (as kubectl diff)',
    )
    .argument('<kind>', 'the kind: deployments (deploy), configmaps (cm), secrets, services (svc), ...')
    .argument('<name>', 'the name of the object')
    .addOption(namespaceOption())
    .addOption(flag('--target <synctarget>', 'only this SyncTarget (default: every SyncTarget the object is on)'))
    .action(async (kindName: string, name: string, flags: { namespace: string; target?: string }, command: Command) => {
      try {
        const info = kindByName(kindName);
        const namespace = info.namespaced ? flags.namespace : undefined;
        const object = await withClient(resolveConnection(command), (client) =>
          client.get(objectPath(info, name, namespace)),
        );
        const { text, drifted } = diffText(info, object, flags.target);
        process.stdout.write(text);
        process.exitCode = drifted ? 1 : 0;
      } catch (error) {
        process.stderr.write(`${oneLine(error)}\n`);
        process.exitCode = 2;
      }
    });
}
