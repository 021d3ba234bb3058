// Who is calling: an admin, or the agent of one SyncTarget. Bearer tokens stand for one of
// these; verifiers of each kind of token (admin tokens, agent tokens) say which.
import { Type, type Static } from 'typebox';

export const Principal = Type.Union([
  Type.Object({ kind: Type.Literal('admin') }),
  Type.Object({ kind: Type.Literal('agent'), syncTarget: Type.String() }),
]);
export type Principal = Static<typeof Principal>;

export interface TokenVerifier {
  /** The principal a token stands for, or undefined when it stands for nobody. */
  verify(token: string): Promise<Principal | undefined> | Principal | undefined;
}
