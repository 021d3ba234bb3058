// Who is calling: an admin (break-glass, in system:masters), the agent of one SyncTarget, or a
// tmc User with groups. Bearer tokens stand for one of these; verifiers of each kind of token
// (admin tokens, agent tokens, user tokens) say which.
import { Type, type Static } from 'typebox';

/**
 * An agent token stands for one incarnation of its SyncTarget (its uid) until it expires; a
 * request whose body arrives after either has changed must not be applied (see stillValid in
 * api/http/auth.ts and the uid preconditions of the agent routes' writes).
 */
export const AgentPrincipal = Type.Object({
  kind: Type.Literal('agent'),
  syncTarget: Type.String(),
  /** The uid of the SyncTarget the token was issued for: writes apply to that incarnation only. */
  syncTargetUid: Type.String(),
  /** When the token ends (ms since the epoch), or null while no newer token caps it. */
  expiresAt: Type.Union([Type.Number(), Type.Null()]),
});
export type AgentPrincipal = Static<typeof AgentPrincipal>;

/** A tmc User: what RBAC judges, by name and groups (system:authenticated included). */
export const UserPrincipal = Type.Object({
  kind: Type.Literal('user'),
  name: Type.String(),
  groups: Type.Array(Type.String()),
});
export type UserPrincipal = Static<typeof UserPrincipal>;

export const Principal = Type.Union([Type.Object({ kind: Type.Literal('admin') }), AgentPrincipal, UserPrincipal]);
export type Principal = Static<typeof Principal>;

export interface TokenVerifier {
  /** The principal a token stands for, or undefined when it stands for nobody. */
  verify(token: string): Promise<Principal | undefined> | Principal | undefined;
}
