import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ChatPage } from './support/chat-page';
import { HubSwitch } from './support/hub-switch';
import { ChatNode, registerUser } from './support/node';

let node: ChatNode;
let browser: Browser;
const pages: ChatPage[] = [];
const wait = { timeout: 45_000 };

async function signedIn(name: string): Promise<ChatPage> {
  await registerUser(node, name);
  const page = await ChatPage.open(browser, node.url);
  pages.push(page);
  await page.login(name);
  await page.expectSignedIn(name);
  return page;
}

/** Each of `texts` is shown exactly once, and no message id twice. */
async function expectEachOnce(page: ChatPage, texts: string[]): Promise<void> {
  for (const text of texts) await page.expectMessage(text);
  for (const text of texts) expect(await page.messages(text).count(), text).toBe(1);
  const ids = await page.shownMessageIds();
  expect(new Set(ids).size).toBe(ids.length);
}

async function expectBannerCycle(page: ChatPage, restore: () => Promise<void>): Promise<void> {
  await page.reconnecting.waitFor(wait);
  await restore();
  await page.reconnecting.waitFor({ state: 'hidden', ...wait });
}

beforeAll(async () => {
  node = await ChatNode.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await node?.dispose();
});

describe('connection loss', () => {
  it('the node is killed and restarted: nothing is lost or shown twice', async () => {
    const frank = await signedIn('frank');
    const gina = await signedIn('gina');
    await gina.addFriend('frank');
    await gina.send('before 1');
    await frank.openConversation('gina');
    await frank.expectMessage('before 1');
    await frank.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const burst = ['burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5'];
    for (const text of burst) await gina.send(text);
    await node.kill();
    await gina.reconnecting.waitFor(wait);
    await gina.send('during outage');
    await gina.messages('during outage').getByRole('img', { name: 'Sending' }).waitFor(wait);
    await gina.screenshot('reconnecting');

    await expectBannerCycle(frank, () => node.restart());
    await gina.reconnecting.waitFor({ state: 'hidden', ...wait });
    await gina.send('after restart');

    const all = ['before 1', ...burst, 'during outage', 'after restart'];
    await expectEachOnce(frank, all);
    for (const text of all) await gina.expectMessage(text, 'sent');
    await expectEachOnce(gina, all);
    expect(await gina.page.locator('.message[data-delivery="failed"]').count()).toBe(0);
    expect(await gina.deliveriesOf('during outage')).toEqual(['pending', 'sent']);
    expect(await frank.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await frank.expectClean();
    await gina.expectClean();
  });

  it('one person\'s connection drops while the other keeps sending: catch-up brings every message once', async () => {
    await registerUser(node, 'hana');
    const hana = await ChatPage.open(browser, node.url);
    pages.push(hana);
    const hub = await HubSwitch.on(hana.context);
    await hana.login('hana');
    await hana.expectSignedIn('hana');
    const ivan = await signedIn('ivan');
    await ivan.addFriend('hana');
    await ivan.send('hello hana');
    await hana.openConversation('ivan');
    await hana.expectMessage('hello hana');
    await hana.page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    await hub.cut();
    const missed = Array.from({ length: 8 }, (_, i) => `while you were cut off ${i + 1}`);
    await expectBannerCycle(hana, async () => {
      for (const text of missed) await ivan.send(text);
      for (const text of missed) await ivan.expectMessage(text, 'sent');
      await hana.send('sent while cut off');
      hub.open = true;
    });

    await expectEachOnce(hana, ['hello hana', ...missed, 'sent while cut off']);
    await hana.expectMessage('sent while cut off', 'sent');
    await expectEachOnce(ivan, ['hello hana', ...missed, 'sent while cut off']);
    expect(await hana.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await hana.expectClean();
    await ivan.expectClean();
  });
});
