/**
 * Transactions and compaction on the stage, in a real browser. An exactly-once processor crashes
 * mid-transaction and restarts; a compacted topic gets a tombstone. Expected values come from the
 * shell run here in Node (kafka-transactions describe-producers, a read_committed console
 * consumer, a console consumer of the compacted topic), never from the page. Screenshots at 1280
 * and 390 px, light and dark, go to test-results/screenshots; axe finds nothing.
 */
import { mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCell, ShellSession } from '../../engine/index.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { launchChromium } from './chromium.ts';
import { BILLING_MID_TRANSACTION, COMPACTED_CUSTOMERS } from '../stories.ts';
import { clock, expectNoErrors, openPage, seekTo, waitForDrawnTick, waitForStage, axeViolations } from './stage-page.ts';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const SEED = 1;
const CELLS = [BILLING_MID_TRANSACTION, 'sim crash billing\nsim tick 3', 'sim restart billing\nsim run', COMPACTED_CUSTOMERS];

function link(): string {
  const notebook = { v: 1, engine: ENGINE_VERSION, seed: SEED, cells: CELLS, ops: CELLS.map((_, cell) => ({ op: 'cell', cell })) };
  return `playground/#nb1.${deflateRawSync(Buffer.from(JSON.stringify(notebook))).toString('base64url')}`;
}

/** What `command` prints (stdout) after `cells`, in a fresh Node session. */
function printed(cells: readonly string[], command: string): string[] {
  const session = ShellSession.create({ seed: SEED });
  for (const cell of cells) expect(runCell(session, cell).errors).toEqual([]);
  return session.run(command).outcomes.flatMap((o) => o.output.filter((l) => l.stream === 'stdout').map((l) => l.text));
}

/** The tick the world reached after `cells`. */
function tickAfter(cells: readonly string[]): number {
  const session = ShellSession.create({ seed: SEED });
  for (const cell of cells) runCell(session, cell);
  return session.timeline.headTick;
}

async function openStory(options: Parameters<typeof openPage>[2] = {}) {
  const opened = await openPage(browser, link(), { reducedMotion: 'reduce', ...options });
  const { page } = opened;
  await page.getByRole('button', { name: 'Open it' }).click();
  await waitForStage(page);
  const head = tickAfter(CELLS);
  await expect.poll(async () => (await clock(page)).head, { timeout: 20_000 }).toBe(head);
  await waitForDrawnTick(page, head);
  return { ...opened, head };
}

const tape = (page: Page, name: string) => page.locator(`svg.stage-drawing g.tape[data-partition="${name}"]`);

describe('transactions and compaction on the stage', () => {
  it('mid-transaction the tape draws the open records and the LSO where describe-producers says the transaction starts', async () => {
    const opened = await openStory();
    const { page } = opened;
    const crashTick = tickAfter(CELLS.slice(0, 2));
    await seekTo(page, crashTick);
    const producers = printed(CELLS.slice(0, 2), 'kafka-transactions describe-producers --topic invoices --partition 0');
    const start = producers[1]
      ?.split('\t')
      .filter((c) => c !== '')
      .at(-1)
      ?.trim();
    expect(await tape(page, 'invoices-0').getAttribute('data-last-stable')).toBe(start);
    expect(await tape(page, 'invoices-0').locator('g.record[data-txn="open"]').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.stage-drawing g.partition-row[data-partition="invoices-0"] line.lso').getAttribute('class')).toBe('lso');
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('at the end, markers and aborted records are drawn, and the readable cells are what a read_committed consumer prints', async () => {
    const opened = await openStory();
    const { page } = opened;
    const invoices = tape(page, 'invoices-0');
    const markers = await invoices
      .locator('g.record[data-marker="ABORT"], g.record[data-marker="COMMIT"]')
      .evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-offset')}:${c.getAttribute('data-marker')}`));
    const readable = await invoices
      .locator('g.record')
      .evaluateAll((cells) =>
        cells
          .filter((c) => c.getAttribute('data-marker') === '' && ['', 'committed'].includes(c.getAttribute('data-txn') ?? ''))
          .map((c) => `Offset:${c.getAttribute('data-offset')}`),
      );
    const consumer = printed(CELLS, 'kafka-console-consumer --topic invoices --from-beginning --isolation-level read_committed --property print.offset=true');
    expect(readable).toEqual(consumer.map((l) => l.split('\t')[0]));
    // The printed offsets skip exactly the marker cells and the aborted ones.
    expect(markers.length).toBe(2);
    expect(await invoices.locator('g.record[data-txn="aborted"]').count()).toBeGreaterThan(0);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('the compacted topic’s table is the latest value per key a console consumer from the beginning ends with', async () => {
    const opened = await openStory();
    const { page } = opened;
    const rows = await page.locator('.stage-compacted-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    const latest = new Map<string, string>();
    for (const line of printed(CELLS, 'kafka-console-consumer --topic customers --from-beginning --property print.key=true')) {
      const [key, value] = line.split('\t') as [string, string];
      latest.delete(key);
      if (value !== 'null') latest.set(key, value);
    }
    expect(rows.map((r) => [r[1], r[2]])).toEqual([...latest]);
    expect(await tape(page, 'customers-0').locator('line.segment-start').count()).toBeGreaterThan(0);
    expect(await tape(page, 'customers-0').locator('g.gap.cleaned').count()).toBeGreaterThan(0);
    expectNoErrors(opened);
    await opened.context.close();
  });

  for (const [width, scheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const) {
    it(`at ${width} px in the ${scheme} scheme, mid-transaction and at the end: axe finds nothing`, async () => {
      const opened = await openStory({ width, colorScheme: scheme });
      const { page } = opened;
      await page.locator('lesson-stage').screenshot({ path: `${SHOTS}/transactions-end-${width}-${scheme}.png` });
      expect(await axeViolations(page)).toEqual([]);
      await seekTo(page, tickAfter(CELLS.slice(0, 2)));
      await page.locator('lesson-stage').screenshot({ path: `${SHOTS}/transactions-open-${width}-${scheme}.png` });
      expect(await axeViolations(page)).toEqual([]);
      expectNoErrors(opened);
      await opened.context.close();
    });
  }
});
