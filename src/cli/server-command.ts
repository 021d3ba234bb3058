// `tmc server`: the control plane.
import { Command } from 'commander';
import { durationFlag, flag, integerFlag, listFlag } from './options.js';

interface ServerFlags {
  bindAddress: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  adminTokenFile?: string;
  encryptionKeyFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  tlsSan: string[];
  insecureHttp?: boolean;
  heartbeatInterval: number;
  heartbeatThreshold: number;
  heartbeatFlushInterval: number;
  evictionGrace: number;
  tokenGrace: number;
  kcpKubeconfig?: string;
  kcpContext?: string;
  kcpApiExport?: string;
  kcpHeartbeatMirrorInterval: number;
  logLevel: string;
  bodyLimit: number;
  headersTimeout: number;
  requestTimeout: number;
  maxConnectionsPerAddress: number;
}

export function serverCommand(): Command {
  return new Command('server')
    .description('run the control plane (SQLite in --data-dir unless --database-url is given)')
    .addOption(flag('--bind-address <address>', 'address to listen on', '0.0.0.0'))
    .addOption(integerFlag('--port <port>', 'port to listen on (HTTPS unless --insecure-http)', '6443'))
    .addOption(flag('--data-dir <dir>',
      'data directory (SQLite file, generated admin token, pki/ certificates, admin.kubeconfig)', './data'))
    .addOption(flag('--database-url <url>', 'postgres:// URL: use PostgreSQL instead of SQLite'))
    .addOption(flag('--admin-token-file <file>',
      'owner-only (0600) file of admin tokens, 16+ characters, one per line (or TMC_ADMIN_TOKEN)'))
    .addOption(flag('--encryption-key-file <file>',
      'owner-only (0600) file of Secret encryption keys, <name>:<base64 32 bytes> per line, the first encrypting '
        + '(default: <data-dir>/encryption.key, created on first start)'))
    .addOption(flag('--tls-cert-file <file>',
      'serve HTTPS with this certificate (with --tls-key-file) instead of one made in <data-dir>/pki'))
    .addOption(flag('--tls-key-file <file>', 'private key for --tls-cert-file'))
    .addOption(listFlag('--tls-san <name>',
      'extra DNS name or IP of the certificate made in <data-dir>/pki; repeatable (env: comma-separated)'))
    .addOption(flag('--insecure-http', 'serve plain HTTP, not HTTPS (only behind a TLS-terminating proxy)'))
    .addOption(durationFlag('--heartbeat-interval <duration>', 'how often agents heartbeat', '20s'))
    .addOption(durationFlag('--heartbeat-threshold <duration>', 'silence before a target turns Ready=Unknown', '60s'))
    .addOption(durationFlag('--heartbeat-flush-interval <duration>', 'how often heartbeat times are written to the store in one batch', '5s'))
    .addOption(durationFlag('--eviction-grace <duration>', 'how long a not-Ready target keeps movable placements', '5m'))
    .addOption(durationFlag('--token-grace <duration>', 'how long older agent tokens stay valid after rotation', '10m'))
    .addOption(flag('--kcp-kubeconfig <file>', 'kubeconfig of the kcp workspace to mirror SyncTargets into'))
    .addOption(flag('--kcp-context <name>', 'context in --kcp-kubeconfig'))
    .addOption(flag('--kcp-api-export <path:name>', 'bind SyncTargets from this kcp APIExport (root:tmc:synctargets), not the CRD'))
    .addOption(durationFlag('--kcp-heartbeat-mirror-interval <duration>', 'at most one heartbeat-only kcp write per target per interval', '30s'))
    .addOption(flag('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info'))
    .addOption(integerFlag('--body-limit <bytes>', 'largest accepted request body', String(1024 * 1024)))
    .addOption(durationFlag('--headers-timeout <duration>', 'longest a client may take to send headers', '10s'))
    .addOption(durationFlag('--request-timeout <duration>', 'longest a client may take to send a whole request', '30s'))
    .addOption(integerFlag('--max-connections-per-address <n>', 'connections per client address (0: any)', '1024'))
    .action(async (flags: ServerFlags) => {
      // Loaded here, not at the top: the admin verbs share this executable and should not pay
      // for the server's dependencies on every start.
      const [{ ConfigError, resolveConfig }, { startServer }] = await Promise.all([import('../config.js'), import('../server.js')]);
      try {
        const config = resolveConfig({
          bindAddress: flags.bindAddress,
          port: flags.port,
          dataDir: flags.dataDir,
          databaseUrl: flags.databaseUrl,
          adminToken: process.env.TMC_ADMIN_TOKEN || undefined,
          adminTokenFile: flags.adminTokenFile,
          encryptionKeyFile: flags.encryptionKeyFile,
          tlsCertFile: flags.tlsCertFile,
          tlsKeyFile: flags.tlsKeyFile,
          tlsSans: flags.tlsSan,
          insecureHttp: flags.insecureHttp === true,
          heartbeatIntervalMs: flags.heartbeatInterval,
          heartbeatThresholdMs: flags.heartbeatThreshold,
          heartbeatFlushIntervalMs: flags.heartbeatFlushInterval,
          evictionGraceMs: flags.evictionGrace,
          tokenGraceMs: flags.tokenGrace,
          kcpKubeconfig: flags.kcpKubeconfig,
          kcpContext: flags.kcpContext,
          kcpApiExport: flags.kcpApiExport,
          kcpHeartbeatMirrorIntervalMs: flags.kcpHeartbeatMirrorInterval,
          logLevel: flags.logLevel as never,
          bodyLimit: flags.bodyLimit,
          headersTimeoutMs: flags.headersTimeout,
          requestTimeoutMs: flags.requestTimeout,
          maxConnectionsPerAddress: flags.maxConnectionsPerAddress,
        });
        await startServer(config);
      } catch (error) {
        // Start-up failures are the operator's to fix (bad flag, port taken, unreadable file): one line, no stack.
        process.stderr.write(`tmc server: ${(error as Error).message}\n`);
        process.exit(error instanceof ConfigError ? 2 : 1);
      }
    });
}
