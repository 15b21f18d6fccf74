import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { Page } from 'playwright-core';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { createBankServer } from '../src/http/bank-server';
import { startBank, type RunningBank } from '../src/start-bank';
import { browserAvailable, launchBrowser } from '@edict/test-support/browser';
import { clientOf, listen } from './support/http-client';
import { TcpProxy } from './support/tcp-proxy';

const SCREENSHOTS = process.env.BANK_SCREENSHOTS ?? join(tmpdir(), 'edict-bank-screenshots');
const describeBrowser = browserAvailable() ? describePostgres : describe.skip;

/**
 * The live page in a real browser: two pages follow the same bank, one of them through a
 * network that the test cuts. A transfer made through the HTTP API appears on both; the page
 * that lost its connection comes back with every entry once.
 */
describeBrowser('the live bank page in Chromium', () => {
  let pool: Pool;
  let schema: string;
  let bank: RunningBank;
  let server: Server;
  let proxy: TcpProxy;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let api: ReturnType<typeof clientOf>;

  beforeAll(async () => {
    pool = testPool(2);
    schema = uniqueSchema('bank_page');
    bank = await startBank({ databaseUrl: DATABASE_URL!, schema });
    server = createBankServer({ edict: bank.edict, queries: bank.queries });
    await listen(server);
    api = clientOf(server);
    proxy = new TcpProxy((server.address() as AddressInfo).port);
    await proxy.start();
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.cut();
    await new Promise((resolve) => server?.close(resolve));
    await bank?.stop();
    await dropSchema(pool, schema);
    await pool.end();
  });

  // Read through locators (the test is compiled without the DOM's types).
  const state = (page: Page) => page.locator('#status').getAttribute('data-state');
  const waitForState = (page: Page, wanted: string) =>
    page.locator(`#status[data-state="${wanted}"]`).waitFor({ timeout: 20_000 });
  const entries = async (page: Page) => {
    const positions = await page.locator('#activity li .position').allTextContents();
    const texts = await page.locator('#activity li .text').allTextContents();
    return positions.map((p, i) => [Number(p.slice(1)), texts[i]] as const);
  };
  const balances = async (page: Page) => {
    const cells = await page.locator('#balances tbody td').allTextContents();
    return Array.from({ length: cells.length / 3 }, (_, i) => cells.slice(3 * i, 3 * i + 3));
  };
  const waitForEntries = (page: Page, count: number) =>
    page
      .locator('#activity li')
      .nth(count - 1)
      .waitFor({ timeout: 20_000 });
  const logPositions = async () =>
    (await pool.query<{ position: string }>(`select position from "${schema}".events order by position`)).rows.map(
      (r) => Number(r.position),
    );

  async function open(owner: string, deposit: number): Promise<string> {
    const { status, body } = await api.post('/accounts', { owner, currency: 'EUR' });
    expect(status).toBe(201);
    if (deposit > 0)
      expect((await api.post(`/accounts/${body.accountId}/deposits`, { amount: deposit })).status).toBe(200);
    return body.accountId;
  }

  async function transfer(from: string, to: string, amount: number): Promise<string> {
    const { status, body } = await api.post('/transfers', {
      fromAccountId: from,
      toAccountId: to,
      amount,
      currency: 'EUR',
    });
    expect(status).toBe(202);
    return body.transferId;
  }

  it('shows a transfer on both pages, and brings back a page that lost its connection without a missing or repeated entry', async () => {
    const ada = await open('Ada Lovelace', 250_00);
    const grace = await open('Grace Hopper', 40_00);
    const direct = await browser.context.newPage();
    const distant = await browser.context.newPage();
    const { port } = server.address() as AddressInfo;
    await direct.goto(`http://127.0.0.1:${port}/`);
    await distant.goto(`http://127.0.0.1:${proxy.port}/`);
    await Promise.all([waitForState(direct, 'live'), waitForState(distant, 'live')]);
    await Promise.all([waitForEntries(direct, 4), waitForEntries(distant, 4)]);

    // A transfer from another client (this test, through the HTTP API) reaches both pages.
    const first = await transfer(ada, grace, 75_50);
    const completed = `Transfer ${first.slice(0, 8)} completed`;
    for (const page of [direct, distant]) {
      await page.getByText(completed).waitFor({ timeout: 20_000 });
      await page.locator('#balances tbody', { hasText: '€174.50' }).waitFor({ timeout: 20_000 });
    }
    expect(await balances(direct)).toEqual([
      ['Ada Lovelace', '€174.50', 'open'],
      ['Grace Hopper', '€115.50', 'open'],
    ]);
    await direct.screenshot({ path: join(SCREENSHOTS, 'bank-page-after-transfer.png'), fullPage: true });

    // The distant page's network goes down; money keeps moving meanwhile.
    await proxy.cut();
    await waitForState(distant, 'reconnecting');
    await transfer(grace, ada, 15_50);
    await transfer(ada, grace, 1_000_00); // refused: more than Ada has
    expect((await api.post(`/accounts/${grace}/deposits`, { amount: 9_99 })).status).toBe(200);
    // The transfers settle in the background: wait until the log stops growing, and the direct page shows it.
    let settled = -1;
    for (let now = (await logPositions()).length; now !== settled; now = (await logPositions()).length) {
      settled = now;
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitForEntries(direct, settled);
    expect(await state(distant)).toBe('reconnecting');
    await distant.screenshot({ path: join(SCREENSHOTS, 'bank-page-offline.png'), fullPage: true });

    // The network comes back: the page resumes after the last entry it had.
    await proxy.restore();
    await waitForState(distant, 'live');
    const log = await logPositions();
    await waitForEntries(distant, log.length);
    await new Promise((r) => setTimeout(r, 300)); // anything repeated would have arrived by now
    const onDistant = await entries(distant);
    const onDirect = await entries(direct);
    expect(onDistant.map(([position]) => position)).toEqual([...log].reverse()); // every entry once, newest first
    expect(onDistant).toEqual(onDirect);
    expect(await balances(distant)).toEqual(await balances(direct));
    expect(await balances(distant)).toEqual([
      ['Ada Lovelace', '€190.00', 'open'],
      ['Grace Hopper', '€109.99', 'open'],
    ]);
    await distant.screenshot({ path: join(SCREENSHOTS, 'bank-page-back.png'), fullPage: true });
  }, 120_000);
});
