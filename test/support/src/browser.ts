import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); Playwright's own browser download is not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run here. In CI a missing browser is a failure (the tests must
 * not pass by skipping); on a developer's machine they are skipped, and the run says so loudly.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium is not installed at ${CHROMIUM}: the browser tests (the bank page, the edict console) cannot run. Install it with 'apt-get install chromium' (or set CHROMIUM_PATH).`;
  if (process.env.CI) throw new Error(`${message} CI must run it.`);
  console.warn(`\n${'!'.repeat(100)}\n${message}\nThe browser tests are SKIPPED.\n${'!'.repeat(100)}\n`);
  return false;
}

/** A headless Chromium with a fresh profile; `close` ends it and removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'edict-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
