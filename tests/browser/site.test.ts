import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built site', () => {
  it('lists the lessons on the home page and opens one from the keyboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(inject('siteUrl'));
    await expect(page.getByRole('heading', { level: 1, name: 'Streamlab' }).count()).resolves.toBe(1);
    const link = page.getByRole('link', { name: 'Your first topic' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/lessons\/01-first-topic\/$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your first topic');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a narrow screen without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(inject('siteUrl'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
