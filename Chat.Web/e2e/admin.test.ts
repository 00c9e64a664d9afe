import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ChatPage, password } from './support/chat-page';
import { ChatNode, loginStatus, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const wait = { timeout: 20_000 };

async function signedIn(name: string): Promise<ChatPage> {
  const page = await ChatPage.open(browser, node.url);
  await page.login(name);
  await page.expectSignedIn(name);
  return page;
}

beforeAll(async () => {
  // Accounts:Admins names are resolved to accounts when the node starts: register first, then restart.
  node = await ChatNode.start(['--Accounts:Admins:0', 'root']);
  await registerUser(node, 'root');
  await node.restart();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('administration', () => {
  it('an admin finds users a page at a time, disables and enables one, and resets a password', async () => {
    for (const name of ['sam', 'tom']) await registerUser(node, name);
    for (let i = 1; i <= 22; i++) await registerUser(node, `user${String(i).padStart(2, '0')}`);
    const tom = await signedIn('tom');
    const root = await signedIn('root');
    const sam = await signedIn('sam');

    const administration = root.page.getByRole('button', { name: 'Administration' });
    await administration.click();
    await root.page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor(wait);
    expect(await sam.page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    const pages = root.page.getByRole('navigation', { name: 'Pages' });
    await pages.getByText('Page 1 of 2 · 25 users').waitFor(wait);
    await root.screenshot('admin');
    await root.expectAccessible();
    await pages.getByRole('button', { name: 'Next' }).click();
    await pages.getByText('Page 2 of 2 · 25 users').waitFor(wait);
    expect(await root.page.getByRole('list', { name: 'Users' }).getByRole('listitem').count()).toBe(5);

    const search = root.page.getByLabel('Find users by the start of their name');
    await search.fill('user1');
    await pages.getByText('Page 1 of 1 · 10 users').waitFor(wait);
    await search.fill('tom');
    await pages.getByText('Page 1 of 1 · 1 user').waitFor(wait);

    await root.page.getByRole('button', { name: 'Disable tom' }).click();
    await root.page.getByRole('status').filter({ hasText: 'tom is disabled' }).waitFor(wait);
    await root.page.locator('[data-user="tom"] .tag', { hasText: 'disabled' }).waitFor(wait);
    await tom.expectSignedOut();
    await tom.login('tom');
    await tom.page.getByRole('alert').filter({ hasText: 'This account is disabled.' }).waitFor(wait);

    await root.page.getByRole('button', { name: 'Enable tom' }).click();
    await root.page.getByRole('button', { name: 'Disable tom' }).waitFor(wait);
    await tom.login('tom');
    await tom.expectSignedIn('tom');

    await root.page.getByRole('button', { name: 'Reset password of tom' }).click();
    await root.page.getByLabel('New password for tom').fill('a password from the admin');
    await root.page.getByRole('button', { name: 'Set password', exact: true }).click();
    await root.page.getByRole('status').filter({ hasText: "tom's password was reset" }).waitFor(wait);
    await tom.expectSignedOut();
    expect(await loginStatus(node, 'tom', password)).toBe(401);
    expect(await loginStatus(node, 'tom', 'a password from the admin')).toBe(200);
    for (const page of [root, sam, tom]) await page.expectClean();
  });
});
