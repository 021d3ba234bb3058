// Duplicate keys in a JSON text. JSON.parse keeps the last of them without a word, while
// Kubernetes' strict decoding names each one (`duplicate field "metadata.name"`), so the text
// is scanned once more. The text has already been parsed, so it is valid JSON; the scan is a
// loop with an explicit stack, never a recursion, as every check of outside JSON here.

interface Frame {
  array: boolean;
  /** Arrays: the index of the current element. */
  index: number;
  /** Objects: the key of the current member, the keys seen, and whether a key comes next. */
  key: string;
  keys: Set<string>;
  expectKey: boolean;
}

/** "spec.containers[0].name", as Kubernetes names fields. */
function pathOf(stack: Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.array) path += `[${frame.index}]`;
    else path += path ? `.${frame.key}` : frame.key;
  }
  return path;
}

/** The end of the string that opens at `start` (the index of its closing quote). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
}

/** The path of every key given twice in its object, in the order they occur. */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, end + 1)) as string;
        top.expectKey = false;
        if (top.keys.has(top.key)) found.push(pathOf(stack));
        else top.keys.add(top.key);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ array: c === '[', index: 0, key: '', keys: new Set(), expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.array) top.index++;
      else top.expectKey = true;
    }
  }
  return found;
}
