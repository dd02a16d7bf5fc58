/** The course site around the lessons: home, course index, search, the shell reference, 404. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { expectNoErrors, openPage, waitForStage } from './stage-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built site', () => {
  it('home: says what Streamlab is, plays its mini stage, and starts the course from the keyboard', async () => {
    const opened = await openPage(browser, '');
    const { page } = opened;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Learn how Kafka really behaves');
    await waitForStage(page);
    // The mini stage runs its scenario by itself: records appear on its tapes.
    await page.waitForFunction(() => document.querySelectorAll('.stage-drawing g.tape .record').length > 0, undefined, { timeout: 15_000 });
    const start = page.getByRole('link', { name: 'Start the course' });
    await start.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/lessons\/01-what-is-kafka\/$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('What is Kafka?');
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('course index: every lesson in order, with its duration and objectives; lessons link previous and next', async () => {
    const opened = await openPage(browser, 'lessons/');
    const { page } = opened;
    const titles = await page.locator('.course-lesson-title a').allTextContents();
    expect(titles.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      '1. What is Kafka?',
      '2. Topics',
      '3. Producers and consumers',
      '4. Consumer offsets',
      '5. Crash a consumer, watch it resume',
      '6. Replication — does the post office lose letters?',
      '7. Exactly once, for real',
      '8. Partitions, keys and ordering',
      '9. Consumer groups and scaling',
      '10. Retention and replay',
      '11. Topics as tables',
      '12. For instructors: writing a lesson',
    ]);
    expect(await page.locator('.course-lesson-meta').first().textContent()).toMatch(/^About \d+ minutes$/);
    await page.getByRole('link', { name: '5. Crash a consumer, watch it resume' }).click();
    await page.waitForURL(/05-crash-and-resume\/$/);
    expect(await page.getByRole('link', { name: /Previous.*Consumer offsets/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Next.*Replication/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Edit this page/ }).getAttribute('href')).toMatch(/\/lessons\/05-crash-and-resume\.mdx$/);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('search finds a lesson by a word in its text', async () => {
    const opened = await openPage(browser, 'lessons/');
    const { page } = opened;
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('dialog', { name: 'Search' }).getByRole('textbox', { name: 'Search' }).fill('ledger');
    const result = page.locator('.pagefind-ui__result-link', { hasText: 'Crash a consumer, watch it resume' }).first();
    await result.waitFor({ timeout: 10_000 });
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('the shell reference is a page, its wide tables reachable from the keyboard', async () => {
    const opened = await openPage(browser, 'docs/shell/');
    const { page } = opened;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The Kafka shell');
    expect(await page.getByRole('heading', { name: 'Real Kafka tools' }).count()).toBe(1);
    expect(await page.locator('table[tabindex="0"]').count()).toBeGreaterThan(0);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('an unknown address answers 404 with a way back to the course', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(new URL('no-such-page/', inject('siteUrl')).href);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await page.getByRole('link', { name: 'The course' }).click();
    await page.waitForURL(/\/lessons\/$/);
    await context.close();
  });

  it('kafka cells are highlighted by the shell grammar at build time', async () => {
    const opened = await openPage(browser, 'lessons/02-topics/');
    const { page } = opened;
    expect(await page.locator('kafka-cell .tok-keyword', { hasText: 'kafka-topics' }).count()).toBeGreaterThan(0);
    expect(await page.locator('kafka-cell .tok-meta').count()).toBeGreaterThan(0);
    expect(await page.locator('kafka-cell .tok-content', { hasText: 'alice:espresso' }).count()).toBe(1);
    await waitForStage(page);
    expectNoErrors(opened);
    await opened.context.close();
  });
});
