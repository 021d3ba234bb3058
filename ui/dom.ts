// Elements built from parts, text always set as text: nothing from the API is parsed as HTML.
type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | boolean | EventListener | undefined>;

export function h(tag: string, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === false || child === null || child === undefined) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** What finds an element again once rebuilt: its tag and the attribute that names it. */
function identity(element: Element): string | undefined {
  const name = element.getAttribute('aria-label') ?? element.getAttribute('href') ?? element.id;
  return name ? `${element.tagName}|${name}` : undefined;
}

/** Replaces everything inside `parent`, keeping the keyboard focus on the same control if it was inside. */
export function fill(parent: Element, ...children: (Child | Child[])[]): void {
  const focused = document.activeElement;
  const key = focused && parent.contains(focused) ? identity(focused) : undefined;
  parent.replaceChildren(...h('div', {}, ...children).childNodes);
  if (!key) return;
  for (const candidate of parent.querySelectorAll<HTMLElement>('a, button, input')) {
    if (identity(candidate) === key) return candidate.focus();
  }
}

/** "4s ago", "3m 12s ago", "2h 5m ago": time since an RFC 3339 time, to the second. */
export function ago(time: string | undefined, now = Date.now()): string {
  if (!time) return 'never';
  const seconds = Math.max(0, Math.floor((now - Date.parse(time)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** A time that the page's ticker keeps current (see tick()). */
export const since = (time: string | undefined): HTMLElement =>
  h('time', { 'data-since': time ?? '', ...(time ? { datetime: time, title: time } : {}) }, ago(time));

/** Brings every since() element up to date; the shell calls it each second. */
export function tick(): void {
  const now = Date.now();
  for (const element of document.querySelectorAll<HTMLElement>('time[data-since]')) {
    element.textContent = ago(element.dataset.since || undefined, now);
  }
}

/** A table that becomes a list of cards on narrow screens; each cell carries its column name. */
export function table(caption: string, columns: string[], rows: HTMLElement[][], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'cards' },
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, column)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell, i) => {
              cell.setAttribute('data-label', columns[i] ?? '');
              return cell;
            }),
          ),
        ),
      ),
    ),
  );
}

export const td = (...children: (Child | Child[])[]): HTMLElement => h('td', {}, ...children);
