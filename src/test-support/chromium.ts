import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; `npx playwright install` cannot download browsers on our machines. */
export const CHROMIUM = '/usr/bin/chromium';

export const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI installs it).`;

/** Headless, and nothing that would reach the network on its own (updates, sync, QUIC probes). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium, or fails with how to install it: a page nobody has seen drawn is not tested. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
