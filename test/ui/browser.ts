// Debian's Chromium driven by playwright-core for the dashboard tests: skipped with the reason when
// it is missing (a failure under TMC_E2E=required, as in CI), screenshots kept as test artefacts,
// and axe-core run inside the page.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { Test } from 'tap';
import { e2eMode } from '../cluster/e2e-state.js';

export const CHROMIUM = process.env.TMC_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/dashboard/', import.meta.url));

/** Whether Chromium is there; otherwise marks the file skipped, or failed under TMC_E2E=required. */
export function chromiumOrSkip(t: Test): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it), or set TMC_CHROMIUM`;
  if (e2eMode() === 'required') t.fail(reason);
  else t.plan(0, `skipped: ${reason}`);
  return false;
}

export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  return browser;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, not a <script>: the page's CSP allows no inline script.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const tags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n: any) => String(n.target)),
    }));
  })) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How long the tests wait for the page: a server, a browser and heartbeats share a loaded machine. */
export const WAIT = { timeout: 60_000 };

/** axe-core finds no serious or critical violation on the page as it is; a screenshot is kept. */
export async function accessible(t: Test, page: Page, name: string): Promise<void> {
  t.same(await seriousViolations(page), [], `${name}: axe-core finds no serious or critical violation`);
  await screenshot(page, name);
}

/**
 * A desktop-sized page, and the Content-Security-Policy reports its console shows (a test ends
 * expecting none). DEBUG_UI=1 prints what the page logs and requests.
 */
export async function openPage(browser: Browser): Promise<{ page: Page; cspReports: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cspReports: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspReports.push(message.text());
  });
  if (process.env.DEBUG_UI) {
    page.on('console', (m) => console.error('console', m.type(), m.text()));
    page.on('requestfinished', (r) => console.error('done', r.url().slice(0, 140)));
    page.on('requestfailed', (r) => console.error('failed', r.url().slice(0, 140), r.failure()?.errorText));
    page.on('response', (r) => console.error('response', r.status(), r.url().slice(0, 140)));
  }
  return { page, cspReports };
}
