/**
 * Every page in a real browser at 1280 and 390 px, light and dark: axe finds nothing, nothing
 * logs an error, nothing scrolls sideways, and a screenshot of each is saved (test-results/screenshots/)
 * for a person to look at. Then the keyboard alone runs a lesson, and reduced motion means no tweening.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { clock, expectNoErrors, openPage, runAll, seekTo, waitForDrawnTick, waitForStage, axeViolations } from './stage-page.ts';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const lessonPaths = readdirSync('lessons')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => `lessons/${f.replace(/\.mdx$/, '')}/`);
const PAGES = ['', 'lessons/', ...lessonPaths, 'glossary/', 'docs/shell/', 'playground/', 'playground/embed/', 'no-such-page/'];
const VIEWS = [
  { width: 1280, height: 800, colorScheme: 'light' },
  { width: 1280, height: 800, colorScheme: 'dark' },
  { width: 390, height: 844, colorScheme: 'light' },
  { width: 390, height: 844, colorScheme: 'dark' },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const shotName = (path: string, view: (typeof VIEWS)[number], suffix = '') =>
  `${SHOTS}/${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}${suffix}-${view.width}-${view.colorScheme}.png`;

// Each page is loaded once per width and checked in the light scheme, then again after the
// browser switches to dark (the site follows prefers-color-scheme as it changes): half the page
// loads of one load per view, the same four views checked.
describe.each([VIEWS[0], VIEWS[2]])('at $width px, light then dark', (light) => {
  it.each(PAGES)('page /%s: no axe violations, no console errors, no sideways scrolling', async (path) => {
    const opened = await openPage(browser, path, light);
    const { page } = opened;
    if (await page.locator('lesson-stage').count()) await waitForStage(page);
    for (const view of VIEWS.filter((v) => v.width === light.width)) {
      if (view.colorScheme === 'dark') {
        await page.emulateMedia({ colorScheme: 'dark' });
        // Starlight's theme follows the scheme when none was chosen: wait until the page is dark.
        await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', timeout: 5_000 });
      }
      expect(await axeViolations(page), `${view.colorScheme}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: shotName(path, view), fullPage: true });
    }
    // A 404 page logs its own 404 response; nothing else may log an error.
    expect(opened.errors.filter((e) => !(path === 'no-such-page/' && e.includes('404')))).toEqual([]);
    await opened.context.close();
  });
});

// A lesson after Run all, mid-story, in two views that between them cover both widths and both
// themes (every page is checked in all four above): the cells' output and the stage's drawing
// are the same markup in every view, and each run costs seconds.
const RUN_VIEWS = [VIEWS[0], VIEWS[3]] as const;

describe.each(RUN_VIEWS)('at $width px, $colorScheme, after Run all', (view) => {
  it.each(lessonPaths)('lesson /%s: no axe violations in the cells and the stage mid-story', async (path) => {
    const opened = await openPage(browser, path, view);
    const { page } = opened;
    await waitForStage(page);
    await runAll(page);
    const { head } = await clock(page);
    await seekTo(page, Math.floor((head * 2) / 3));
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const stage = page.locator('lesson-stage');
    await stage.scrollIntoViewIfNeeded();
    await stage.screenshot({ path: shotName(path, view, '-stage') });
    await page.screenshot({ path: shotName(path, view, '-ran') });
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('the keyboard alone', () => {
  /** Presses Tab until the focused element's accessible name is `name` (at most `limit` times). */
  async function tabTo(page: Page, name: string, limit = 120): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
      });
      if (focused === name) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('runs a lesson, plays, steps, opens the shortcuts and crashes a consumer, with focus always visible', async () => {
    const opened = await openPage(browser, 'lessons/05-crash-and-resume/');
    const { page } = opened;
    await waitForStage(page);
    await tabTo(page, 'Run all');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'ran'));
    // Shortcuts work with the focus on the stage: Home, l (step forward), j (step back), k (play/pause).
    await page.keyboard.press('Home');
    await waitForDrawnTick(page, 0);
    await page.keyboard.press('l');
    await page.keyboard.press('l');
    await waitForDrawnTick(page, 2);
    await page.keyboard.press('j');
    await waitForDrawnTick(page, 1);
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    // At the last tick, crash the consumer from its button.
    await page.keyboard.press('End');
    const { head } = await clock(page);
    await waitForDrawnTick(page, head);
    await tabTo(page, 'Crash ledger');
    await page.keyboard.press('Enter');
    await page.getByText(`you ran sim crash ledger at tick ${head}`).waitFor();
    // The Crash button gave way to Restart, and the focus went with it rather than to the page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Restart ledger');
    await page.keyboard.press('Enter');
    await page.getByText(`you ran sim restart ledger at tick ${head}`).waitFor();
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('reduced motion', () => {
  it('replaces tweening with instant changes', async () => {
    const opened = await openPage(browser, 'lessons/05-crash-and-resume/', { reducedMotion: 'reduce' });
    const { page } = opened;
    await waitForStage(page);
    await runAll(page);
    await seekTo(page, 10);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForDrawnTick(page, 11);
    const geometry = () =>
      page
        .locator('.stage-drawing')
        .evaluate((svg) =>
          [...svg.querySelectorAll('*')]
            .map((el) => `${el.getAttribute('transform') ?? ''}|${el.getAttribute('x') ?? ''}|${el.getAttribute('opacity') ?? ''}`)
            .join(';'),
        );
    const now = await geometry();
    await page.waitForTimeout(400);
    expect(await geometry()).toBe(now);
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('motion never leaves the drawing between two frames', () => {
  /** Every element of the drawing: what it is, where it sits, its size, opacity and text. */
  const placed = (page: Page) =>
    page.locator('.stage-drawing').evaluate((svg) =>
      [...svg.querySelectorAll('*')]
        .map((el) => {
          const m = (el as SVGGraphicsElement).getCTM?.();
          const data = [...el.attributes]
            .filter((a) => a.name.startsWith('data-'))
            .map((a) => `${a.name}=${a.value}`)
            .join(' ');
          const size = ['width', 'height', 'd', 'x1', 'x2', 'y1', 'y2'].map((a) => el.getAttribute(a) ?? '').join(',');
          const text = el.children.length === 0 ? (el.textContent ?? '') : '';
          return `${el.tagName}.${el.getAttribute('class')} ${data} @ ${m ? `${Math.round(m.e)},${Math.round(m.f)}` : '-'} ${size} o=${getComputedStyle(el).opacity} ${text}`;
        })
        .sort(),
    );

  it('stepping faster than the transitions run ends exactly where a direct jump to that tick draws', async () => {
    const stepped = await openPage(browser, 'lessons/05-crash-and-resume/');
    await waitForStage(stepped.page);
    await runAll(stepped.page);
    await seekTo(stepped.page, 2);
    await stepped.page.getByLabel('Speed').selectOption('1');
    // Step keys far faster than a step's transition lasts: each new step interrupts the last.
    await stepped.page.getByRole('button', { name: 'Step forward' }).focus();
    for (let i = 0; i < 12; i++) await stepped.page.keyboard.press('l', { delay: 15 });
    await waitForDrawnTick(stepped.page, 14);
    await stepped.page.waitForTimeout(1200);
    const afterSteps = await placed(stepped.page);

    const jumped = await openPage(browser, 'lessons/05-crash-and-resume/');
    await waitForStage(jumped.page);
    await runAll(jumped.page);
    await seekTo(jumped.page, 14);
    await jumped.page.waitForTimeout(300);
    expect(afterSteps).toEqual(await placed(jumped.page));
    expectNoErrors(stepped);
    expectNoErrors(jumped);
    await stepped.context.close();
    await jumped.context.close();
  });
});
