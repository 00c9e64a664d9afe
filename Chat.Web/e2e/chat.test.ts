import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshots, launchChromium, screenshotPath } from './support/browser';
import { ChatPage } from './support/chat-page';
import { ChatNode, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const pages: ChatPage[] = [];

async function open(viewport?: { width: number; height: number }): Promise<ChatPage> {
  const page = await ChatPage.open(browser, node.url, viewport);
  pages.push(page);
  return page;
}

async function signedIn(name: string, registered = false): Promise<ChatPage> {
  if (!registered) await registerUser(node, name);
  const page = await open();
  await page.login(name);
  await page.expectSignedIn(name);
  return page;
}

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('chat page', () => {
  it('two people register, befriend each other and chat both ways', async () => {
    const alice = await open();
    await alice.page.getByRole('heading', { name: 'Sign in to Chat' }).waitFor();
    await alice.screenshot('login');
    await alice.expectAccessible();
    await alice.register('alice');
    await alice.expectSignedIn('alice');

    const bob = await open();
    await bob.register('alice');
    await expect.poll(() => bob.page.locator('#name-error').textContent()).toBe('This name is taken.');
    await bob.page.getByLabel('Name', { exact: true }).fill('bob');
    await bob.page.getByRole('button', { name: 'Create account' }).click();
    await bob.expectSignedIn('bob');

    await alice.addFriend('bob');
    await bob.row('alice').waitFor();
    await alice.send('Hi Bob! 👋');
    await alice.expectMessage('Hi Bob! 👋', 'sent');
    expect(await alice.deliveriesOf('Hi Bob! 👋')).toEqual(['pending', 'sent']);

    await expect.poll(() => bob.row('alice').locator('.badge').textContent()).toBe('1');
    await expect.poll(() => bob.page.title()).toBe('(1) Chat');
    await bob.openConversation('alice');
    await bob.expectMessage('Hi Bob! 👋');
    expect(await bob.row('alice').locator('.badge').count()).toBe(0);

    await bob.composer.pressSequentially('Hello');
    await alice.page.getByText('bob is typing…').waitFor();
    await bob.composer.press('Shift+Enter');
    await bob.composer.pressSequentially('Alice, see https://example.com/docs');
    await bob.composer.press('Enter');
    await alice.expectMessage('Hello\nAlice, see https://example.com/docs');
    await bob.expectMessage('Hello\nAlice, see https://example.com/docs', 'sent');
    await alice.page.getByText('bob is typing…').waitFor({ state: 'hidden' });
    const link = alice.log.getByRole('link', { name: 'https://example.com/docs' });
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.getAttribute('target')).toBe('_blank');

    await alice.send('A long word: ' + 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(4));
    await bob.expectMessage('A long word: ' + 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(4));
    await bob.send('Shall we make a group for the trip? 🏔️');
    await alice.expectMessage('Shall we make a group for the trip? 🏔️');
    expect(await bob.log.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await alice.screenshot('conversation');
    await alice.expectAccessible();
    if (process.env.CHAT_DOCS_SCREENSHOTS === '1' || !existsSync(join(docsScreenshots, 'conversation.png'))) {
      mkdirSync(docsScreenshots, { recursive: true });
      copyFileSync(screenshotPath('conversation.png'), join(docsScreenshots, 'conversation.png'));
    }

    await alice.page.reload();
    await alice.expectSignedIn('alice');
    await alice.openConversation('bob');
    await alice.expectMessage('Hi Bob! 👋');
    expect(await alice.messages('Hi Bob! 👋').count()).toBe(1);

    await alice.page.getByRole('button', { name: 'Log out' }).click();
    await alice.page.getByRole('heading', { name: 'Sign in to Chat' }).waitFor();
    await alice.page.reload();
    await alice.page.getByRole('heading', { name: 'Sign in to Chat' }).waitFor();
    await alice.expectClean();
    await bob.expectClean();
  });

  it('three people chat in a group, see its members, and one leaves', async () => {
    const carol = await signedIn('carol');
    const dan = await signedIn('dan');
    const erin = await signedIn('erin');

    await carol.page.getByRole('button', { name: 'New group' }).click();
    await carol.page.getByLabel('Group name').fill('Weekend trip');
    await carol.page.getByLabel('Description').fill('Hiking on Saturday');
    await carol.page.getByRole('button', { name: 'Create group' }).click();
    await carol.page.getByRole('heading', { level: 1, name: 'Weekend trip' }).waitFor();

    for (const member of [dan, erin]) {
      await member.find('Weekend');
      await member.page.getByRole('button', { name: 'Join group Weekend trip' }).click();
      await member.page.getByRole('heading', { level: 1, name: 'Weekend trip' }).waitFor();
    }
    await carol.page.locator('.subtitle', { hasText: '3 members' }).waitFor();

    await carol.send('Who brings the map?');
    await dan.send('I will 🗺️');
    await erin.send('Snacks are on me');
    for (const person of [carol, dan, erin]) {
      for (const text of ['Who brings the map?', 'I will 🗺️', 'Snacks are on me']) {
        await person.expectMessage(text);
        expect(await person.messages(text).count()).toBe(1);
      }
    }
    expect(await carol.deliveriesOf('Who brings the map?')).toEqual(['pending', 'sent']);

    await carol.page.getByRole('button', { name: 'Members' }).click();
    const members = carol.page.getByRole('region', { name: 'Members of Weekend trip' });
    await expect.poll(() => members.getByRole('listitem').count()).toBe(3);
    await expect.poll(() => members.getByRole('img', { name: 'online' }).count()).toBe(3);
    await carol.screenshot('group');
    await carol.expectAccessible();

    await erin.conversationMenu('Leave group');
    await erin.page.getByRole('alertdialog', { name: 'Leave' }).getByText('Leave Weekend trip?').waitFor();
    await erin.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await erin.row('Weekend trip').waitFor({ state: 'detached' });
    await erin.page.getByRole('status').filter({ hasText: 'You left Weekend trip.' }).waitFor();
    await expect.poll(() => members.getByRole('listitem').count()).toBe(2);
    await carol.page.locator('.subtitle', { hasText: '2 members' }).waitFor();
    for (const person of [carol, dan, erin]) await person.expectClean();
  });

  it('shows at login the messages that arrived while one was logged out', async () => {
    await registerUser(node, 'gus');
    const fay = await signedIn('fay');
    await fay.addFriend('gus');
    await fay.send('Message for you while you are away');
    await fay.expectMessage('Message for you while you are away', 'sent');

    const gus = await open();
    await gus.login('gus');
    await gus.expectSignedIn('gus');
    await expect.poll(() => gus.row('fay').locator('.badge').textContent()).toBe('1');
    await expect.poll(() => gus.row('fay').locator('.row-preview').textContent()).toBe('Message for you while you are away');
    await gus.openConversation('fay');
    await gus.expectMessage('Message for you while you are away');
    await gus.page.getByRole('img', { name: 'online' }).first().waitFor();
    await gus.expectClean();
  });

  it('scrolls back through history, loading older pages and keeping the place', async () => {
    const hal = await signedIn('hal');
    const ida = await signedIn('ida');
    await hal.addFriend('ida');
    await hal.sendMany(Array.from({ length: 45 }, (_, i) => `history ${i + 1}`));
    await hal.expectMessage('history 45', 'sent');

    const late = await open();
    await late.login('ida');
    await late.expectSignedIn('ida');
    await late.openConversation('hal');
    await late.expectMessage('history 45');
    expect(await late.messages('history 1').count()).toBe(0);
    await late.log.evaluate((el) => (el.scrollTop = 0));
    await late.expectMessage('history 1');
    await late.page.getByText('This is the start of the conversation.').waitFor();
    const ids = await late.shownMessageIds();
    expect(new Set(ids).size).toBe(45);
    // The message that was at the top before the older page came in is still in view: no jump.
    const [list, kept] = await Promise.all([late.log.boundingBox(), late.messages('history 16').boundingBox()]);
    expect(kept!.y).toBeGreaterThanOrEqual(list!.y - 1);
    expect(kept!.y + kept!.height).toBeLessThanOrEqual(list!.y + list!.height + 1);
    expect(await late.log.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await ida.expectClean();
    await late.expectClean();
  });

  it('renders hostile text as text (S7) and sends the security headers', async () => {
    // Each payload counts its own runs in window.__xss: the figure is how many ran, not only whether one did.
    const hit = 'window.__xss=(window.__xss||0)+1';
    const groupName = `<img src=x onerror=${hit}>`;
    const nameRefused = await fetch(`${node.url}/api/account/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `<img src=x onerror=${hit}>`, password: 'correct horse battery' }),
    });
    const mallory = await signedIn('mallory');
    const victim = await signedIn('victim');
    await mallory.addFriend('victim');
    const payloads = [
      `<img src=x onerror="${hit}">`,
      `<script>${hit}</script>`,
      `javascript:${hit}`,
      `<a href="javascript:${hit}">click me</a>`,
      `</title><svg onload="${hit}"></svg>`,
      `"><iframe srcdoc="<script>parent.${hit}</script>"></iframe>`,
      'abc\u202Etxt.exe\u202C and zero\u200Bwidth\u200D\uFEFF joiners',
      '😀'.repeat(2000),
    ];
    for (const text of payloads) await mallory.send(text);
    await mallory.page.getByRole('button', { name: 'New group' }).click();
    await mallory.page.getByLabel('Group name').fill(groupName);
    await mallory.page.getByRole('button', { name: 'Create group' }).click();
    await mallory.page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await mallory.send('<b>bold?</b>');

    await victim.find('<img');
    await victim.page.getByRole('button', { name: `Join group ${groupName}` }).click();
    await victim.expectMessage('<b>bold?</b>');
    await victim.openConversation('mallory');
    let executions = 0;
    let elements = 0;
    let shownAsTyped = 0;
    for (const person of [mallory, victim]) {
      if (person === mallory) await person.openConversation('victim');
      for (const text of payloads) {
        await person.expectMessage(text);
        const shown = person.messages(text).locator('.text');
        if ((await shown.evaluate((el) => el.textContent)) === text) shownAsTyped++;
        elements += await shown.locator('*').count();
      }
      const page = person.page;
      executions += await page.evaluate(() => Number(window.__xss ?? 0));
      elements += await page.locator('#sidebar img, #sidebar script, #sidebar svg, #sidebar iframe, .messages img, .messages script, .messages svg, .messages iframe, .messages b').count();
      elements += await page.locator('a[href^="javascript:" i]').count();
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
      await person.expectClean();
    }

    const response = await fetch(`${node.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const headers = {
      csp: csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'),
      frameAncestors: csp.includes("frame-ancestors 'none'"),
      nosniff: response.headers.get('x-content-type-options') === 'nosniff',
    };
    console.log(
      `S7 xss: payloads=${payloads.length * 2 + 2} executions=${executions} elements=${elements} ` +
        `shownAsTyped=${shownAsTyped}/${payloads.length * 2} hostileNameRefused=${nameRefused.status} ` +
        `csp=${headers.csp} frameAncestors=${headers.frameAncestors} nosniff=${headers.nosniff}`,
    );
    expect(executions).toBe(0);
    expect(elements).toBe(0);
    expect(shownAsTyped).toBe(payloads.length * 2);
    expect(nameRefused.status).toBe(400);
    expect(headers).toEqual({ csp: true, frameAncestors: true, nosniff: true });
  });

  it('fits a phone screen (360 px) without horizontal scrolling', async () => {
    const phone = { width: 360, height: 740 };
    const jo = await open(phone);
    const noHorizontalScroll = () => jo.page.evaluate(() => document.scrollingElement!.scrollWidth <= 360);
    expect(await noHorizontalScroll()).toBe(true);
    await registerUser(node, 'kim');
    await jo.register('jo');
    await jo.expectSignedIn('jo');
    expect(await noHorizontalScroll()).toBe(true);

    await jo.addFriend('kim');
    const kim = await signedIn('kim', true);
    await jo.send('Hi Kim, this is from my phone 📱');
    await kim.openConversation('jo');
    await kim.send('Looks good! ' + 'W'.repeat(120));
    await jo.expectMessage('Looks good! ' + 'W'.repeat(120));
    await jo.send('Great 👍');
    await jo.expectMessage('Great 👍', 'sent');
    expect(await noHorizontalScroll()).toBe(true);
    expect(await jo.page.locator('#sidebar').isVisible()).toBe(false);
    await jo.screenshot('mobile');
    await jo.expectAccessible();

    await jo.page.getByRole('button', { name: 'Show chats' }).click();
    await jo.page.locator('#sidebar').waitFor({ state: 'visible' });
    expect(await noHorizontalScroll()).toBe(true);
    await jo.screenshot('mobile-chats');
    await jo.row('kim').click();
    await jo.page.locator('#sidebar').waitFor({ state: 'hidden' });
    await jo.expectClean();
  });
});
