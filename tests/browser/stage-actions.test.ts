/**
 * Acting on the stage in a real browser: crash and restart a consumer from its buttons and watch
 * the group rebalance; act in the past only after saying yes; and a cell with a typo shows the
 * CLI's error, line and column, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseScript, runCell, ShellSession } from '../../engine/index.ts';
import { launchChromium } from './chromium.ts';
import { clock, drawing, expectNoErrors, openPage, seekTo, stateTable, waitForDrawnTick, waitForStage } from './stage-page.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const LESSON = 'lessons/02-crash-and-resume/';

/** The shell's describe rows for the lesson's first two cells plus `extra` commands, at the head. */
function shellTableAfter(extra: string): string[][] {
  const session = ShellSession.create();
  const cells = [
    'kafka-topics --create --topic payments --partitions 2\nsim producer start checkout --topic payments --count 12 --keys card-1,card-2,card-3\nsim consumer start ledger --group accounting --topic payments --commit after --process-ticks 3 --offset-reset earliest',
    'sim tick 16',
    extra,
  ];
  for (const cell of cells) expect(runCell(session, cell).errors).toEqual([]);
  const parsed = parseScript('kafka-consumer-groups --describe --group accounting');
  if (!parsed.ok) throw new Error('describe does not parse');
  const printed = parsed.commands.flatMap((c) => session.execute(c).output.filter((l) => l.stream === 'stdout').map((l) => l.text));
  return printed
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length === 9 && cols[0] === 'accounting')
    .map(([group, topic, partition, committed, logEnd, lag, , , clientId]) => [group, topic, partition, committed, logEnd, lag, clientId] as string[]);
}

describe('consumer buttons on the stage', () => {
  it('crash and restart issue the sim commands, are recorded, and the group rebalances as the shell says', async () => {
    const opened = await openPage(browser, LESSON);
    const { page } = opened;
    await waitForStage(page);
    // Run the first two cells (Run on cell 2 runs cell 1 first), then go to the last tick.
    await page.locator('kafka-cell[data-cell="1"]').getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction(() => document.querySelector('kafka-cell[data-cell="1"]')?.getAttribute('data-status') === 'ran');
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
    await page.locator('kafka-cell[data-cell="1"]').getByRole('button', { name: 'Run' }).click();
    await page.waitForFunction(() => document.querySelector('kafka-cell[data-cell="1"]')?.getAttribute('data-status') === 'ran');
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
    await context.route('**/lessons/01-first-topic/', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('--topic orders --partitions 3', '--topic orders --partitons 3');
      await route.fulfill({ response, body: html });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('lessons/01-first-topic/', inject('siteUrl')).href);
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
