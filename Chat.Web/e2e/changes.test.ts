import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ChatPage } from './support/chat-page';
import { HubSwitch } from './support/hub-switch';
import { ChatNode, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const pages: ChatPage[] = [];
const wait = { timeout: 20_000 };

async function signedIn(name: string, register = true, phone = false): Promise<{ page: ChatPage; hub: HubSwitch }> {
  if (register) await registerUser(node, name);
  const page = phone ? await ChatPage.open(browser, node.url, { width: 390, height: 760 }, true) : await ChatPage.open(browser, node.url);
  pages.push(page);
  const hub = await HubSwitch.on(page.context);
  await page.login(name);
  await page.expectSignedIn(name);
  return { page, hub };
}

/** Opens a message's actions as a person with a mouse does (hover, then the ⋯ button) and picks one. */
async function act(p: ChatPage, message: Locator, action: string): Promise<void> {
  await message.hover();
  await message.getByRole('button', { name: 'Message actions' }).click();
  await p.page.getByRole('menuitem', { name: action, exact: true }).click();
}

async function actions(p: ChatPage, message: Locator): Promise<string[]> {
  await message.hover();
  await message.getByRole('button', { name: 'Message actions' }).click();
  const labels = await p.page.getByRole('menuitem').allTextContents();
  await p.page.keyboard.press('Escape');
  return labels;
}

/** What a person sees of each message: text, marks, the quote and the reaction chips' labels. */
function shown(p: ChatPage) {
  return p.log.locator('.message').evaluateAll((els) => els.map((e) => ({
    text: e.querySelector('.text')?.textContent ?? null,
    edited: e.querySelector('.edited')?.textContent ?? null,
    deleted: e.hasAttribute('data-deleted'),
    quote: e.querySelector('.quote')?.textContent ?? null,
    chips: Array.from(e.querySelectorAll('.chip')).map((c) => `${c.getAttribute('aria-label')}${c.getAttribute('aria-pressed') === 'true' ? ' (mine)' : ''}`),
  })));
}

const focused = (p: ChatPage) => p.page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label') || '');

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('messages that change', () => {
  it('reply, react, edit and delete reach the friend live, and a second device that was cut off catches up the same', async () => {
    const { page: ann } = await signedIn('ann');
    const { page: ben } = await signedIn('ben');
    const { page: benPhone, hub: phoneHub } = await signedIn('ben', false);
    await ann.addFriend('ben');
    await ann.send('Lunch at noon?');
    await ann.expectMessage('Lunch at noon?', 'sent');
    for (const p of [ben, benPhone]) {
      await p.openConversation('ann');
      await p.expectMessage('Lunch at noon?');
    }
    await phoneHub.cut();
    await benPhone.reconnecting.waitFor(wait);

    const lunch = ben.messages('Lunch at noon?');
    expect(await actions(ben, lunch)).toEqual(['Reply', 'React']);
    await act(ben, lunch, 'Reply');
    const replying = ben.page.locator('.replying');
    await replying.getByText('Replying to ann').waitFor(wait);
    expect(await focused(ben)).toBe('composer-text');
    await ben.composer.press('Escape');
    await replying.waitFor({ state: 'detached', ...wait });
    await act(ben, lunch, 'Reply');
    await ben.screenshot('changes-reply');
    await ben.expectAccessible();
    await ben.send('Sure, where?');
    await replying.waitFor({ state: 'detached', ...wait });
    const reply = (p: ChatPage) => p.messages('Sure, where?');
    await ann.expectMessage('Sure, where?');
    expect(await reply(ann).locator('.quote').textContent()).toContain('Lunch at noon?');
    expect(await reply(ben).locator('.quote').textContent()).toContain('ann');

    await reply(ann).locator('.quote').click();
    await ann.messages('Lunch at noon?').and(ann.page.locator('.highlight')).waitFor(wait);
    expect(await ann.messages('Lunch at noon?').evaluate((el) => el === document.activeElement)).toBe(true);

    await act(ben, lunch, 'React');
    await ben.page.getByRole('group', { name: 'Pick a reaction' }).waitFor(wait);
    expect(await focused(ben)).toBe('React with 👍');
    await ben.screenshot('changes-picker');
    await ben.expectAccessible();
    await ben.page.getByRole('button', { name: 'React with 👍' }).click();
    const annChip = ann.messages('Lunch at noon?').getByRole('button', { name: '👍 1: ben' });
    await annChip.waitFor(wait);
    expect(await annChip.getAttribute('aria-pressed')).toBe('false');
    expect(await lunch.getByRole('button', { name: '👍 1: ben' }).getAttribute('aria-pressed')).toBe('true');
    await annChip.click();
    await ben.messages('Lunch at noon?').getByRole('button', { name: '👍 2: ben, ann' }).waitFor(wait);
    await act(ann, ann.messages('Sure, where?'), 'React');
    await ann.page.getByRole('button', { name: 'React with 🎉' }).click();
    await reply(ben).getByRole('button', { name: '🎉 1: ann' }).waitFor(wait);
    await lunch.getByRole('button', { name: '👍 2: ben, ann' }).click();
    await ann.messages('Lunch at noon?').getByRole('button', { name: '👍 1: ann' }).waitFor(wait);

    expect(await actions(ann, ann.messages('Lunch at noon?'))).toEqual(['Reply', 'React', 'Edit', 'Delete']);
    await ann.composer.focus();
    await ann.composer.press('ArrowUp');
    const editBox = ann.page.getByRole('textbox', { name: 'Edit message' });
    await editBox.waitFor(wait);
    expect(await editBox.inputValue()).toBe('Lunch at noon?');
    await ann.screenshot('changes-edit');
    await ann.expectAccessible();
    await editBox.press('Escape');
    await editBox.waitFor({ state: 'detached', ...wait });
    expect(await focused(ann)).toBe('composer-text');
    await ann.expectMessage('Lunch at noon?');
    expect(await ann.messages('Lunch at noon?').locator('.edited').count()).toBe(0);

    await ann.composer.press('ArrowUp');
    await editBox.fill('Lunch at 1pm?');
    await editBox.press('Enter');
    await editBox.waitFor({ state: 'detached', ...wait });
    expect(await focused(ann)).toBe('composer-text');
    const edited = ben.messages('Lunch at 1pm?');
    await edited.locator('.edited').waitFor(wait);
    expect(await edited.locator('.edited').getAttribute('title')).toMatch(/^Edited /);
    await expect.poll(() => reply(ben).locator('.quote').textContent(), wait).toContain('Lunch at 1pm?');
    expect(await ben.messages('Lunch at noon?').count()).toBe(0);

    await ann.send('Typo herre');
    await ben.expectMessage('Typo herre');
    await act(ben, ben.messages('Typo herre'), 'Reply');
    await ben.send('What typo?');
    await ann.expectMessage('What typo?');
    await act(ann, ann.messages('Typo herre'), 'Delete');
    await ann.page.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete', exact: true }).click();
    for (const p of [ann, ben]) {
      await p.log.locator('.message[data-deleted]').getByText('This message was deleted').waitFor(wait);
      await expect.poll(() => p.messages('What typo?').locator('.quote').textContent(), wait).toContain('deleted message');
      expect(await p.messages('Typo herre').count()).toBe(0);
    }
    await ann.log.locator('.message[data-deleted]').hover();
    expect(await ann.log.locator('.message[data-deleted]').getByRole('button').count()).toBe(0);
    await ben.screenshot('changes');
    await ben.expectAccessible();

    phoneHub.open = true;
    await benPhone.reconnecting.waitFor({ state: 'hidden', ...wait });
    await benPhone.expectMessage('What typo?');
    await expect.poll(() => shown(benPhone), wait).toEqual(await shown(ben));
    expect(await shown(ann)).toHaveLength(4);
    await benPhone.screenshot('changes-second-device');
    for (const p of [ann, ben, benPhone]) await p.expectClean();
  });
});

describe('messages that change in a group', () => {
  async function join(p: ChatPage, group: string): Promise<void> {
    await p.find(group);
    await p.page.getByRole('button', { name: `Join group ${group}` }).click();
    await p.page.getByRole('heading', { level: 1, name: group }).waitFor(wait);
  }

  it('the creator may delete anyone\'s message, members only their own; a member on a phone who was cut off catches up', async () => {
    const { page: cat } = await signedIn('cat');
    const { page: dan } = await signedIn('dan');
    const { page: eve, hub: eveHub } = await signedIn('eve', true, true);
    await cat.page.getByRole('button', { name: 'New group' }).click();
    await cat.page.getByLabel('Group name').fill('Trip');
    await cat.page.getByRole('button', { name: 'Create group' }).click();
    await cat.page.getByRole('heading', { level: 1, name: 'Trip' }).waitFor(wait);
    await join(dan, 'Trip');
    await join(eve, 'Trip');
    await cat.page.locator('.subtitle', { hasText: '3 members' }).waitFor(wait);
    await cat.send('Train at nine');
    await dan.send('Let us drive instead');
    for (const p of [cat, dan, eve]) await p.expectMessage('Let us drive instead');

    const touchMore = eve.messages('Train at nine').getByRole('button', { name: 'Message actions' });
    expect(await touchMore.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
    await touchMore.tap();
    expect(await eve.page.getByRole('menuitem').allTextContents()).toEqual(['Reply', 'React']);
    await eve.screenshot('changes-mobile-actions');
    await eve.expectAccessible();
    await eve.page.keyboard.press('Escape');
    expect(await actions(dan, dan.messages('Train at nine'))).toEqual(['Reply', 'React']);
    expect(await actions(cat, cat.messages('Let us drive instead'))).toEqual(['Reply', 'React', 'Delete']);
    await eveHub.cut();
    await eve.reconnecting.waitFor(wait);

    await act(cat, cat.messages('Let us drive instead'), 'Delete');
    await cat.page.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await dan.log.locator('.message[data-deleted]').getByText('This message was deleted').waitFor(wait);
    await act(dan, dan.messages('Train at nine'), 'React');
    await dan.page.getByRole('button', { name: 'React with 😂' }).click();
    await cat.messages('Train at nine').getByRole('button', { name: '😂 1: dan' }).waitFor(wait);
    await act(cat, cat.messages('Train at nine'), 'Edit');
    const editBox = cat.page.getByRole('textbox', { name: 'Edit message' });
    await editBox.fill('Train at ten');
    await editBox.press('Enter');
    await dan.messages('Train at ten').locator('.edited').waitFor(wait);
    await act(dan, dan.messages('Train at ten'), 'Reply');
    await dan.send('Ten works');
    await cat.expectMessage('Ten works');

    eveHub.open = true;
    await eve.reconnecting.waitFor({ state: 'hidden', ...wait });
    await eve.expectMessage('Ten works');
    await expect.poll(() => shown(eve), wait).toEqual(await shown(cat));
    expect((await shown(eve)).map((m) => m.chips)).toEqual([['😂 1: dan'], [], []]);
    await eve.screenshot('changes-mobile');
    await eve.expectAccessible();
    for (const p of [cat, dan, eve]) await p.expectClean();
  });
});

describe('a refused edit', () => {
  it('shows the server\'s reason and keeps the text being edited', async () => {
    const strict = await ChatNode.start(['--Messaging:EditWindowMinutes', '0']);
    try {
      await registerUser(strict, 'fay');
      const fay = await ChatPage.open(browser, strict.url);
      await fay.login('fay');
      await fay.expectSignedIn('fay');
      await fay.page.getByRole('button', { name: 'New group' }).click();
      await fay.page.getByLabel('Group name').fill('Notes');
      await fay.page.getByRole('button', { name: 'Create group' }).click();
      await fay.page.getByRole('heading', { level: 1, name: 'Notes' }).waitFor(wait);
      await fay.send('Remember the milk');
      await fay.expectMessage('Remember the milk', 'sent');

      await fay.composer.press('ArrowUp');
      const editBox = fay.page.getByRole('textbox', { name: 'Edit message' });
      await editBox.fill('Remember the bread');
      await editBox.evaluate((el) => el.setAttribute('data-test-mark', 'same box'));
      await editBox.press('Enter');

      await fay.page.getByRole('alert').filter({ hasText: 'A message can be edited only in the 0 minutes after it was sent.' }).waitFor(wait);
      expect(await editBox.inputValue()).toBe('Remember the bread');
      expect(await editBox.getAttribute('data-test-mark')).toBe('same box');
      await editBox.press('Escape');
      await fay.expectMessage('Remember the milk');
      await fay.expectClean();
      await fay.close();
    } finally {
      await strict.dispose();
    }
  });
});
