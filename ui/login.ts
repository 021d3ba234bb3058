// The login form: a token is tried against the API before it is kept, and a refused one says so.
import { HttpError, PATHS, getJson, session } from './api.js';
import { fill, h } from './dom.js';

export function showLogin(root: HTMLElement, notice: string | undefined, loggedIn: () => void): void {
  document.title = 'Log in · tmc fleet';
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-describedby': 'token-help login-error',
    spellcheck: 'false',
  }) as HTMLInputElement;
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' }, notice ?? '');
  const button = h('button', { type: 'submit' }, 'Log in') as HTMLButtonElement;
  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'tmc fleet'),
    h('label', { for: 'token' }, 'Admin token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'help' },
      'The token in data/admin.kubeconfig or the admin token file. It is kept in this tab only.',
    ),
    button,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    button.disabled = true;
    error.textContent = '';
    getJson(PATHS.syncTargets, token).then(
      () => {
        session.start(token);
        loggedIn();
      },
      (failure: unknown) => {
        button.disabled = false;
        error.textContent =
          failure instanceof HttpError && failure.status === 401
            ? 'That token was not accepted. Check it and try again.'
            : `The server could not be reached (${failure instanceof Error ? failure.message : String(failure)}).`;
        input.focus();
      },
    );
  });
  fill(root, h('main', { class: 'login-page' }, form));
  input.focus();
}
