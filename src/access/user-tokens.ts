// User tokens: like agent tokens, a 256-bit random secret of which the store keeps only the
// SHA-256, in the same table (so both stores, rotation with a grace and the change notices come
// for free), tied to one incarnation of the User (its uid) under the owner "user:NAME", which
// no SyncTarget name can be. Each request reads the token and the User from the store, not a
// cache: a revocation, a deletion or a change of groups holds at once on every replica. Only a
// token the store knows it never stored (Store.knownTokenHashes, SQLite) is refused unread.
import { newToken } from '../admin-token.js';
import { tokenHash } from '../agent-tokens/agent-tokens.js';
import type { Principal, TokenVerifier } from '../schemas/principal.js';
import type { Store } from '../store/types.js';

export const USER_TOKEN_PREFIX = 'tmcuser_';
const TOKEN_SHAPE = /^tmcuser_[A-Za-z0-9_-]{43}$/;
const OWNER_PREFIX = 'user:';

export const AUTHENTICATED_GROUP = 'system:authenticated';

export interface IssuedToken {
  token: string;
  expiresAt: number | null;
}

export class UserTokens implements TokenVerifier {
  constructor(
    private readonly store: Store,
    private readonly graceMs: number,
  ) {}

  /** A new token; the user's older ones end after `graceMs` (the server's grace when not given). */
  async issue(
    name: string,
    uid: string,
    options: { expiresInMs?: number; graceMs?: number } = {},
  ): Promise<IssuedToken> {
    const token = `${USER_TOKEN_PREFIX}${newToken()}`;
    const now = Date.now();
    const expiresAt = options.expiresInMs === undefined ? null : now + options.expiresInMs;
    const owner = `${OWNER_PREFIX}${name}`;
    const record = { hash: tokenHash(token), syncTarget: owner, syncTargetUid: uid, createdAt: now, expiresAt };
    await this.store.issueAgentToken(record, now + (options.graceMs ?? this.graceMs));
    return { token, expiresAt };
  }

  /**
   * Ends every token of the user at once: stores one already expired token nobody holds, whose
   * issuance caps the others at now (the store has one way to end tokens, and it is this).
   */
  async revokeAll(name: string, uid: string): Promise<void> {
    const now = Date.now();
    const hash = tokenHash(`revoked:${uid}:${newToken()}`);
    const record = { hash, syncTarget: `${OWNER_PREFIX}${name}`, syncTargetUid: uid, createdAt: now, expiresAt: now };
    await this.store.issueAgentToken(record, now);
  }

  /** Synchronous for a token never stored (the store knows its hashes on SQLite): no read, no wait. */
  verify(token: string): Principal | undefined | Promise<Principal | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const hash = tokenHash(token);
    if (this.store.knownTokenHashes()?.has(hash) === false) return undefined;
    return this.lookUp(hash);
  }

  private async lookUp(hash: string): Promise<Principal | undefined> {
    const record = await this.store.findAgentToken(hash);
    if (!record?.syncTarget.startsWith(OWNER_PREFIX)) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return undefined;
    const name = record.syncTarget.slice(OWNER_PREFIX.length);
    const user = await this.store.get({ kind: 'User', namespace: '', name });
    if (!user || user.metadata.uid !== record.syncTargetUid) return undefined;
    const given = (user.spec as { groups?: string[] } | undefined)?.groups ?? [];
    const groups = given.filter((g) => g !== AUTHENTICATED_GROUP);
    return { kind: 'user', name, groups: [...groups, AUTHENTICATED_GROUP] };
  }
}
