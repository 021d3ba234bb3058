// `tmc syncer`: the agent that runs in each downstream cluster (see src/syncer/syncer.ts).
// It stops on SIGTERM or SIGINT with exit code 0 and leaves every downstream object as it is.
import { Command } from 'commander';
import { LOG_REDACT } from '../lib/redact.js';
import { durationFlag, flag } from './options.js';

interface SyncerFlags {
  syncTargetName: string;
  server: string;
  tokenFile: string;
  caFile?: string;
  kubeconfig?: string;
  context?: string;
  resyncInterval: number;
  logLevel: string;
}

export function syncerCommand(): Command {
  return new Command('syncer')
    .description(
      'run the syncer agent of one sync target: apply its Deployments to this cluster and report their status',
    )
    .addOption(flag('--sync-target-name <name>', 'the SyncTarget this agent serves').makeOptionMandatory())
    .addOption(
      flag('--server <url>', "the control plane's URL, e.g. https://tmc.example.com:6443").makeOptionMandatory(),
    )
    .addOption(
      flag(
        '--token-file <file>',
        "file holding the sync target's agent token; re-read when it changes",
      ).makeOptionMandatory(),
    )
    .addOption(
      flag('--ca-file <file>', "CA certificate that signed the server's certificate (default: the system's CAs)"),
    )
    .addOption(
      flag(
        '--kubeconfig <file>',
        'kubeconfig of the downstream cluster (default: in-cluster, then KUBECONFIG, then ~/.kube/config)',
      ),
    )
    .addOption(flag('--context <name>', 'context in the downstream kubeconfig'))
    .addOption(
      durationFlag('--resync-interval <duration>', 'how often every Deployment is applied again as a safety net', '5m'),
    )
    .addOption(flag('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info'))
    .action(async (flags: SyncerFlags) => {
      // Loaded here so the admin verbs do not pay for the agent's dependencies.
      const [{ pino }, { runSyncer }, { VERSION }, { checkServerUrl }] = await Promise.all([
        import('pino'),
        import('../syncer/syncer.js'),
        import('../version.js'),
        import('./connection.js'),
      ]);
      const options = { level: flags.logLevel, base: { syncTarget: flags.syncTargetName }, redact: LOG_REDACT };
      const log = pino({ ...options, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ sync: true }));
      const stop = new AbortController();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          log.info({ event: 'stopping', signal }, 'stopping');
          stop.abort();
        });
      }
      try {
        await runSyncer(
          {
            syncTarget: flags.syncTargetName,
            server: checkServerUrl(flags.server),
            tokenFile: flags.tokenFile,
            caFile: flags.caFile,
            kubeconfig: flags.kubeconfig,
            context: flags.context,
            resyncIntervalMs: flags.resyncInterval,
            syncerVersion: VERSION,
          },
          log,
          stop.signal,
        );
      } catch (error) {
        // Start-up failures are the operator's to fix: one line saying what, no stack.
        log.fatal({ event: 'failed', err: (error as Error).message }, 'syncer stopped');
        process.stderr.write(`tmc syncer: ${(error as Error).message}\n`);
        process.exit(1);
      }
      // Stopped by a signal: exit now rather than wait for idle keep-alive sockets to time out.
      process.exit(0);
    });
}
