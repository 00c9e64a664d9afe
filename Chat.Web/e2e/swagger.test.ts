import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './support/browser';
import { ChatNode } from './support/node';

let node: ChatNode;
let browser: Browser;
const wait = { timeout: 20_000 };

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('Swagger UI', () => {
  // Swagger UI shares the page's origin (and its refresh token in localStorage), so it has a CSP too:
  // this proves the policy lets it render and call the API, with nothing refused.
  it('renders the operations and tries one out under its Content-Security-Policy', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A refused resource or eval shows as a console error naming the policy (the 401 below is a plain one).
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });

    const response = await page.goto(`${node.url}/swagger/index.html`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');

    const operations = page.locator('.opblock');
    await operations.first().waitFor(wait);
    const shown = await operations.count();

    // Try GET /api/account/me without a token: Swagger UI's own fetch must pass connect-src and show the 401.
    const me = page.locator('.opblock-get', { hasText: '/api/account/me' });
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', { name: 'Try it out' }).click();
    await me.getByRole('button', { name: 'Execute' }).click();
    const status = me.locator('.responses-table.live-responses-table .response-col_status', { hasText: '401' });
    await status.waitFor(wait);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('swagger.png') });
    // The Authorize dialog, where a bearer token is pasted.
    await page.locator('.auth-wrapper .authorize').click();
    await page.locator('.dialog-ux .modal-ux').waitFor(wait);
    await page.screenshot({ path: screenshotPath('swagger-authorize.png') });

    const violations = await page.evaluate(() => window.__cspViolations ?? []);
    console.log(`swagger under CSP: operations=${shown} violations=${violations.length} errors=${errors.length}`);
    expect(shown).toBeGreaterThanOrEqual(12);
    expect(violations, 'CSP violations').toEqual([]);
    expect(errors, 'page errors').toEqual([]);
    await context.close();
  });
});
