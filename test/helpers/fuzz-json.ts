// fast-check arbitraries for hostile JSON: strings with control characters, NULs and unpaired
// surrogates (in values and keys), numbers JavaScript cannot hold, deep nesting, broken text,
// and bodies shaped like the agents' own so that most reach the routes' logic and the stores.
import fc from 'fast-check';

/** A number token written as it is, never through JSON.stringify: 1e400 must reach the server as 1e400. */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** A JSON-like value; undefined members are left out, as JSON.stringify leaves them out. */
export type Fuzzed = null | boolean | string | RawNumber | Fuzzed[] | { [key: string]: Fuzzed | undefined };

/** Every UTF-16 code unit, lone surrogates and controls included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const nastyUnit = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u2028',
  '\ufeff',
  '"',
  '\\',
  '/',
  '\n',
  'a',
  '😀',
);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: anyCodeUnit, maxLength: 12 }),
  fc.string({ unit: nastyUnit, maxLength: 8 }),
  fc.constantFrom('', 'x\u0000y', '\ud800', 'a\udc00b', '\udc00\ud800', '😀', '\u0000\u0000'),
  fc.constantFrom('Synced', 'True', 'v0.3.1', '8'),
);

const NUMBER_TOKENS = [
  '1e400',
  '-1e400',
  '1e-400',
  '2e308',
  '1E+308',
  '-0',
  '0.0',
  '9007199254740993',
  '123456789012345678901234567890',
  '1',
  '0',
  '3',
  '-1',
  '1.5',
];

export const hugeNumber: fc.Arbitrary<RawNumber> = fc.oneof(
  fc.constantFrom(...NUMBER_TOKENS).map((text) => new RawNumber(text)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => new RawNumber(JSON.stringify(n))),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n) => new RawNumber(n.toString())),
);

const leaf: fc.Arbitrary<Fuzzed> = fc.oneof(nastyString, hugeNumber, fc.boolean(), fc.constant(null));

/** Any JSON value, keys as hostile as values. */
export const anyJson: fc.Arbitrary<Fuzzed> = fc.letrec<{ value: Fuzzed }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value wrapped in 1 to 400 arrays or objects: past the depth limit or just within it. */
export const deepJson: fc.Arbitrary<Fuzzed> = fc
  .tuple(fc.integer({ min: 1, max: 400 }), fc.boolean(), leaf)
  .map(([levels, arrays, inner]) => {
    let value: Fuzzed = inner;
    for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Mostly the field's own kind of value; now and then anything at all. */
export const fieldOf = <T extends Fuzzed>(usual: fc.Arbitrary<T>): fc.Arbitrary<Fuzzed> =>
  fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: deepJson });

/** JSON text of a fuzzed value (a few hundred levels at most: recursion is fine here). */
export function toText(value: Fuzzed): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${toText(v!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const cut = ([text, at]: [string, number]) => text.slice(0, at % (text.length + 1));
const inserted = ([text, at, c]: [string, number, string]) => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + c + text.slice(i);
};

/** The text of a body: usually well formed, sometimes cut short or with a stray character. */
export const bodyText = (body: fc.Arbitrary<Fuzzed>): fc.Arbitrary<string> => {
  const text = body.map(toText);
  return fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 1, arbitrary: fc.tuple(text, fc.nat()).map(cut) },
    { weight: 1, arbitrary: fc.tuple(text, fc.nat(), anyCodeUnit).map(inserted) },
  );
};

const percentEncoded = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Percent-encoded bytes of any kind (invalid UTF-8 and %00 included), for query strings and path segments. */
export const urlPart: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '9', 'a', '-', '.'), maxLength: 20 }),
  fc.uint8Array({ maxLength: 12 }).map(percentEncoded),
  fc.constantFrom('%00', '%ED%A0%80', '%C0%80', '%FF', '99999999999999999', '1e400', '-1', '0', ''),
);
