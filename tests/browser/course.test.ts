/**
 * The course as a reader walks it: every predict question of every lesson answered from the
 * keyboard (its reveal cell hidden until then, then run), every glossary link landing on its
 * entry, guided steps that wait on the world, and progress (answers, lessons done, "continue")
 * surviving a reload — while a corrupt saved entry breaks nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { clock, expectNoErrors, openPage, runAll, seekTo, waitForStage } from './stage-page.ts';

const lessons = readdirSync('lessons')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((file) => ({ file: `lessons/${file}`, id: `lessons/${file.replace(/\.mdx$/, '')}`, path: `lessons/${file.replace(/\.mdx$/, '')}/` }));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The lesson's questions as its source writes them: id, and the index of the correct choice. */
function questionsOf(file: string): { id: string; correct: number; choices: number }[] {
  // Examples inside code blocks (lesson 12 shows a question's source) are not questions.
  const source = readFileSync(file, 'utf8').replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
  return [...source.matchAll(/<Predict\s+id="([^"]+)"[\s\S]*?<\/Predict>/g)].map((m) => {
    const choices = [...m[0].matchAll(/<Choice\b([^>]*)>/g)].map((c) => /\bcorrect\b/.test(c[1] ?? ''));
    return { id: m[1] ?? '', correct: choices.indexOf(true), choices: choices.length };
  });
}

/** Answers question `id` with choice `choice` using only the keyboard: Tab into the group, arrows to the choice, Enter to lock it in. */
async function answerByKeyboard(page: Page, id: string, choice: number): Promise<void> {
  const question = page.locator(`predict-question[data-question="${id}"]`);
  // Focus the element before the group, then Tab into it, as a reader moving through the page.
  await question.locator('legend').evaluate((legend) => {
    legend.tabIndex = -1;
    legend.focus();
  });
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
  // The first Tab lands on the first radio; ArrowDown moves and selects.
  await page.keyboard.press('Space');
  for (let i = 0; i < choice; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Lock in my answer');
  await page.keyboard.press('Enter');
  await question
    .locator('.predict-result')
    .filter({ hasText: /Right\.|Not quite/ })
    .waitFor();
}

describe.each(lessons)('lesson $file', ({ file, path }) => {
  const questions = questionsOf(file);

  it('every question: its reveal hidden until answered from the keyboard, feedback on every choice, then the reveal runs', async () => {
    expect(questions.length).toBeGreaterThan(0);
    const opened = await openPage(browser, path);
    const { page } = opened;
    await waitForStage(page);
    for (const [n, q] of questions.entries()) {
      const question = page.locator(`predict-question[data-question="${q.id}"]`);
      const reveal = await question.evaluate((el) => {
        const cell = [...document.querySelectorAll('kafka-cell')].find((c) => el.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
        return {
          index: Number(cell?.getAttribute('data-cell')),
          concealed: cell?.hasAttribute('data-concealed') ?? false,
          status: cell?.getAttribute('data-status'),
        };
      });
      if (reveal.status !== 'ran') expect(reveal.concealed, `${q.id}: the reveal is hidden before the answer`).toBe(true);
      // Alternate right and wrong answers across questions, so both verdicts are seen.
      const choice = n % 2 === 0 ? q.correct : (q.correct + 1) % q.choices;
      await answerByKeyboard(page, q.id, choice);
      const result = (await question.locator('.predict-result').textContent()) ?? '';
      expect(result.startsWith(choice === q.correct ? 'Right.' : 'Not quite')).toBe(true);
      // Every choice shows its feedback; the right one and the reader's are said in words.
      expect(await question.locator('.predict-feedback:visible').count()).toBe(q.choices);
      expect(await question.locator(`.predict-choice >> nth=${q.correct}`).locator('.predict-tag').textContent()).toMatch(/correct/i);
      const cell = page.locator(`kafka-cell[data-cell="${reveal.index}"]`);
      await page.waitForFunction((i) => document.querySelector(`kafka-cell[data-cell="${i}"]`)?.getAttribute('data-status') === 'ran', reveal.index, {
        timeout: 30_000,
      });
      expect(await cell.getAttribute('data-concealed')).toBeNull();
      expect(await page.locator('kafka-cell .line.differs').count()).toBe(0);
    }
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('every glossary link lands on its entry', async () => {
    const opened = await openPage(browser, path);
    const hrefs = await opened.page.locator('a.term').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const ids = new Set(hrefs.map((h) => new URL(h).hash.slice(1)));
    await opened.page.goto(new URL('glossary/', inject('siteUrl')).href);
    for (const term of ids) expect(await opened.page.locator(`[id="${term}"]`).count(), `glossary entry #${term}`).toBe(1);
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('the glossary', () => {
  it('every lesson links terms to it, and each term has an entry', async () => {
    const used = new Set(lessons.flatMap(({ file }) => [...readFileSync(file, 'utf8').matchAll(/<Term id="([^"]+)"/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(15);
    const opened = await openPage(browser, 'glossary/');
    const entries = await opened.page.locator('.glossary-entry h2').evaluateAll((hs) => hs.map((h) => h.id));
    for (const term of used) expect(entries).toContain(term);
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('guided steps wait on the world', () => {
  const lesson = lessons.find((l) => readFileSync(l.file, 'utf8').includes('event="member.expired"'));

  it('a step waiting for a session to expire shows once the stage reaches that tick, and hides when the reader goes back before it', async () => {
    expect(lesson).toBeDefined();
    const opened = await openPage(browser, lesson?.path ?? '');
    const { page } = opened;
    await waitForStage(page);
    const step = page.locator('wait-for[data-watch*="member.expired"]').first();
    expect(await step.getAttribute('data-state')).toBe('waiting');
    expect(await step.locator('.wait-for-body').isHidden()).toBe(true);
    expect(await step.locator('.wait-for-status').textContent()).toMatch(/^Waiting for the world: continue once /);
    await runAll(page);
    const { head } = await clock(page);
    await seekTo(page, head);
    await step.and(page.locator('[data-state="reached"]')).waitFor();
    expect(await step.locator('.wait-for-body').isVisible()).toBe(true);
    const reachedAt = Number(/Reached at tick (\d+)/.exec((await step.locator('.wait-for-status').textContent()) ?? '')?.[1]);
    expect(reachedAt).toBeGreaterThan(0);
    expect(reachedAt).toBeLessThanOrEqual(head);
    await seekTo(page, reachedAt - 1);
    await step.and(page.locator('[data-state="waiting"]')).waitFor();
    await seekTo(page, reachedAt);
    await step.and(page.locator('[data-state="reached"]')).waitFor();
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('progress', () => {
  it('answers and lessons marked done survive a reload; the course index shows them and continues where the reader left off', async () => {
    const [first, second] = lessons;
    const opened = await openPage(browser, second?.path ?? '');
    const { page } = opened;
    await waitForStage(page);
    const [q] = questionsOf(second?.file ?? '');
    await answerByKeyboard(page, q?.id ?? '', q?.correct ?? 0);
    const done = page.getByRole('button', { name: 'Mark this lesson done' });
    await done.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Lesson done ✓', pressed: true }).waitFor();
    await page.reload();
    await waitForStage(page);
    const question = page.locator(`predict-question[data-question="${q?.id}"]`);
    expect(await question.getAttribute('data-answered')).toBe('correct');
    expect(await question.locator('input[type="radio"]:checked').count()).toBe(1);
    await page.getByRole('button', { name: 'Lesson done ✓', pressed: true }).waitFor();
    expect(await page.locator('.lesson-done-status').textContent()).toMatch(/^You answered 1 of this lesson’s \d+ questions?\.$/);
    // The first lesson was opened last: the index continues there, and shows the second done.
    await page.goto(new URL(first?.path ?? '', inject('siteUrl')).href);
    await page.goto(new URL('lessons/', inject('siteUrl')).href);
    await page
      .locator('.course-progress-summary')
      .filter({ hasText: `You have finished 1 of ${lessons.length} lessons.` })
      .waitFor();
    const cont = page.getByRole('link', { name: /^Continue where you left off: 1\./ });
    expect(await cont.getAttribute('href')).toMatch(new RegExp(`/${first?.id}/$`));
    const secondItem = page.locator(`[data-lesson-item="${second?.id}"]`);
    expect(await secondItem.locator('.course-lesson-progress').textContent()).toBe('Done · 1 question answered');
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('a corrupt saved entry breaks nothing: the pages work and the course starts afresh', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('streamlab:course', '{"v":1,"done":[{"x":1}],"answers":"💥","last":42');
        sessionStorage.setItem('seeded', '1');
      }
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(new URL('lessons/', inject('siteUrl')).href);
    expect(await page.locator('course-progress').isHidden()).toBe(true);
    const [lesson] = lessons;
    await page.goto(new URL(lesson?.path ?? '', inject('siteUrl')).href);
    await waitForStage(page);
    const [q] = questionsOf(lesson?.file ?? '');
    await answerByKeyboard(page, q?.id ?? '', q?.correct ?? 0);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('streamlab:course'))) ?? 'null')).toEqual({
      v: 1,
      done: [],
      answers: { [lesson?.id ?? '']: { [q?.id ?? '']: q?.correct } },
      last: lesson?.id,
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
