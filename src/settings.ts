// The server's settings as an operator sees them: flag, description and default, written once.
// `tmc server` builds its options from this table and config.ts its defaults and descriptions;
// config.ts adds the checks. No TypeBox here: the CLI reads this table to start. Defaults are
// written as an operator writes them (20s, '6443'), so the help shows them as they are here.
import { parseDuration } from './lib/duration.js';

export interface Setting {
  /** text and switch values are taken as given; integer and duration ones parsed (durations to ms). */
  kind: 'text' | 'switch' | 'integer' | 'duration' | 'list';
  /** The long flag, with its value's name: `--data-dir <dir>`. */
  flag: string;
  description: string;
  /** As written on the command line; none for a switch (off) or a list (empty). */
  default?: string;
}

const text = (flag: string, description: string, defaultValue?: string) =>
  ({ kind: 'text', flag, description, default: defaultValue }) as const;
const integer = (flag: string, description: string, defaultValue: string) =>
  ({ kind: 'integer', flag, description, default: defaultValue }) as const;
const duration = (flag: string, description: string, defaultValue: string) =>
  ({ kind: 'duration', flag, description, default: defaultValue }) as const;

/** Keyed by the ServerConfig field each one sets, in the order `tmc server --help` lists them. */
export const SERVER_SETTINGS = {
  bindAddress: text('--bind-address <address>', 'address to listen on', '0.0.0.0'),
  port: integer('--port <port>', 'port to listen on (HTTPS unless --insecure-http)', '6443'),
  dataDir: text(
    '--data-dir <dir>',
    'data directory (SQLite file, generated admin token, pki/ certificates, admin.kubeconfig)',
    './data',
  ),
  databaseUrl: text('--database-url <url>', 'postgres:// URL: use PostgreSQL instead of SQLite'),
  peerUrl: text(
    '--peer-url <url>',
    "this replica's address as the other replicas reach it (https://host:port): they pass it the proxy and " +
      'exec requests of agents whose tunnel is here (PostgreSQL only)',
  ),
  peerCaFile: text(
    '--peer-ca-file <file>',
    "CA (PEM) the other replicas' --peer-url certificates are checked against (default: <data-dir>/pki/ca.crt)",
  ),
  adminTokenFile: text(
    '--admin-token-file <file>',
    'owner-only (0600) file of admin tokens, 16+ characters, one per line (or TMC_ADMIN_TOKEN)',
  ),
  encryptionKeyFile: text(
    '--encryption-key-file <file>',
    'owner-only (0600) file of Secret encryption keys, <name>:<base64 32 bytes> per line, the first encrypting ' +
      '(default: <data-dir>/encryption.key, created on first start)',
  ),
  tlsCertFile: text(
    '--tls-cert-file <file>',
    'serve HTTPS with this certificate (with --tls-key-file) instead of one made in <data-dir>/pki',
  ),
  tlsKeyFile: text('--tls-key-file <file>', 'private key for --tls-cert-file'),
  tlsSans: {
    kind: 'list',
    flag: '--tls-san <name>',
    description: 'extra DNS name or IP of the certificate made in <data-dir>/pki; repeatable (env: comma-separated)',
  },
  insecureHttp: {
    kind: 'switch',
    flag: '--insecure-http',
    description: 'serve plain HTTP, not HTTPS (only behind a TLS-terminating proxy)',
  },
  heartbeatIntervalMs: duration('--heartbeat-interval <duration>', 'how often agents heartbeat', '20s'),
  heartbeatThresholdMs: duration(
    '--heartbeat-threshold <duration>',
    'silence before a target turns Ready=Unknown',
    '60s',
  ),
  heartbeatFlushIntervalMs: duration(
    '--heartbeat-flush-interval <duration>',
    'how often heartbeat times are written to the store in one batch',
    '5s',
  ),
  evictionGraceMs: duration(
    '--eviction-grace <duration>',
    'how long a not-Ready target keeps movable placements',
    '5m',
  ),
  tokenGraceMs: duration('--token-grace <duration>', 'how long older agent tokens stay valid after rotation', '10m'),
  kcpKubeconfig: text('--kcp-kubeconfig <file>', 'kubeconfig of the kcp workspace to mirror SyncTargets into'),
  kcpContext: text('--kcp-context <name>', 'context in --kcp-kubeconfig'),
  kcpApiExport: text(
    '--kcp-api-export <path:name>',
    'bind SyncTargets from this kcp APIExport (root:tmc:synctargets), not the CRD',
  ),
  kcpHeartbeatMirrorIntervalMs: duration(
    '--kcp-heartbeat-mirror-interval <duration>',
    'at most one heartbeat-only kcp write per target per interval',
    '30s',
  ),
  logLevel: text('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (no log)', 'info'),
  auditLevel: text(
    '--audit-level <level>',
    'audit log: none, writes (every change and every refused request) or all (reads and heartbeats too)',
    'writes',
  ),
  auditLogPath: text(
    '--audit-log-path <file>',
    'write audit events to this file as JSON lines (default: the server log; - for standard output)',
  ),
  auditLogMaxSize: integer(
    '--audit-log-maxsize <megabytes>',
    'rotate --audit-log-path before it passes this size (0: never)',
    '100',
  ),
  auditLogMaxBackup: integer('--audit-log-maxbackup <n>', 'rotated audit files kept (FILE.1 … FILE.n)', '10'),
  bodyLimit: integer('--body-limit <bytes>', 'largest accepted request body', String(1024 * 1024)),
  headersTimeoutMs: duration('--headers-timeout <duration>', 'longest a client may take to send headers', '10s'),
  requestTimeoutMs: duration(
    '--request-timeout <duration>',
    'longest a client may take to send a whole request',
    '30s',
  ),
  maxConnectionsPerAddress: integer(
    '--max-connections-per-address <n>',
    'connections per client address (0: any)',
    '1024',
  ),
  authFailureBurst: integer(
    '--auth-failure-burst <n>',
    'failed authentications a client address may make at once before it is refused 429 (0: any)',
    '100',
  ),
  authFailureRate: integer(
    '--auth-failure-rate <per-second>',
    'failed authentications a client address earns back each second',
    '1',
  ),
  userQps: integer('--user-qps <n>', "requests a user makes each second on average (each user's own budget)", '50'),
  userBurst: integer('--user-burst <n>', 'requests a user may make at once above --user-qps before 429', '200'),
  agentQps: integer(
    '--agent-qps <n>',
    "requests an agent makes each second on average (each agent's own budget)",
    '20',
  ),
  agentBurst: integer('--agent-burst <n>', 'requests an agent may make at once above --agent-qps before 429', '200'),
  maxUserWatches: integer('--max-user-watches <n>', 'watches one user may hold open at once (0: any)', '100'),
  maxAgentLongPolls: integer('--max-agent-long-polls <n>', 'feed long-polls one agent may hold at once (0: any)', '10'),
  oidcIssuerUrl: text(
    '--oidc-issuer-url <url>',
    'also accept OpenID Connect ID tokens of this https:// issuer (with --oidc-client-id), as kube-apiserver does',
  ),
  oidcClientId: text('--oidc-client-id <id>', 'the audience (aud) the ID tokens must be issued for'),
  oidcUsernameClaim: text('--oidc-username-claim <claim>', 'the claim naming the user', 'sub'),
  oidcUsernamePrefix: text(
    '--oidc-username-prefix <prefix>',
    "put before each username (default: '<issuer>#' unless the claim is email; '-': nothing)",
  ),
  oidcGroupsClaim: text('--oidc-groups-claim <claim>', "the claim listing the user's groups (default: no groups)"),
  oidcGroupsPrefix: text('--oidc-groups-prefix <prefix>', 'put before each group, e.g. oidc: (default: nothing)'),
  oidcCaFile: text('--oidc-ca-file <file>', "CA (PEM) of the issuer's HTTPS server (default: the system's roots)"),
  oidcSigningAlgs: {
    kind: 'list',
    flag: '--oidc-signing-algs <alg>',
    description: 'signing algorithms accepted, e.g. ES256; repeatable (default: RS256; env: comma-separated)',
  },
} as const satisfies Record<string, Setting>;

export type ServerSetting = keyof typeof SERVER_SETTINGS;

/** The value a setting's default stands for, as ServerConfig holds it. */
export function defaultOf(setting: Setting): string | number | boolean | string[] | undefined {
  switch (setting.kind) {
    case 'switch':
      return false;
    case 'list':
      return [];
    case 'integer':
      return Number(setting.default);
    case 'duration':
      return parseDuration(setting.default!);
    case 'text':
      return setting.default;
  }
}

/** A setting's description and default, as the config schema's options (no default when it has none). */
export function about(name: ServerSetting): { description: string; default?: unknown } {
  const setting: Setting = SERVER_SETTINGS[name];
  const value = defaultOf(setting);
  const { description } = setting;
  return value === undefined ? { description } : { description, default: value };
}
