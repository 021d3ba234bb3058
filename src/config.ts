// The server's settings. The schema is the one source of names, defaults and checks; the
// CLI maps flags and TMC_* variables onto it (durations arrive already in milliseconds).
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** The one rule for admin tokens, from TMC_ADMIN_TOKEN or from a file: a short one can be guessed. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

const Millis = (defaultMs: number, description: string) => Type.Integer({ minimum: 1, default: defaultMs, description });

export const ServerConfig = Type.Object({
  bindAddress: Type.String({ default: '0.0.0.0' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 6443 }),
  dataDir: Type.String({ minLength: 1, default: './data' }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^(postgres|postgresql)://', description: 'selects PostgreSQL' })),
  adminToken: Type.Optional(Type.String({ minLength: ADMIN_TOKEN_MIN_LENGTH, description: 'TMC_ADMIN_TOKEN' })),
  adminTokenFile: Type.Optional(Type.String({ minLength: 1 })),
  encryptionKeyFile: Type.Optional(Type.String({
    minLength: 1,
    description: 'the Secret encryption keys; <dataDir>/encryption.key (created on first start) when unset',
  })),
  tlsCertFile: Type.Optional(Type.String({ minLength: 1 })),
  tlsKeyFile: Type.Optional(Type.String({ minLength: 1 })),
  tlsSans: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'extra names of the generated serving certificate' }),
  insecureHttp: Type.Boolean({ default: false, description: 'plain HTTP instead of HTTPS (behind a TLS proxy)' }),
  heartbeatIntervalMs: Millis(20_000, 'how often agents are told to heartbeat'),
  heartbeatThresholdMs: Millis(60_000, 'silence after which a target turns Ready=Unknown'),
  heartbeatFlushIntervalMs: Millis(5_000, 'how often heartbeat times kept in memory are written to the store in one batch'),
  evictionGraceMs: Millis(300_000, 'how long a not-Ready target keeps placements that may move'),
  tokenGraceMs: Millis(600_000, 'how long older agent tokens stay valid after a new one is issued'),
  kcpKubeconfig: Type.Optional(Type.String({ minLength: 1 })),
  kcpContext: Type.Optional(Type.String({ minLength: 1 })),
  kcpApiExport: Type.Optional(Type.String({
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[a-z0-9]([-a-z0-9]*[a-z0-9])?)*:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
    description: '<workspace path>:<APIExport name> to bind SyncTargets from instead of installing the CRD',
  })),
  kcpHeartbeatMirrorIntervalMs: Millis(30_000, 'at most one heartbeat-only status write per target per interval'),
  logLevel: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
  bodyLimit: Type.Integer({ minimum: 1024, default: 1024 * 1024, description: 'largest accepted request body, bytes' }),
  headersTimeoutMs: Millis(10_000, 'how long a client may take to send the request headers'),
  requestTimeoutMs: Millis(30_000, 'how long a client may take to send a whole request, headers and body'),
  maxConnectionsPerAddress: Type.Integer({
    minimum: 0, default: 1024, description: 'connections per client address (0: any)',
  }),
});
export type ServerConfig = Static<typeof ServerConfig>;

export class ConfigError extends Error {}

/** Fills defaults and checks the result; throws ConfigError naming every bad setting. */
export function resolveConfig(input: Partial<ServerConfig>): ServerConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const config = Value.Default(ServerConfig, structuredClone(defined)) as ServerConfig;
  const errors = [...Value.Errors(ServerConfig, config)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.instancePath.slice(1) || 'config'}: ${e.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  if (Boolean(config.tlsCertFile) !== Boolean(config.tlsKeyFile)) {
    throw new ConfigError('invalid configuration: --tls-cert-file and --tls-key-file must be given together');
  }
  if (config.insecureHttp && config.tlsCertFile) {
    throw new ConfigError('invalid configuration: --insecure-http serves plain HTTP: give it or --tls-cert-file, not both');
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError('invalid configuration: --headers-timeout may not be longer than --request-timeout');
  }
  if (config.adminToken && config.adminTokenFile) {
    throw new ConfigError('invalid configuration: give TMC_ADMIN_TOKEN or --admin-token-file, not both');
  }
  return config;
}
