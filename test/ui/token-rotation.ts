// The dashboard's token rotations on a target's page, in the browser: listed, rotated after a
// confirmation, the new token shown once and working beside the old one for the grace period.
import type { Page } from 'playwright-core';
import type { Test } from 'tap';
import { WAIT, accessible } from './browser.js';
import { type Fleet, ST } from './fleet.js';

export async function tokenRotation(t: Test, page: Page, fleet: Fleet): Promise<void> {
  const tokens = page.getByRole('region', { name: 'Agent token rotations' });
  const times = async () => (await fleet.ok('GET', `${ST}/edge-1/tokens`)).tokens;
  await tokens.getByRole('row', { name: /^Token 1 / }).waitFor(WAIT);
  t.equal(await tokens.locator('tbody tr').count(), 1);
  t.match(await tokens.getByRole('row', { name: /^Token 1 / }).textContent(), /until the next rotation/);

  await tokens.getByRole('button', { name: 'Rotate token' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rotate the agent token of edge-1?' });
  await confirm.waitFor(WAIT);
  await accessible(t, page, 'rotate-dialog');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  t.equal((await times()).length, 1, 'cancelled: no token issued');

  await tokens.getByRole('button', { name: 'Rotate token' }).click();
  await confirm.getByRole('button', { name: 'Rotate' }).click();
  const shown = page.getByRole('dialog', { name: 'New agent token for edge-1' });
  await shown.waitFor(WAIT);
  t.match(await shown.textContent(), /shown only once/);
  const token = await shown.getByLabel('Agent token').inputValue();
  t.match(token, /^tmcagent_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole('button', { name: 'Copy' }).click();
  await shown.getByText(/^(Copied|Selected)/).waitFor(WAIT);
  await accessible(t, page, 'token-shown-once');
  const beat = (with_: string) => fleet.call('POST', `${ST}/edge-1/heartbeat`, {}, with_);
  t.equal((await beat(token)).status, 200, 'the new token works against the API');
  t.equal((await beat(fleet.tokenOf('edge-1'))).status, 200, 'the old one still works during the grace period');
  await shown.getByRole('button', { name: 'Done' }).click();
  // A closed <dialog> leaves the accessibility tree at once (what `shown` finds) but the page only
  // at its close event, a task later: wait for the field itself, which goes with it.
  await page.locator('#new-token').waitFor({ state: 'detached', ...WAIT });
  t.equal(await page.getByText(token).count(), 0, 'gone from the page once closed');
  t.equal(await page.locator('input').count(), 0);

  await tokens.getByRole('row', { name: /^Token 2 / }).waitFor(WAIT);
  t.notMatch(
    await tokens.getByRole('row', { name: /^Token 1 / }).textContent(),
    /until the next rotation/,
    'the old token now has an end',
  );
  const [older, newer] = await times();
  t.ok(older.expires && !newer.expires, 'the API agrees: the older one expires');
  t.notOk((await page.content()).includes(token), 'the page keeps no copy of the token');
}
