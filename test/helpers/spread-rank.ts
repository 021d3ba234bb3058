// A target's rank for one Deployment as the README states it, computed here without the
// scheduler's code: the rank is a promise (the same choice on every replica and after an
// upgrade), so the tests pin it rather than borrow the function under test.
import { createHash } from 'node:crypto';

export const rankOf = (deploymentKey: string, target: string): string =>
  createHash('sha256').update(`${deploymentKey}\n${target}`).digest('hex').slice(0, 16);

/** `names`, best-ranked first, for the Deployment `namespace/name`. */
export const byRank = (deploymentKey: string, names: string[]): string[] =>
  [...names].sort((a, b) => (rankOf(deploymentKey, a) < rankOf(deploymentKey, b) ? -1 : 1));
