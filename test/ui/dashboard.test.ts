// The dashboard in a real browser (Debian's Chromium) against a real server with simulated agents:
// login (a wrong token is refused on the form), the fleet trouble first and filtered, a target
// turning Unknown live when its agent stops, cordon from the page (seen in the API), a target's
// page with its Ready timeline and token rotations (rotate from the page: the new token shown
// once, both working during the grace period), the workloads' per-target cells, a phone-sized
// screen, the unreachable-server banner and log out. axe-core runs on each page; screenshots go
// to test/artifacts/dashboard/.
import type { Page } from 'playwright-core';
import t from 'tap';
import { eventually } from '../helpers/agents.js';
import { WAIT, accessible, chromiumOrSkip, launch, openPage, screenshot } from './browser.js';
import { ADMIN, Fleet, ST } from './fleet.js';
import { tokenRotation } from './token-rotation.js';

// A server, a browser and heartbeat timeouts on a shared, loaded machine.
t.setTimeout(300_000);

const rowNames = (page: Page) => page.locator('#fleet tbody th').allTextContents();

if (chromiumOrSkip(t)) {
  t.test('the dashboard, from login to log out', async (t) => {
    const fleet = await Fleet.start(t);
    await fleet.target('edge-1', { env: 'prod', region: 'eu' });
    await fleet.target('edge-2', { env: 'dev' });
    await fleet.target('edge-3', { env: 'prod', region: 'us' });
    await fleet.beat('edge-1');
    await fleet.beat('edge-3');
    await fleet.workload();
    await eventually(
      async () => ((await fleet.placements()).join() === 'edge-1,edge-3' ? true : undefined),
      'shop/web placed on edge-1 and edge-3',
      60_000,
    );
    await fleet.applied('edge-1');
    await fleet.dbApplied('edge-1');

    const browser = await launch(t);
    const { page, cspReports } = await openPage(browser);
    await page.goto(`${fleet.url}/ui`);

    t.test('a wrong token: the form says so', async (t) => {
      await page.getByLabel('Admin token').fill('not-the-admin-token-0123456789');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor(WAIT);
      t.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing kept');
      await accessible(t, page, 'login-refused');
    });

    t.test('the right token: the fleet, trouble first, filtered by labels', async (t) => {
      await page.getByLabel('Admin token').fill(ADMIN);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Fleet' }).waitFor(WAIT);
      await page.locator('#fleet tbody tr').nth(2).waitFor(WAIT);
      t.same(await rowNames(page), ['edge-2', 'edge-1', 'edge-3'], 'edge-2 never heartbeat: it comes first');
      const edge1 = page.getByRole('row', { name: /^edge-1 / });
      // StatefulSets are polled, not watched: their count arrives up to one poll after the row.
      await edge1.filter({ hasText: /110\s*2\s*Cordon/ }).waitFor(WAIT);
      t.match(
        await edge1.textContent(),
        /Ready.*env=prod.*region=eu.*No.*cpu 8, memory 32Gi, pods 110\s*2\s*Cordon/,
        'two workloads placed: the Deployment and the StatefulSet',
      );
      t.match(await page.getByRole('row', { name: /^edge-2 / }).textContent(), /Not ready\s*NoHeartbeat\s*never/);
      const ticking = await edge1.locator('time').textContent();
      await page.waitForFunction(
        (before) => {
          const rows = [...document.querySelectorAll('#fleet tbody tr')];
          const row = rows.find((r) => r.querySelector('th')?.textContent === 'edge-1');
          return row?.querySelector('time')?.textContent !== before;
        },
        ticking,
        WAIT,
      );
      t.match(ticking, /^\d+s ago$/, 'the time since the last heartbeat, ticking');
      t.equal(await page.evaluate(() => sessionStorage.getItem('tmc.token')), ADMIN, 'kept in this tab');
      t.notOk(page.url().includes(ADMIN), 'never in the URL');

      const selector = page.getByLabel('Label selector');
      await selector.fill('env=prod');
      t.same(await rowNames(page), ['edge-1', 'edge-3']);
      await selector.fill('region in (us,ap)');
      t.same(await rowNames(page), ['edge-3']);
      await selector.fill('env in (prod');
      await page.getByText('Not a label selector').waitFor(WAIT);
      await selector.fill('');
      await accessible(t, page, 'fleet');
    });

    t.test('a target whose agent stops turns Unknown live, and moves up', async (t) => {
      const edge3 = page.getByRole('row', { name: /^edge-3 / });
      t.match(await edge3.textContent(), /Ready/);
      fleet.silence('edge-3');
      await edge3.getByText('Unknown', { exact: true }).waitFor(WAIT);
      t.match(await edge3.textContent(), /HeartbeatTimeout/);
      t.same(await rowNames(page), ['edge-2', 'edge-3', 'edge-1'], 'now in trouble: before edge-1');
      await screenshot(page, 'fleet-edge-3-unknown');
    });

    t.test('cordon from the page, after a confirmation', async (t) => {
      const unschedulable = async () => (await fleet.ok('GET', `${ST}/edge-1`)).spec.unschedulable;
      await page.getByRole('button', { name: 'Cordon edge-1' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cordon edge-1?' });
      await dialog.waitFor(WAIT);
      await accessible(t, page, 'cordon-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      t.equal(await unschedulable(), false, 'cancelled: nothing changed');
      await page.getByRole('button', { name: 'Cordon edge-1' }).click();
      await dialog.getByRole('button', { name: 'Cordon' }).click();
      await page.getByRole('status').filter({ hasText: 'edge-1 is cordoned' }).waitFor(WAIT);
      t.equal(await unschedulable(), true, 'the API has it');
      await page.getByRole('button', { name: 'Uncordon edge-1' }).waitFor(WAIT);
      t.match(await page.getByRole('row', { name: /^edge-1 / }).textContent(), /Cordoned/);
    });

    t.test("a SyncTarget's page: its state, conditions and what is placed on it", async (t) => {
      await page.getByRole('link', { name: 'edge-1' }).click();
      await page.getByRole('heading', { name: 'SyncTarget edge-1' }).waitFor(WAIT);
      await page.getByRole('row', { name: /^shop\/web / }).waitFor(WAIT);
      t.match(await page.getByRole('row', { name: /^shop\/web / }).textContent(), /Deployment.*Applied.*2\/2/);
      const db = page.getByRole('row', { name: /^shop\/db / });
      await db.waitFor(WAIT);
      t.match(await db.textContent(), /StatefulSet.*Applied.*Healthy/, 'every workload kind, with its health there');
      t.match(await page.getByRole('row', { name: /^Ready / }).textContent(), /True/);
      await accessible(t, page, 'synctarget');
    });

    t.test("a target's token rotations: listed, rotated after a confirmation, the new token shown once", (t) =>
      tokenRotation(t, page, fleet),
    );

    t.test("a target's Ready timeline shows the Unknown transition after its agent stopped", async (t) => {
      await page.evaluate(() => (location.hash = '#/targets/edge-3'));
      await page.getByRole('heading', { name: 'SyncTarget edge-3' }).waitFor(WAIT);
      const timeline = page.getByRole('list', { name: 'Ready transitions, newest first' });
      await timeline.locator('li').nth(2).waitFor(WAIT);
      const entries = (await timeline.locator('li').allTextContents()).map((text) => text.replace(/\s+/g, ' '));
      t.match(entries, [/^Unknown HeartbeatTimeout /, /^Ready HeartbeatHealthy /, /^Not ready NoHeartbeat /]);
      t.equal(entries.length, 3);
      await accessible(t, page, 'synctarget-timeline');
    });

    t.test('workloads: one cell per placed target, with its state in words and its Overrides', async (t) => {
      await page.getByRole('link', { name: 'Workloads' }).click();
      const web = page.getByRole('row', { name: /^web / });
      // The server marks edge-3's entry Stale once edge-3 turned Unknown.
      await web.getByText('edge-3: Stale').waitFor(WAIT);
      t.same(
        await web.locator('.cells li').allTextContents(),
        ['edge-1: Applied overrides eu-registry', 'edge-3: Stale'],
        'the Override that changes it on edge-1 (region eu), none on edge-3',
      );
      t.match(await web.textContent(), /prod/, 'the Placement that put it there');
      const db = page.getByRole('row', { name: /^db StatefulSet / });
      await db.getByText('edge-3: Stale').waitFor(WAIT);
      t.same(await db.locator('.cells li').allTextContents(), ['edge-1: Applied', 'edge-3: Stale'], 'other kinds too');
      t.match(await db.textContent(), /Degraded.*prod/, 'its health from the reports, its Placement');
      await accessible(t, page, 'workloads');
    });

    t.test('a phone-sized screen: nothing wider than it, still accessible', async (t) => {
      await page.setViewportSize({ width: 390, height: 844 });
      const pages = [
        ['#/fleet', 'fleet-390'],
        ['#/workloads', 'workloads-390'],
        ['#/targets/edge-1', 'synctarget-390'],
      ];
      for (const [hash, name] of pages as [string, string][]) {
        await page.evaluate((to) => (location.hash = to), hash);
        await page.locator('tbody tr').first().waitFor(WAIT);
        t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), `${name}: no sideways scrolling`);
        await accessible(t, page, name);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    t.test('the server goes away: a banner, then back on its own', async (t) => {
      const banner = page.locator('.banner');
      await fleet.stop();
      await banner.waitFor({ state: 'visible', ...WAIT });
      t.match(await banner.textContent(), /cannot be reached/);
      await screenshot(page, 'unreachable');
      await fleet.restart();
      await banner.waitFor({ state: 'hidden', ...WAIT });
      await page.locator('tbody tr').first().waitFor(WAIT);
    });

    t.test('log out: back to the form, the token gone', async (t) => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByLabel('Admin token').waitFor(WAIT);
      t.equal(await page.evaluate(() => sessionStorage.getItem('tmc.token')), null);
      t.same(cspReports, [], 'the page broke no rule of its Content-Security-Policy');
    });
  });
}
