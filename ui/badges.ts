// Coloured words: every state is written out, the colour only repeats it.
import { h } from './dom.js';
import { type Health, type SyncTarget, type SyncTargetEntry, readiness, readyOf } from './model.js';

const slug = (text: string) => text.toLowerCase().replace(/\s+/g, '-');

export function readyBadge(target: SyncTarget): HTMLElement {
  const word = readiness(target);
  const reason = readyOf(target)?.reason;
  return h(
    'span',
    { class: 'ready' },
    h('span', { class: `badge ready-${slug(word)}` }, word),
    reason ? h('span', { class: 'reason' }, reason) : null,
  );
}

export const stateBadge = (entry: SyncTargetEntry, withName = true): HTMLElement =>
  h(
    'span',
    { class: `badge state-${slug(entry.state)}`, title: entry.message },
    withName ? `${entry.name}: ${entry.state}` : entry.state,
  );

export const healthBadge = (health: Health): HTMLElement =>
  h('span', { class: `badge health-${slug(health)}` }, health);

export const chips = (texts: string[]): HTMLElement =>
  texts.length === 0
    ? h('span', { class: 'muted' }, 'none')
    : h(
        'ul',
        { class: 'chips' },
        texts.map((text) => h('li', {}, text)),
      );
