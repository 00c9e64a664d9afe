import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ChatPage, password } from './support/chat-page';
import { ChatNode, loginStatus, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const pages: ChatPage[] = [];
const wait = { timeout: 20_000 };
const mobile = { width: 390, height: 844 };

async function signedIn(name: string, viewport?: { width: number; height: number }, secret = password): Promise<ChatPage> {
  const page = await ChatPage.open(browser, node.url, viewport);
  pages.push(page);
  await page.login(name, secret);
  await page.expectSignedIn(name);
  return page;
}

async function openSettings(page: ChatPage): Promise<void> {
  await page.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor(wait);
}

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('settings', () => {
  it('changes the password: a wrong current one is refused, other sessions end, the old password stops working', async () => {
    await registerUser(node, 'hana');
    const here = await signedIn('hana');
    const elsewhere = await signedIn('hana');

    await openSettings(here);
    await here.screenshot('settings');
    await here.expectAccessible();
    await here.page.getByLabel('Current password').fill('not my password');
    await here.page.getByLabel('New password').fill('a brand new secret');
    await here.page.getByRole('button', { name: 'Change password' }).click();
    await here.page.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor(wait);

    await here.page.getByLabel('Current password').fill(password);
    await here.page.getByLabel('New password').fill('short');
    await here.page.getByRole('button', { name: 'Change password' }).click();
    await here.page.getByRole('alert').filter({ hasText: /8|characters|password/i }).waitFor(wait);

    await here.page.getByLabel('New password').fill('a brand new secret');
    await here.page.getByRole('button', { name: 'Change password' }).click();
    await here.page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor(wait);

    await elsewhere.expectSignedOut();
    expect(await loginStatus(node, 'hana', password)).toBe(401);
    expect(await loginStatus(node, 'hana', 'a brand new secret')).toBe(200);
    // This page kept its session with the new tokens: a reload signs in with the stored refresh token.
    await here.page.reload();
    await here.expectSignedIn('hana');
    await here.expectClean();
  });

  it('turns read receipts off and keeps the choice', async () => {
    await registerUser(node, 'ivan');
    const ivan = await signedIn('ivan');
    await openSettings(ivan);
    const receipts = ivan.page.getByRole('checkbox', { name: /read receipts/ });
    await expect.poll(() => receipts.isEnabled(), wait).toBe(true);
    expect(await receipts.isChecked()).toBe(true);

    await receipts.uncheck();
    await ivan.page.getByRole('status').filter({ hasText: 'Read receipts are off.' }).waitFor(wait);
    await ivan.page.reload();
    await ivan.expectSignedIn('ivan');
    await openSettings(ivan);

    await expect.poll(() => receipts.isEnabled(), wait).toBe(true);
    expect(await receipts.isChecked()).toBe(false);
  });

  it('fits a phone screen and logs out everywhere', async () => {
    await registerUser(node, 'jade');
    const phone = await signedIn('jade', mobile);
    const desktop = await signedIn('jade');

    await openSettings(phone);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.screenshot('settings-mobile');
    await phone.expectAccessible();
    await phone.page.getByRole('button', { name: 'Log out everywhere' }).click();

    await phone.expectSignedOut();
    await desktop.expectSignedOut();
    await phone.page.reload();
    await phone.expectSignedOut();
    for (const page of [phone, desktop]) await page.expectClean();
  });

  it('deletes the account only with the right password, then shows the sign-in form', async () => {
    await registerUser(node, 'uma');
    await registerUser(node, 'vic');
    const uma = await signedIn('uma');
    const vic = await signedIn('vic');
    await uma.addFriend('vic');
    await vic.row('uma').waitFor(wait);

    await openSettings(uma);
    const opener = uma.page.getByRole('button', { name: 'Delete account…' });
    await opener.click();
    const step = uma.page.getByRole('form', { name: 'Confirm deleting your account' });
    await uma.page.keyboard.press('Escape');
    await step.waitFor({ state: 'detached', ...wait });
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await opener.click();
    await step.getByLabel('Password').fill('not my password');
    await step.getByRole('button', { name: 'Delete my account' }).click();
    await step.getByRole('alert').waitFor(wait);
    expect(await loginStatus(node, 'uma', password)).toBe(200);

    await step.getByLabel('Password').fill(password);
    await step.getByRole('button', { name: 'Delete my account' }).click();

    await uma.expectSignedOut();
    await uma.page.getByRole('status').filter({ hasText: 'Your account was deleted.' }).waitFor(wait);
    await vic.row('uma').waitFor({ state: 'detached', ...wait });
    expect(await loginStatus(node, 'uma', password)).toBe(401);
    await uma.page.reload();
    await uma.expectSignedOut();
    for (const page of [uma, vic]) await page.expectClean();
  });
});
