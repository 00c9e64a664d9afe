import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshotPath } from './browser';

export const password = 'correct horse battery';
const wait = { timeout: 20_000 };

declare global {
  interface Window {
    __xss?: unknown;
    __cspViolations?: string[];
    __deliveries?: Record<string, string[]>;
    __connection?: { state: string; at: number }[];
  }
}

/** One person's browser: a context of its own (own storage), on the chat page, with helpers a person would use. */
export class ChatPage {
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  /** `touch`: a phone's touch screen (no hover), for what the page shows there instead. */
  static async open(browser: Browser, url: string, viewport = { width: 1280, height: 800 }, touch = false): Promise<ChatPage> {
    const context = await browser.newContext({ viewport, baseURL: url, hasTouch: touch, isMobile: touch });
    // Records CSP violations (the page must need no inline code), every delivery state a message shows,
    // and when the connection state changed (epoch ms, comparable with the test's clock).
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
      window.__deliveries = {};
      window.__connection = [];
      const record = (el: Element) => {
        const connection = el.getAttribute('data-connection');
        if (connection && window.__connection!.at(-1)?.state !== connection) window.__connection!.push({ state: connection, at: Date.now() });
        const id = el.getAttribute('data-client-message-id');
        const state = el.getAttribute('data-delivery');
        if (!id || !state) return;
        const seen = (window.__deliveries![id] ??= []);
        if (seen.at(-1) !== state) seen.push(state);
      };
      new MutationObserver((changes) => {
        for (const change of changes) {
          if (change.type === 'attributes' && change.target instanceof Element) record(change.target);
          for (const node of change.addedNodes) {
            if (node instanceof Element) {
              if (node.matches('[data-delivery], [data-connection]')) record(node);
              node.querySelectorAll('[data-delivery], [data-connection]').forEach(record);
            }
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-delivery', 'data-connection'] });
    });
    const page = await context.newPage();
    await page.goto('/');
    return new ChatPage(context, page);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  async register(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Create an account' }).click();
    await this.fillCredentials(name, 'Create account');
  }

  async login(name: string, secret = password): Promise<void> {
    await this.fillCredentials(name, 'Sign in', secret);
  }

  private async fillCredentials(name: string, submit: string, secret = password): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    await this.page.getByLabel('Password', { exact: true }).fill(secret);
    await this.page.getByRole('button', { name: submit, exact: true }).click();
  }

  async expectSignedIn(name: string): Promise<void> {
    await this.page.locator('.me-name', { hasText: name }).waitFor(wait);
    await this.page.locator('.banner.hidden').waitFor({ state: 'attached', ...wait });
  }

  async find(query: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Find people and groups' }).fill(query);
  }

  async addFriend(name: string): Promise<void> {
    await this.find(name);
    await this.page.getByRole('button', { name: `Add friend ${name}`, exact: true }).click();
    await this.page.getByRole('heading', { level: 1, name }).waitFor(wait);
  }

  row(title: string): Locator {
    return this.page.locator('.conversation-row', { has: this.page.locator('.row-title', { hasText: title }) });
  }

  async openConversation(title: string): Promise<void> {
    await this.row(title).click();
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor(wait);
  }

  /** Opens the open conversation's options menu and picks an item, as a person does with the mouse. */
  async conversationMenu(item: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Conversation options' }).click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** The page's notice (a friendship ended, a group deleted, what leaving did). */
  notice(text: string): Locator {
    return this.page.locator('.page-notice').filter({ hasText: text });
  }

  /** The sign-in form, shown after a logout, a session ended elsewhere, or a deleted account. */
  async expectSignedOut(): Promise<void> {
    await this.page.getByRole('heading', { name: 'Sign in to Chat' }).waitFor(wait);
  }

  get composer(): Locator {
    return this.page.locator('#composer-text');
  }

  /** Types and presses Enter, as a person does. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /**
   * Types and sends many messages quickly: the same input and Enter key events, fired inside the page
   * instead of one round trip to the browser per key.
   */
  async sendMany(texts: string[]): Promise<void> {
    await this.composer.evaluate(async (box: HTMLTextAreaElement, all: string[]) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      const frame = () => new Promise((done) => setTimeout(done, 0));
      for (const text of all) {
        setValue.call(box, text);
        box.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await frame();
      }
    }, texts);
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Messages' });
  }

  /** The message bubbles whose text is exactly `text`. */
  messages(text: string): Locator {
    return this.log.locator('.message').filter({ has: this.page.locator('.text').getByText(text, { exact: true }) });
  }

  async expectMessage(text: string, delivery?: 'sent'): Promise<void> {
    const message = this.messages(text);
    await message.first().waitFor(wait);
    if (delivery) await this.page.locator(`.message[data-delivery="${delivery}"]`, { has: this.page.getByText(text, { exact: true }) }).first().waitFor(wait);
  }

  /** Every delivery state one's own message showed, in order (recorded by a MutationObserver). */
  async deliveriesOf(text: string): Promise<string[]> {
    const id = await this.messages(text).first().getAttribute('data-client-message-id');
    return this.page.evaluate((cid) => window.__deliveries?.[cid ?? ''] ?? [], id);
  }

  /** "Reconnecting…" in the connection banner. */
  get reconnecting(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Reconnecting…' });
  }

  /** When (epoch ms) the page was first connected at or after `since`, as recorded by the init script. */
  async connectedAt(since: number): Promise<number> {
    const log = await this.page.evaluate(() => window.__connection ?? []);
    const entry = log.find((e) => e.state === 'connected' && e.at >= since);
    if (!entry) throw new Error(`not connected since ${since}: ${JSON.stringify(log)}`);
    return entry.at;
  }

  /** Text and clientMessageId of one's own messages that wait to be sent, in the order shown. */
  async pending(): Promise<[string, string][]> {
    return this.log.locator('.message[data-delivery="pending"]').evaluateAll((els) =>
      els.map((e): [string, string] => [e.querySelector('.text')?.textContent ?? '', e.getAttribute('data-client-message-id') ?? '']));
  }

  async shownMessageIds(): Promise<string[]> {
    return this.log.locator('[data-message-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id') ?? ''));
  }

  /** Saves e2e/screenshots/<name>.png, with the pointer out of the way and transitions finished. */
  async screenshot(name: string): Promise<void> {
    const size = this.page.viewportSize();
    if (size) await this.page.mouse.move(size.width - 2, Math.round(size.height / 2));
    await this.page.screenshot({ path: screenshotPath(`${name}.png`), animations: 'disabled' });
  }

  /** No serious or critical WCAG 2.2 A/AA violations on the screen as it is now (axe-core). */
  async expectAccessible(): Promise<void> {
    const result = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious, 'accessibility violations').toEqual([]);
  }

  async expectClean(): Promise<void> {
    expect(this.errors, 'uncaught page errors').toEqual([]);
    expect(await this.page.evaluate(() => window.__cspViolations ?? []), 'CSP violations').toEqual([]);
  }
}
