// A modal confirmation (the browser's own <dialog>: focus is kept inside, Escape cancels).
import { h } from './dom.js';

export function confirmAction(title: string, text: string, action: string): Promise<boolean> {
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
    h('h2', { id: 'confirm-title' }, title),
    h('p', { id: 'confirm-text' }, text),
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', class: 'secondary' }, 'Cancel'),
      h('button', { value: 'confirm', class: 'danger' }, action),
    ),
  ) as HTMLDialogElement;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    dialog.showModal();
  });
}
