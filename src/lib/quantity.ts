// Kubernetes resource quantities ("500m", "32Gi", "1e3"), summed exactly: the heartbeat reports
// the cluster's capacity as the sum over its nodes. Values are held as whole nano-units in a
// bigint, the finest precision Kubernetes keeps, so no sum is ever off by floating point.

const PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const NANO = 10n ** 9n;

export interface Quantity {
  /** The value in nano-units (10^-9), rounded up as Kubernetes rounds. */
  nano: bigint;
  /** Whether it was written with a binary suffix (Ki, Mi, ...): sums of those print the same way. */
  binary: boolean;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : -(-a / b));

/** The quantity, or undefined when `text` is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, sign, number, binarySuffix, decimalSuffix, exponentText] = match;
  const [whole = '', fraction = ''] = number!.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0') * NANO;
  let denominator = 10n ** BigInt(fraction.length);
  if (binarySuffix) {
    numerator *= 1024n ** BigInt(BINARY.indexOf(binarySuffix) + 1);
  } else {
    const exponent = decimalSuffix ? DECIMAL_EXPONENT[decimalSuffix]! : Number(exponentText ?? 0);
    // An exponent this far out cannot come from a node's status; refusing it keeps bigints small.
    if (Math.abs(exponent) > 30) return undefined;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  const nano = ceilDiv(numerator, denominator);
  return { nano: sign === '-' ? -nano : nano, binary: binarySuffix !== undefined };
}

function largestSuffix(whole: bigint, base: bigint, suffixes: string[]): string | undefined {
  for (let k = suffixes.length; k >= 1; k--) {
    const unit = base ** BigInt(k);
    if (whole % unit === 0n) return `${whole / unit}${suffixes[k - 1]}`;
  }
  return undefined;
}

/** The shortest exact text for the quantity: "64Gi" for binary sums, "8", "8k", "1500m" otherwise. */
export function formatQuantity({ nano, binary }: Quantity): string {
  if (nano === 0n) return '0';
  if (nano % NANO === 0n) {
    const whole = nano / NANO;
    const suffixed = binary
      ? largestSuffix(whole, 1024n, BINARY)
      : largestSuffix(whole, 1000n, ['k', 'M', 'G', 'T', 'P', 'E']);
    return suffixed ?? String(whole);
  }
  if (nano % 10n ** 6n === 0n) return `${nano / 10n ** 6n}m`;
  if (nano % 1000n === 0n) return `${nano / 1000n}u`;
  return `${nano}n`;
}

/**
 * Sums resource lists (each node's capacity, say) per resource name. A value that is not a
 * quantity is left out rather than sent: the server would refuse the whole heartbeat for it.
 */
export function sumResources(lists: readonly (Record<string, string> | undefined)[]): Record<string, string> {
  const totals = new Map<string, Quantity>();
  for (const list of lists) {
    for (const [name, text] of Object.entries(list ?? {})) {
      const quantity = typeof text === 'string' ? parseQuantity(text) : undefined;
      if (!quantity) continue;
      const total = totals.get(name);
      totals.set(
        name,
        total ? { nano: total.nano + quantity.nano, binary: total.binary && quantity.binary } : quantity,
      );
    }
  }
  return Object.fromEntries(
    [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([name, q]) => [name, formatQuantity(q)]),
  );
}
