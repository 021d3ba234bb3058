// Label selectors in both Kubernetes forms: the query-string form of list calls
// ("env=prod,tier!=canary,region in (eu,us),!legacy") and the structured LabelSelector of specs.
import { type Cause, invalid, required, validateLabelValue, validateQualifiedName } from './validation.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export type Labels = Record<string, string> | undefined;

export class SelectorSyntaxError extends Error {
  override name = 'SelectorSyntaxError';
}

const TOKEN = /\s*(!=|==|=|\(|\)|,|!|[^\s!=(),]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      throw new SelectorSyntaxError(`unexpected character at position ${start}`);
    }
    tokens.push(match[1] as string);
  }
  return tokens;
}

/** Parses the string form; throws SelectorSyntaxError with a readable reason when malformed. */
export function parseSelector(text: string): Requirement[] {
  const tokens = tokenize(text);
  const requirements: Requirement[] = [];
  let i = 0;
  const next = (): string | undefined => tokens[i++];
  const expectWord = (what: string): string => {
    const token = next();
    if (token === undefined || ['!=', '==', '=', '(', ')', ',', '!'].includes(token)) {
      throw new SelectorSyntaxError(`expected ${what} but found ${token ?? 'end of input'}`);
    }
    return token;
  };
  while (i < tokens.length) {
    if (tokens[i] === '!') {
      i++;
      requirements.push({ key: expectWord('a label key'), operator: 'DoesNotExist', values: [] });
    } else {
      const key = expectWord('a label key');
      const op = tokens[i];
      if (op === undefined || op === ',') {
        requirements.push({ key, operator: 'Exists', values: [] });
      } else if (op === '=' || op === '==' || op === '!=') {
        i++;
        const value = tokens[i] === ',' || tokens[i] === undefined ? '' : expectWord('a label value');
        requirements.push({ key, operator: op === '!=' ? 'NotIn' : 'In', values: [value] });
      } else if (op === 'in' || op === 'notin') {
        i++;
        requirements.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values: parseSet() });
      } else {
        throw new SelectorSyntaxError(`unexpected "${op}" after label key "${key}"`);
      }
    }
    if (i < tokens.length && next() !== ',') throw new SelectorSyntaxError('requirements must be separated by ","');
  }
  for (const r of requirements) checkRequirement(r);
  return requirements;

  function parseSet(): string[] {
    if (next() !== '(') throw new SelectorSyntaxError('expected "(" to open a set of values');
    const values: string[] = [];
    for (;;) {
      values.push(expectWord('a label value'));
      const separator = next();
      if (separator === ')') return values;
      if (separator !== ',') throw new SelectorSyntaxError('expected "," or ")" in a set of values');
    }
  }
}

function checkRequirement(r: Requirement): void {
  const problems = [...validateQualifiedName('key', r.key), ...r.values.flatMap((v) => validateLabelValue('value', v))];
  if (problems.length > 0) throw new SelectorSyntaxError(`${problems[0]!.message}`);
}

/** Converts a structured LabelSelector; call validateSelectorObject first for user input. */
export function selectorRequirements(selector: LabelSelectorObject | undefined): Requirement[] {
  if (!selector) return [];
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(
    ([key, value]): Requirement => ({ key, operator: 'In', values: [value] }),
  );
  const fromExpressions = (selector.matchExpressions ?? []).map(
    (e): Requirement => ({ key: e.key, operator: e.operator as Operator, values: e.values ?? [] }),
  );
  return [...fromLabels, ...fromExpressions];
}

export function validateSelectorObject(field: string, selector: LabelSelectorObject | undefined): Cause[] {
  if (!selector) return [];
  const causes: Cause[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    causes.push(
      ...validateQualifiedName(`${field}.matchLabels`, key),
      ...validateLabelValue(`${field}.matchLabels.${key}`, value),
    );
  }
  (selector.matchExpressions ?? []).forEach((e, index) => {
    const path = `${field}.matchExpressions[${index}]`;
    causes.push(...validateQualifiedName(`${path}.key`, e.key));
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0)
        causes.push(required(`${path}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0)
        causes.push(
          invalid(`${path}.values`, values, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
    } else {
      causes.push({
        reason: 'FieldValueNotSupported',
        field: `${path}.operator`,
        message: `Unsupported value: ${JSON.stringify(e.operator)}: supported values: "In", "NotIn", "Exists", "DoesNotExist"`,
      });
    }
    for (const [vi, v] of values.entries()) causes.push(...validateLabelValue(`${path}.values[${vi}]`, v));
  });
  return causes;
}

/** Every requirement must hold; an empty list matches everything. */
export function matches(requirements: Requirement[], labels: Labels): boolean {
  return requirements.every((r) => {
    const has = labels !== undefined && Object.hasOwn(labels, r.key);
    switch (r.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && r.values.includes(labels![r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(labels![r.key]!);
      default:
        return false;
    }
  });
}
