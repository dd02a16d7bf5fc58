/**
 * Every lesson, run in a real browser: the cells run and print what their transcripts say, and at
 * every tick visited the stage draws — and its table lists — exactly what the shell prints for
 * the same cells at that tick (`kafka-consumer-groups --describe`, `kafka-get-offsets`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { extractKafkaCells } from '../../engine/index.ts';
import { launchChromium } from './chromium.ts';
import { shellReference, type ShellReference } from './reference.ts';
import { clock, drawing, expectNoErrors, openPage, runAll, seekTo, stateTable, waitForDrawnTick, waitForStage } from './stage-page.ts';

const lessons = readdirSync('lessons')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((file) => ({ file: `lessons/${file}`, path: `lessons/${file.replace(/\.mdx$/, '')}/` }));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Holds the page at tick `tick` against the shell's printed output at that tick (seeking there first unless `seek` is false). */
async function expectStageAt(page: Page, reference: ShellReference, tick: number, seek = true): Promise<void> {
  if (seek) await seekTo(page, tick);
  else await waitForDrawnTick(page, tick);
  expect(await clock(page)).toEqual({ tick, head: reference.headTick });
  const rows = reference.describeAt(tick);
  // The table: Group, Topic, Partition, Committed, Log end, Lag, Member — describe's columns.
  const table = await stateTable(page);
  expect(table, `table at tick ${tick}`).toEqual(rows.map((r) => [r.group, r.topic, r.partition, r.committed, r.logEnd, r.lag, r.clientId]));
  const drawn = await drawing(page);
  // Tapes: one per partition, its log start and high watermark as kafka-get-offsets prints them
  // (earliest, latest: with one replica the high watermark is the log end), and every offset of
  // its log either drawn as a record cell or counted in an elided gap.
  const offsets = reference.offsetsAt(tick);
  expect(new Map(drawn.tapes.map((t) => [t.partition, { logStart: t.logStart, logEnd: t.highWatermark }])), `tapes at tick ${tick}`).toEqual(offsets);
  for (const tape of drawn.tapes) expect(tape.cells + tape.gaps, `records of ${tape.partition} at tick ${tick}`).toBe(tape.logEnd - tape.logStart);
  // Committed markers and lag numbers: the CURRENT-OFFSET and LAG columns, wherever they are not "-".
  const sort = <T extends { group: string; partition: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (a.group + a.partition).localeCompare(b.group + b.partition));
  const committedRows = rows.filter((r) => r.committed !== '-');
  expect(sort(drawn.committed), `committed markers at tick ${tick}`).toEqual(
    sort(committedRows.map((r) => ({ group: r.group, partition: `${r.topic}-${r.partition}`, offset: Number(r.committed) }))),
  );
  expect(sort(drawn.lags), `lags at tick ${tick}`).toEqual(
    sort(rows.filter((r) => r.lag !== '-').map((r) => ({ group: r.group, partition: `${r.topic}-${r.partition}`, text: r.lag }))),
  );
}

describe.each(lessons)('lesson $file', ({ file, path }) => {
  const reference = shellReference(file);

  it('renders every kafka cell with exactly the text the lesson checker runs', async () => {
    const opened = await openPage(browser, path);
    const codes = await opened.page.locator('kafka-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-code')));
    expect(codes).toEqual(extractKafkaCells(readFileSync(file, 'utf8')).map((c) => c.code));
    await opened.context.close();
  });

  it('runs all cells, prints what the transcripts say, and draws the shell’s state at every tick visited', async () => {
    const opened = await openPage(browser, path);
    const { page } = opened;
    await waitForStage(page);
    await runAll(page);
    // No cell's output differs from its transcript.
    expect(await page.locator('kafka-cell .line.differs').count()).toBe(0);
    expect(await page.locator('kafka-cell[data-status="error"]').count()).toBe(0);
    // The clock plays the ticks the cells covered; seeking pauses it. Visit ticks across the whole history.
    const head = reference.headTick;
    const ticks = [...new Set([head, 0, 1, Math.floor(head / 3), Math.floor(head / 2), head - 1, head].filter((t) => t >= 0 && t <= head))];
    for (const tick of ticks) await expectStageAt(page, reference, tick);
    // Step forward and back by the buttons, as a reader does.
    await seekTo(page, Math.floor(head / 2));
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStageAt(page, reference, Math.floor(head / 2) + 1, false);
    await page.getByRole('button', { name: 'Step back' }).click();
    await page.getByRole('button', { name: 'Step back' }).click();
    await expectStageAt(page, reference, Math.floor(head / 2) - 1, false);
    expectNoErrors(opened);
    await opened.context.close();
  });
});
