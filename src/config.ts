// The server's settings, checked. Their flags, descriptions and defaults are settings.ts's; the
// schema adds the checks. The CLI maps flags and TMC_* variables onto it (durations in milliseconds).
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { about, type ServerSetting } from './settings.js';

/** The one rule for admin tokens, from TMC_ADMIN_TOKEN or from a file: a short one can be guessed. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

/** Asymmetric algorithms only, as kube-apiserver: a shared secret would let any holder mint tokens. */
const OIDC_SIGNING_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
] as const;

const Millis = (name: ServerSetting) => Type.Integer({ minimum: 1, ...about(name) });
const Text = (name: ServerSetting) => Type.Optional(Type.String({ minLength: 1, ...about(name) }));
const File = Text;

export const ServerConfig = Type.Object({
  bindAddress: Type.String(about('bindAddress')),
  port: Type.Integer({ minimum: 0, maximum: 65535, ...about('port') }),
  dataDir: Type.String({ minLength: 1, ...about('dataDir') }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^(postgres|postgresql)://', ...about('databaseUrl') })),
  peerUrl: Type.Optional(Type.String({ pattern: '^https?://[^/?#@]+$', ...about('peerUrl') })),
  peerCaFile: File('peerCaFile'),
  adminToken: Type.Optional(Type.String({ minLength: ADMIN_TOKEN_MIN_LENGTH, description: 'TMC_ADMIN_TOKEN' })),
  adminTokenFile: File('adminTokenFile'),
  encryptionKeyFile: File('encryptionKeyFile'),
  tlsCertFile: File('tlsCertFile'),
  tlsKeyFile: File('tlsKeyFile'),
  tlsSans: Type.Array(Type.String({ minLength: 1 }), about('tlsSans')),
  insecureHttp: Type.Boolean(about('insecureHttp')),
  heartbeatIntervalMs: Millis('heartbeatIntervalMs'),
  heartbeatThresholdMs: Millis('heartbeatThresholdMs'),
  heartbeatFlushIntervalMs: Millis('heartbeatFlushIntervalMs'),
  evictionGraceMs: Millis('evictionGraceMs'),
  tokenGraceMs: Millis('tokenGraceMs'),
  kcpKubeconfig: File('kcpKubeconfig'),
  kcpContext: File('kcpContext'),
  kcpApiExport: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[a-z0-9]([-a-z0-9]*[a-z0-9])?)*:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
      ...about('kcpApiExport'),
    }),
  ),
  kcpHeartbeatMirrorIntervalMs: Millis('kcpHeartbeatMirrorIntervalMs'),
  logLevel: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    about('logLevel'),
  ),
  auditLevel: Type.Union([Type.Literal('none'), Type.Literal('writes'), Type.Literal('all')], about('auditLevel')),
  auditLogPath: File('auditLogPath'),
  auditLogMaxSize: Type.Integer({ minimum: 0, ...about('auditLogMaxSize') }),
  auditLogMaxBackup: Type.Integer({ minimum: 1, ...about('auditLogMaxBackup') }),
  bodyLimit: Type.Integer({ minimum: 1024, ...about('bodyLimit') }),
  headersTimeoutMs: Millis('headersTimeoutMs'),
  requestTimeoutMs: Millis('requestTimeoutMs'),
  maxConnectionsPerAddress: Type.Integer({ minimum: 0, ...about('maxConnectionsPerAddress') }),
  authFailureBurst: Type.Integer({ minimum: 0, ...about('authFailureBurst') }),
  authFailureRate: Type.Integer({ minimum: 1, ...about('authFailureRate') }),
  userQps: Type.Integer({ minimum: 1, ...about('userQps') }),
  userBurst: Type.Integer({ minimum: 1, ...about('userBurst') }),
  agentQps: Type.Integer({ minimum: 1, ...about('agentQps') }),
  agentBurst: Type.Integer({ minimum: 1, ...about('agentBurst') }),
  maxUserWatches: Type.Integer({ minimum: 0, ...about('maxUserWatches') }),
  maxAgentLongPolls: Type.Integer({ minimum: 0, ...about('maxAgentLongPolls') }),
  oidcIssuerUrl: Type.Optional(Type.String({ pattern: '^https://', ...about('oidcIssuerUrl') })),
  oidcClientId: Text('oidcClientId'),
  oidcUsernameClaim: Type.String({ minLength: 1, ...about('oidcUsernameClaim') }),
  oidcUsernamePrefix: Text('oidcUsernamePrefix'),
  oidcGroupsClaim: Text('oidcGroupsClaim'),
  oidcGroupsPrefix: Text('oidcGroupsPrefix'),
  oidcCaFile: File('oidcCaFile'),
  oidcSigningAlgs: Type.Array(Type.Enum(OIDC_SIGNING_ALGS), about('oidcSigningAlgs')),
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
    throw new ConfigError(
      'invalid configuration: --insecure-http serves plain HTTP: give it or --tls-cert-file, not both',
    );
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError('invalid configuration: --headers-timeout may not be longer than --request-timeout');
  }
  if (config.adminToken && config.adminTokenFile) {
    throw new ConfigError('invalid configuration: give TMC_ADMIN_TOKEN or --admin-token-file, not both');
  }
  if (Boolean(config.oidcIssuerUrl) !== Boolean(config.oidcClientId)) {
    throw new ConfigError('invalid configuration: --oidc-issuer-url and --oidc-client-id must be given together');
  }
  checkPeerUrl(config);
  return config;
}

/** A peer URL says where other replicas of one database reach this one, so as this one serves. */
function checkPeerUrl(config: ServerConfig): void {
  if (config.peerUrl && !config.databaseUrl) {
    throw new ConfigError(
      'invalid configuration: --peer-url is for replicas sharing a --database-url; a SQLite server is alone',
    );
  }
  if (config.peerUrl?.startsWith('http:') && !config.insecureHttp) {
    throw new ConfigError('invalid configuration: --peer-url must be https:// (the server serves HTTPS)');
  }
}
