import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ChatPage } from './support/chat-page';
import { ChatNode, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const wait = { timeout: 20_000 };

async function signedIn(name: string): Promise<ChatPage> {
  await registerUser(node, name);
  const page = await ChatPage.open(browser, node.url);
  await page.login(name);
  await page.expectSignedIn(name);
  return page;
}

async function confirm(page: ChatPage, action: string): Promise<void> {
  await page.page.getByRole('alertdialog', { name: action }).getByRole('button', { name: action, exact: true }).click();
}

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('friendships', () => {
  it('the conversation menu works by keyboard, unfriends, and blocks until unblocked in settings', async () => {
    const kim = await signedIn('kim');
    const lee = await signedIn('lee');
    await kim.addFriend('lee');
    await lee.row('kim').waitFor(wait);

    const options = kim.page.getByRole('button', { name: 'Conversation options' });
    await options.focus();
    await kim.page.keyboard.press('Enter');
    await expect.poll(() => kim.page.evaluate(() => document.activeElement?.textContent)).toBe('Unfriend');
    expect(await options.getAttribute('aria-expanded')).toBe('true');
    await kim.screenshot('conversation-menu');
    await kim.expectAccessible();
    await kim.page.keyboard.press('ArrowDown');
    await expect.poll(() => kim.page.evaluate(() => document.activeElement?.textContent)).toBe('Block');
    await kim.page.keyboard.press('Escape');
    await kim.page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await options.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await kim.page.locator('.me-name').count()).toBe(1);

    await kim.conversationMenu('Unfriend');
    await confirm(kim, 'Unfriend');
    await lee.row('kim').waitFor({ state: 'detached', ...wait });
    await kim.row('lee').waitFor({ state: 'detached', ...wait });
    await kim.notice('You and lee are no longer friends.').waitFor(wait);
    await lee.notice('You and kim are no longer friends.').waitFor(wait);

    await kim.addFriend('lee');
    await lee.openConversation('kim');
    await lee.conversationMenu('Block');
    await confirm(lee, 'Block');
    await kim.row('lee').waitFor({ state: 'detached', ...wait });
    await lee.row('kim').waitFor({ state: 'detached', ...wait });

    await lee.page.getByRole('button', { name: 'Settings', exact: true }).click();
    const blocked = lee.page.getByRole('list', { name: 'Blocked users' });
    await blocked.getByText('kim', { exact: true }).waitFor(wait);
    await lee.page.getByRole('button', { name: 'Unblock kim' }).click();
    await lee.page.getByText('You have not blocked anyone.').waitFor(wait);
    for (const page of [kim, lee]) await page.expectClean();
  });
});

describe('group management', () => {
  it('the creator renames, bans and lifts the ban, hands over; the new creator deletes the group', async () => {
    const mia = await signedIn('mia');
    const ned = await signedIn('ned');
    const ola = await signedIn('ola');

    await mia.page.getByRole('button', { name: 'New group' }).click();
    await mia.page.getByLabel('Group name').fill('Book club');
    await mia.page.getByRole('button', { name: 'Create group' }).click();
    await mia.page.getByRole('heading', { level: 1, name: 'Book club' }).waitFor(wait);
    for (const member of [ned, ola]) {
      await member.find('Book');
      await member.page.getByRole('button', { name: 'Join group Book club' }).click();
      await member.page.getByRole('heading', { level: 1, name: 'Book club' }).waitFor(wait);
    }
    await mia.page.locator('.subtitle', { hasText: '3 members' }).waitFor(wait);
    await ned.page.getByRole('button', { name: 'Conversation options' }).click();
    expect(await ned.page.getByRole('menuitem', { name: 'Manage group' }).count()).toBe(0);
    await ned.page.keyboard.press('Escape');

    await mia.conversationMenu('Manage group');
    const manage = mia.page.getByRole('region', { name: 'Manage Book club' });
    await manage.getByLabel('Group name', { exact: true }).fill('Reading club');
    await manage.getByLabel('Description', { exact: true }).fill('One book a month');
    await manage.getByRole('button', { name: 'Save' }).click();
    await ned.page.getByRole('heading', { level: 1, name: 'Reading club' }).waitFor(wait);
    await ola.page.locator('.subtitle', { hasText: 'One book a month' }).waitFor(wait);

    const managed = mia.page.getByRole('region', { name: 'Manage Reading club' });
    await managed.getByRole('button', { name: 'Ban ola' }).click();
    await ola.row('Reading club').waitFor({ state: 'detached', ...wait });
    await managed.getByRole('list', { name: 'Banned users' }).getByText('ola').waitFor(wait);
    await mia.page.locator('.subtitle', { hasText: '2 members' }).waitFor(wait);
    await ola.find('Reading');
    await ola.page.getByRole('button', { name: 'Join group Reading club' }).click();
    await ola.page.getByRole('alert').first().waitFor(wait);
    await mia.screenshot('group-manage');
    await mia.expectAccessible();
    await managed.getByRole('button', { name: 'Lift ban on ola' }).click();
    await managed.getByText('Nobody is banned.').waitFor(wait);
    await ola.find('Readin');
    await ola.page.getByRole('button', { name: 'Join group Reading club' }).click();
    await ola.page.getByRole('heading', { level: 1, name: 'Reading club' }).waitFor(wait);

    await managed.getByRole('button', { name: 'Make creator: ned' }).click();
    await managed.waitFor({ state: 'detached', ...wait });
    await ned.conversationMenu('Manage group');
    const nedManage = ned.page.getByRole('region', { name: 'Manage Reading club' });
    await nedManage.getByRole('button', { name: 'Delete group…' }).click();
    await confirm(ned, 'Delete group');
    for (const page of [mia, ola]) {
      await page.row('Reading club').waitFor({ state: 'detached', ...wait });
      await page.notice('The group Reading club was deleted.').waitFor(wait);
    }
    for (const page of [mia, ned, ola]) await page.expectClean();
  });

  it('leaving asks first and says what happened: the creator hands over, the last member deletes', async () => {
    const pia = await signedIn('pia');
    const quin = await signedIn('quin');
    await pia.page.getByRole('button', { name: 'New group' }).click();
    await pia.page.getByLabel('Group name').fill('Chess');
    await pia.page.getByRole('button', { name: 'Create group' }).click();
    await pia.page.getByRole('heading', { level: 1, name: 'Chess' }).waitFor(wait);
    await quin.find('Chess');
    await quin.page.getByRole('button', { name: 'Join group Chess' }).click();
    await quin.page.getByRole('heading', { level: 1, name: 'Chess' }).waitFor(wait);
    await pia.page.locator('.subtitle', { hasText: '2 members' }).waitFor(wait);

    await pia.conversationMenu('Leave group');
    await pia.page.getByText('Leave Chess? You created it, so it passes to its longest-standing member.').waitFor(wait);
    await pia.page.keyboard.press('Escape');
    await pia.page.getByRole('alertdialog').waitFor({ state: 'detached', ...wait });
    expect(await pia.page.getByRole('button', { name: 'Conversation options' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await pia.row('Chess').count()).toBe(1);
    await pia.conversationMenu('Leave group');
    await confirm(pia, 'Leave');
    await pia.notice('You left Chess. It passed to its longest-standing member.').waitFor(wait);
    await quin.page.locator('.subtitle', { hasText: '1 member' }).waitFor(wait);

    await quin.conversationMenu('Leave group');
    await quin.page.getByText('Leave Chess? You are its last member, so it will be deleted.').waitFor(wait);
    await confirm(quin, 'Leave');
    await quin.notice('You left Chess. You were its last member, so it was deleted.').waitFor(wait);
    await quin.find('Chess');
    await quin.page.getByText('No group by that name.').waitFor(wait);
    for (const page of [pia, quin]) await page.expectClean();
  });
});
