// The dashboard's entry: the login form until a token is accepted, then the fleet.
import './styles.css';
import { session } from './api.js';
import { showLogin } from './login.js';
import { startShell } from './shell.js';

const root = document.getElementById('app')!;

function open(notice?: string): void {
  if (session.token()) startShell(root, open);
  else showLogin(root, notice, () => open());
}

open();
