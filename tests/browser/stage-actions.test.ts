/**
 * Acting on the stage in a real browser: crash and restart a consumer from its buttons and watch
 * the group rebalance; act in the past only after saying yes; and a cell with a typo shows the
 * CLI's error, line and column, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseScript, runCell, ShellSession } from '../../engine/index.ts';
import { launchChromium } from './chromium.ts';
import {
  clock,
  drawing,
  expectNoErrors,
  openPage,
  runAll,
  runCellOnPage,
  seekTo,
  shellStateRows,
  stateTable,
  waitForDrawnTick,
  waitForStage,
} from './stage-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const LESSON = 'lessons/05-crash-and-resume/';

/** The shell's describe rows for the lesson's first two cells plus `extra` commands, at the head. */
function shellTableAfter(extra: string): string[][] {
  const session = ShellSession.create();
  const cells = [
    'kafka-topics --create --topic payments --partitions 2\nsim producer start checkout --topic payments --count 12 --keys card-1,card-2,card-3\nsim consumer start ledger --group accounting --topic payments --commit after --process-ticks 3 --offset-reset earliest',
    'sim tick 16',
    extra,
  ];
  for (const cell of cells) expect(runCell(session, cell).errors).toEqual([]);
  return shellStateRows(session, 'accounting');
}

describe('consumer buttons on the stage', () => {
  it('crash and restart issue the sim commands, are recorded, and the group rebalances as the shell says', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    // Run the first two cells (Run on cell 2 runs cell 1 first), then go to the last tick.
    await runCellOnPage(page, 1);
    await seekTo(page, 16);
    const before = (await drawing(page)).members.find((m) => m.consumer === 'ledger');
    expect(before?.status).toBe('running');

    await page.getByRole('button', { name: 'Crash ledger' }).click();
    await page.getByText('you ran sim crash ledger at tick 16').waitFor();
    await page.getByRole('button', { name: 'Restart ledger' }).click();
    await page.getByText('you ran sim restart ledger at tick 16').waitFor();
    // Play at the head runs the world live until it is quiet (at the fastest speed, to keep the test short).
    await page.getByLabel('Speed').selectOption('32');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.locator('.stage-message', { hasText: 'quiet at tick' }).waitFor({ timeout: 20_000 });
    const { head } = await clock(page);
    expect(head).toBeGreaterThan(16);
    await waitForDrawnTick(page, head);
    expect(await stateTable(page)).toEqual(shellTableAfter('sim crash ledger\nsim restart ledger\nsim run'));
    // The scrubber marks the crash and the rebalance that followed.
    expect(await page.locator('.stage-marks .mark-crash').count()).toBeGreaterThan(0);
    expect(await page.locator('.stage-marks .mark-rebalance').count()).toBeGreaterThan(0);
    expect((await drawing(page)).members.filter((m) => m.consumer === 'ledger').map((m) => m.status)).toEqual(['running']);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('acting in the past asks first; cancelling changes nothing, confirming discards the later ticks', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    await runCellOnPage(page, 1);
    await seekTo(page, 10);
    await page.getByRole('button', { name: 'Crash ledger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Act in the past?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('discards the 6 later ticks');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await clock(page)).toEqual({ tick: 10, head: 16 });

    await page.getByRole('button', { name: 'Crash ledger' }).click();
    await dialog.getByRole('button', { name: 'Discard the future and act' }).click();
    await page.getByText('you ran sim crash ledger at tick 10').waitFor();
    expect(await clock(page)).toEqual({ tick: 10, head: 10 });
    // Cell 2 ran "sim tick 16" from tick 0 to 16: its later ticks are gone, so it says so.
    expect(await page.locator('kafka-cell[data-cell="1"]').getAttribute('data-status')).toBe('cut');
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('a cell with a typo', () => {
  it('shows the CLI’s error with the cell’s line and column, and changes nothing', async () => {
    const typo = '$ kafka-topics --create --topic orders --partitons 3';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Serve lesson 1 with its first cell mistyped, as an author's slip would ship it.
    await context.route('**/lessons/02-topics/', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('--topic orders --partitions 3', '--topic orders --partitons 3');
      await route.fulfill({ response, body: html });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('lessons/02-topics/', inject('siteUrl')).href);
    await waitForStage(page);
    await page.locator('kafka-cell[data-cell="0"]').getByRole('button', { name: 'Run' }).click();
    const cell = page.locator('kafka-cell[data-cell="0"]');
    await page.waitForFunction(() => document.querySelector('kafka-cell[data-cell="0"]')?.getAttribute('data-status') === 'error');
    const expected = runCell(ShellSession.create(), `${typo}\nCreated topic orders.`).errors[0]?.message;
    expect(expected).toMatch(/^error at line 1, column \d+: unknown option --partitons/);
    expect(await cell.locator('.cell-note pre').textContent()).toBe(expected);
    expect(await cell.locator('[data-error-line]').getAttribute('data-line')).toBe('1');
    expect(await clock(page)).toEqual({ tick: 0, head: 0 });
    expect(await stateTable(page)).toEqual([]);
    expect((await drawing(page)).tapes).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the processing ledger', () => {
  it('is one click away, prints what sim ledger prints at that tick, and marks the duplicates on the tapes', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    await runAll(page);
    const { head } = await clock(page);
    await seekTo(page, head);
    await page.getByRole('button', { name: 'Ledger of accounting' }).click();
    const panel = page.locator('.stage-ledger-text');
    await panel.filter({ hasText: 'group accounting:' }).waitFor();
    // The lesson's last cell runs `sim ledger --group accounting` at the head: the same lines.
    const session = ShellSession.create();
    const cells = await page.locator('kafka-cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
    for (const cell of cells.slice(0, -1)) runCell(session, cell);
    const parsed = parseScript('sim ledger --group accounting');
    if (!parsed.ok) throw new Error('sim ledger does not parse');
    const printed = parsed.commands.flatMap((c) => session.execute(c).output.map((l) => l.text));
    // The panel names the command and the tick it answers for, then prints what the shell prints.
    expect((await panel.textContent())?.split('\n')).toEqual([`$ sim ledger --group accounting   # at tick ${head}`, ...printed]);
    expect(printed[0]).toBe('group accounting: processed 15, distinct 12, duplicated 3, skipped 0');
    // Three records processed twice: three ×2 marks under their cells.
    await page.waitForFunction(() => document.querySelectorAll('.stage-drawing text.ledger-badge.duplicated').length === 3);
    expect(await page.getByRole('button', { name: 'Ledger of accounting' }).getAttribute('aria-pressed')).toBe('true');
    expectNoErrors(opened);
    await opened.context.close();
  });
});

describe('Reset, long runs and coming back', () => {
  it('Reset forgets every cell and action: tick 0, expected output back, nothing drawn', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    await runAll(page);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'idle'));
    await waitForDrawnTick(page, 0);
    expect(await clock(page)).toEqual({ tick: 0, head: 0 });
    expect(await page.locator('kafka-cell .step-out[data-expected]').count()).toBeGreaterThan(0);
    expect((await drawing(page)).tapes).toEqual([]);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('a run that takes long shows its progress and can be cancelled; the page stays responsive and the world as it was', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The lesson's second cell replaced by a producer that never stops and ten runs of 100,000 ticks, the most one command
    // may advance (a million ticks: many seconds of work).
    const longRun = ['sim producer start forever --topic payments --every 1', ...Array<string>(10).fill('sim run --max-ticks 100000')].join('\n');
    await context.route('**/lessons/05-crash-and-resume/', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/(<kafka-cell[^>]*data-cell="1"[^>]*data-code=")[^"]*"/, `$1${longRun}"`);
      await route.fulfill({ response, body: html });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL(LESSON, inject('siteUrl')).href);
    await waitForStage(page);
    await runCellOnPage(page, 0);
    const before = await clock(page);
    await page.locator('kafka-cell[data-cell="1"]').getByRole('button', { name: 'Run' }).click();
    const progress = page.locator('.stage-progress');
    await progress.filter({ hasText: /Running cell 2… \d+\.\d s/ }).waitFor({ timeout: 5_000 });
    // The page still answers while the engine works: the help dialog opens and closes.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.stage-message', { hasText: 'Cancelled' }).waitFor();
    expect(await page.locator('kafka-cell[data-cell="1"]').getAttribute('data-status')).toBe('idle');
    expect(await clock(page)).toEqual(before);
    // The rebuilt engine carries on: the next cell runs from where the world was.
    await page.locator('kafka-cell[data-cell="2"]').getByRole('button', { name: 'Run' }).click();
    await progress.filter({ hasText: /Running cell 2/ }).waitFor({ timeout: 5_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.stage-message', { hasText: 'Cancelled' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a reload restores the reader’s progress: cells run and actions taken', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    await runCellOnPage(page, 1);
    await seekTo(page, 16);
    await page.getByRole('button', { name: 'Crash ledger' }).click();
    await page.getByText('you ran sim crash ledger at tick 16').waitFor();
    const table = await stateTable(page);
    await page.reload();
    await waitForStage(page);
    await page.locator('.stage-message', { hasText: 'Welcome back' }).waitFor();
    const statuses = await page.locator('kafka-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    expect(statuses.slice(0, 2)).toEqual(['ran', 'ran']);
    expect(new Set(statuses.slice(2))).toEqual(new Set(['idle']));
    await page.getByText('you ran sim crash ledger at tick 16').waitFor();
    expect(await clock(page)).toEqual({ tick: 16, head: 16 });
    await waitForDrawnTick(page, 16);
    expect(await stateTable(page)).toEqual(table);
    expectNoErrors(opened);
    await opened.context.close();
  });
});
