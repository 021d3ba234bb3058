// A SyncTarget's agent tokens on its page: when each was issued and when it ends (the server
// answers times only), and rotating it after a confirmation, the new token shown once to copy.
import { PATHS, apiFetch, getJson } from './api.js';
import { confirmAction } from './confirm.js';
import type { Context } from './context.js';
import { fill, h, since, table, td } from './dom.js';

interface TokenTimes {
  issued: string;
  expires?: string;
}

const local = (time: string): HTMLElement =>
  h('time', { datetime: time, title: time }, new Date(time).toLocaleString());
const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Shows the new token once in a modal dialog: copyable, with a warning that it is not shown again. */
function showOnce(name: string, token: string): Promise<void> {
  const field = h('input', { id: 'new-token', readonly: true, value: token, spellcheck: 'false' }) as HTMLInputElement;
  const copied = h('p', { class: 'muted', role: 'status' });
  const copy = async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(token);
      copied.textContent = 'Copied.';
    } catch {
      copied.textContent = 'Selected: copy it with your keyboard.';
    }
  };
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'token-title', 'aria-describedby': 'token-warning' },
    h('h2', { id: 'token-title' }, `New agent token for ${name}`),
    h(
      'p',
      { id: 'token-warning', class: 'warning' },
      'This token is shown only once: copy it now and give it to the agent. The server keeps only its hash.',
    ),
    h('label', { for: 'new-token' }, 'Agent token'),
    field,
    copied,
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void copy() }, 'Copy'),
      h('button', { value: 'close' }, 'Done'),
    ),
  ) as HTMLDialogElement;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      field.value = ''; // gone from the page once closed
      dialog.remove();
      resolve();
    });
    dialog.showModal();
  });
}

export function tokensSection(name: string, context: Context): HTMLElement {
  const path = `${PATHS.syncTargets}/${encodeURIComponent(name)}/tokens`;
  const list = h('div', {}, h('p', { class: 'empty' }, 'Loading…'));
  const load = async (): Promise<void> => {
    try {
      const { tokens } = await getJson<{ tokens: TokenTimes[] }>(path);
      const rows = tokens.map((token, i) => [
        h('th', { scope: 'row' }, `Token ${i + 1}`),
        td(local(token.issued), ' (', since(token.issued), ')'),
        td(token.expires ? local(token.expires) : 'until the next rotation ends it'),
      ]);
      fill(list, table('Agent tokens', ['Token', 'Issued', 'Expires'], rows, 'No agent token is valid.'));
    } catch (error) {
      fill(list, h('p', { class: 'error' }, `Could not read the tokens: ${why(error)}`));
    }
  };
  const rotate = async (): Promise<void> => {
    const confirmed = await confirmAction(
      `Rotate the agent token of ${name}?`,
      'A new token is issued and shown once. The current token keeps working for the grace period ' +
        '(--token-grace), then ends: give the agent the new one before then.',
      'Rotate',
    );
    if (!confirmed) return;
    try {
      const { token } = (await (await apiFetch(path, { method: 'POST' })).json()) as { token: string };
      await load();
      await showOnce(name, token);
      context.notify(`A new agent token for ${name} was issued.`);
    } catch (error) {
      context.notify(`Could not rotate the token of ${name}: ${why(error)}`);
    }
  };
  void load();
  return h(
    'section',
    { 'aria-labelledby': 'tokens-title' },
    h('h3', { id: 'tokens-title' }, 'Agent token rotations'),
    h('p', { class: 'muted' }, 'Times only: a token is shown once, when issued, and never again.'),
    list,
    h('button', { type: 'button', class: 'danger', onclick: () => void rotate() }, 'Rotate token'),
  );
}
