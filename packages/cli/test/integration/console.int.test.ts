import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { browserAvailable, launchBrowser } from '@edict/test-support/browser';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { startConsole } from '../support/console-process';
import { add, shopApp, shopFiles } from '../support/shop-app';

jest.setTimeout(180_000);

const describeBrowser = browserAvailable() ? describePostgres : describe.skip;

describeBrowser('edict console in headless Chromium: find a stream, retry a dead letter, see the lag fall', () => {
  const pool = testPool(4);
  const files = shopFiles();
  const shots = mkdtempSync(join(tmpdir(), 'edict-console-shots-'));
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  let app: Edict | undefined;

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_web'));
    app = await shopApp(store);
    await add(app, 'a', 'tea', 2);
    await add(app, 'a', 'poison');
    await app.waitFor(await store.headPosition());
    await app.stop(); // the application is down for a while: the handlers fall behind
    const writer = await shopApp(store, []);
    for (const sku of ['milk', 'bread', 'jam']) await add(writer, 'b', sku);
    await writer.stop();
  });

  afterAll(async () => {
    await app?.stop();
    await dispose();
    await pool.end();
    console.log(`edict console screenshots: ${shots}`);
  });

  const cell = (page: Page, handler: string, testId: string) =>
    page.locator(`[data-testid=handlers] tr[data-handler="${handler}"] [data-testid=${testId}]`);

  it('shows the handlers behind, finds a stream and its event, then shows the lag fall and a dead letter retried', async () => {
    const web = await startConsole(['--schema', schema], files.env);
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${web.url}?token=${web.token}`);
      await expectText(cell(page, 'shop.ledger', 'lag'), '3');
      await expectText(cell(page, 'shop.fragile', 'dead'), '1');
      await page.screenshot({ path: join(shots, '1-behind.png'), fullPage: true });

      await page.fill('[data-testid=stream-prefix]', 'cart-');
      await page.click('#streams button');
      await page.click('[data-testid=streams] tr[data-stream="cart-a"]');
      await page.locator('[data-testid=events] tr[data-position="2"]').click();
      await expectText(page.locator('[data-testid=event]'), '"sku": "poison"');
      expect(await page.locator('[data-testid=event]').textContent()).toContain('"correlationId"');
      await page.screenshot({ path: join(shots, '2-event.png'), fullPage: true });

      writeFileSync(files.env.SHOP_FIXED, 'fixed'); // the handler's bug is fixed, and the application restarts
      app = await shopApp(store);
      await expectText(cell(page, 'shop.ledger', 'lag'), '0');
      await expectText(cell(page, 'shop.fragile', 'lag'), '0');

      await page.locator('[data-testid=dead-letters] button[data-retry]').click();
      await expectText(page.locator('#dl-note'), '1 marked for a retry');
      await expectText(cell(page, 'shop.fragile', 'dead'), '0');
      await expectText(page.locator('[data-testid=dead-letters] tbody'), 'none');
      expect(files.fragile()).toContain('poison');
      await page.screenshot({ path: join(shots, '3-retried.png'), fullPage: true });
    } finally {
      await browser.close();
      expect(await web.stop()).toBe(0);
    }
  });

  it('refuses retry and purge without the token, and writes nothing', async () => {
    rmSync(files.env.SHOP_FIXED, { force: true }); // the bug is back: one more dead letter
    await app?.stop();
    app = await shopApp(store);
    await add(app, 'c', 'poison');
    await app.waitFor(await store.headPosition());
    const web = await startConsole(['--schema', schema], files.env);
    try {
      const before = await store.readDeadLetters('shop.fragile');
      expect(before.length).toBeGreaterThan(0);
      for (const action of ['retry', 'purge']) {
        const response = await fetch(`${web.url}api/dead-letters/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-edict-token': 'guess' },
          body: JSON.stringify({ handler: 'shop.fragile' }),
        });
        expect(response.status).toBe(403);
      }
      expect(await store.readDeadLetters('shop.fragile')).toEqual(before);
      expect(new URL(web.url).hostname).toBe('127.0.0.1');
    } finally {
      await web.stop();
    }
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const seen = (await locator.textContent().catch(() => null)) ?? '';
    if (seen.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`expected '${text}', the page shows '${seen}'`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
