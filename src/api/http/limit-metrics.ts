// Counts of requests refused by the abuse limits, by reason only: no address, user, agent or
// token appears in a label.
import { Counter, type Registry } from 'prom-client';
import type { AddressFailures } from '../../runtime/address-failures.js';
import type { PrincipalLimits } from './principal-limits.js';

export function registerLimitMetrics(registry: Registry, failures: AddressFailures, limits: PrincipalLimits): void {
  new Counter({
    name: 'tmc_auth_failure_refusals_total',
    help: 'Requests refused 429 because their client address failed to authenticate too often',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(failures.refused);
    },
  });
  new Counter({
    name: 'tmc_limit_refusals_total',
    help: "Requests refused 429 by a user's or agent's limits: reason rate (requests per second) or concurrent",
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(limits.refused)) this.inc({ reason }, count);
    },
  });
}
