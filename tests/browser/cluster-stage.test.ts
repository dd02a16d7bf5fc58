/**
 * The cluster on the stage, in a real browser: brokers as boxes, each partition's replicas as
 * lanes under its tape, the partitions table; crashing the leader from its button issues
 * `sim broker crash`, and after the broker session timeout the table names the leader the shell
 * names. Expected rows come from the shell's own `kafka-topics --describe`, run here in Node.
 * Screenshots at 1280 and 390 px, light and dark, go to test-results/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCell, ShellSession } from '../../engine/index.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { launchChromium } from './chromium.ts';
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
const CELLS = [
  'sim cluster --brokers 3\nkafka-topics --create --topic orders --partitions 2 --replication-factor 3 --config min.insync.replicas=2',
  'sim producer start web --topic orders --acks all --count 40\nsim tick 12',
];

/** A playground link to the cells, both run, made here with Node's zlib (independent of the page's encoder). */
function link(): string {
  const notebook = {
    v: 1,
    engine: ENGINE_VERSION,
    seed: SEED,
    cells: CELLS,
    ops: [
      { op: 'cell', cell: 0 },
      { op: 'cell', cell: 1 },
    ],
  };
  return `playground/#nb1.${deflateRawSync(Buffer.from(JSON.stringify(notebook))).toString('base64url')}`;
}

/**
 * The shell's `kafka-topics --describe` partition lines after `commands`, as the table's columns
 * (Topic … LastKnownElr), with the high watermark and log end that `kafka-get-offsets` and the
 * world give beside them.
 */
function shellPartitions(commands: readonly string[]): string[][] {
  const session = ShellSession.create({ seed: SEED });
  for (const text of commands) expect(runCell(session, text).errors).toEqual([]);
  const described = runCell(session, 'kafka-topics --describe --topic orders');
  const lines = described.steps.flatMap((s) => s.output.map((l) => l.text)).filter((l) => l.startsWith('\tTopic:'));
  return lines.map((line) => {
    const field = (name: string) => new RegExp(`\\t${name}: ([^\\t]*)`).exec(line)?.[1] ?? '?';
    const p = session.timeline.world.topics.get('orders')?.partitions[Number(field('Partition'))];
    return [
      field('Topic'),
      field('Partition'),
      field('Leader'),
      field('Replicas'),
      field('Isr'),
      field('Elr'),
      field('LastKnownElr'),
      String(p?.highWatermark),
      String(p?.logEndOffset),
    ];
  });
}

async function partitionTable(page: Page): Promise<string[][]> {
  return page.locator('.stage-partition-table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
}

async function openCluster(options: Parameters<typeof openPage>[2] = {}) {
  const opened = await openPage(browser, link(), { reducedMotion: 'reduce', ...options });
  const { page } = opened;
  await page.getByRole('button', { name: 'Open it' }).click();
  await waitForStage(page);
  await expect.poll(async () => (await clock(page)).head, { timeout: 15_000 }).toBe(12);
  await waitForDrawnTick(page, 12);
  return opened;
}

describe('the cluster on the stage', () => {
  it('draws every broker and every replica, and its partitions table is what kafka-topics --describe prints', async () => {
    const opened = await openCluster();
    const { page } = opened;
    expect(await page.locator('svg.stage-drawing g.broker').count()).toBe(3);
    expect(await page.locator('svg.stage-drawing g.partition-row').count()).toBe(2);
    expect(await page.locator('svg.stage-drawing g.replica-lane').count()).toBe(6);
    expect(await partitionTable(page)).toEqual(shellPartitions(CELLS));
    // Each lane's bar ends where its broker's log ends, which the lane carries: the leader's is the tape's.
    const leaderEnds = await page
      .locator('svg.stage-drawing g.partition-row')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('.tape')?.getAttribute('data-log-end'), r.querySelector('.replica-lane.leader')?.getAttribute('data-log-end')]),
      );
    for (const [tape, leader] of leaderEnds) expect(leader).toBe(tape);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('crashing the leader from its button fences it after the session timeout; the new leader is the shell’s', async () => {
    const opened = await openCluster();
    const { page } = opened;
    const leader = (await partitionTable(page))[0]?.[2] ?? '?';
    await page.getByRole('button', { name: `Crash broker ${leader}` }).click();
    await page.getByText(`you ran sim broker crash ${leader} at tick 12`).waitFor();
    // Before the controller notices, the crashed broker still leads (Kafka's metadata still names it).
    expect(await partitionTable(page)).toEqual(shellPartitions([...CELLS, `sim broker crash ${leader}`]));
    await page.getByRole('button', { name: `Restart broker ${leader}` }).waitFor();
    // Play past the fence (6 ticks): step forward to tick 19.
    for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await waitForDrawnTick(page, 19);
    const expected = shellPartitions([...CELLS, `sim broker crash ${leader}`, 'sim tick 7']);
    expect(await partitionTable(page)).toEqual(expected);
    expect(expected.every((row) => row[2] !== leader)).toBe(true);
    expect(await page.locator(`svg.stage-drawing g.broker[data-broker="${leader}"]`).getAttribute('class')).toContain('crashed');
    expect(await page.locator('.stage-narration').textContent()).toBeTruthy();
    // Back before the crash, the drawing is the state there again.
    await seekTo(page, 12);
    expect(await partitionTable(page)).toEqual(shellPartitions([...CELLS, `sim broker crash ${leader}`]));
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('an offline partition is dimmed and says so; a crashed old leader shows the records the new leader lacks', async () => {
    // Worked with the CLI for seed 1: orders-0 lives on brokers 3 (leader) and 1; broker 3 dies
    // with an acks=1 record broker 1 never copied, 1 leads, then 1 dies too: orders-0 is offline.
    const cells = [
      'sim cluster --brokers 3\nkafka-topics --create --topic orders --partitions 2 --replication-factor 2',
      'sim producer start web --topic orders --acks 1 --count 60 --keys a,b,c,d\nsim tick 10',
      'sim broker crash 3\nsim tick 8',
      'sim broker crash 1\nsim tick 8',
    ];
    const notebook = { v: 1, engine: ENGINE_VERSION, seed: 1, cells, ops: cells.map((_, cell) => ({ op: 'cell', cell })) };
    const opened = await openPage(browser, `playground/#nb1.${deflateRawSync(Buffer.from(JSON.stringify(notebook))).toString('base64url')}`, {
      reducedMotion: 'reduce',
      colorScheme: 'dark',
    });
    const { page } = opened;
    await page.getByRole('button', { name: 'Open it' }).click();
    await waitForStage(page);
    await expect.poll(async () => (await clock(page)).head, { timeout: 15_000 }).toBe(26);
    await waitForDrawnTick(page, 26);
    const row = page.locator('svg.stage-drawing g.partition-row[data-partition="orders-0"]');
    expect(await row.getAttribute('class')).toContain('offline');
    expect(await row.locator('tspan.offsets').textContent()).toContain('offline: no leader');
    // Broker 3's copy ends past what broker 1 had when it took over: that tail is drawn as diverged.
    const diverged = await row.locator('g.replica-lane[data-broker="3"] rect.diverged').getAttribute('width');
    expect(Number(diverged)).toBeGreaterThan(0);
    expect((await partitionTable(page))[0]?.slice(2, 7)).toEqual(['none', '3,1', '', '1', '1']);
    await page.locator('lesson-stage').screenshot({ path: `${SHOTS}/cluster-offline-1280-dark.png` });
    expectNoErrors(opened);
    await opened.context.close();
  });

  for (const [width, scheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const) {
    it(`at ${width} px in the ${scheme} scheme: a broker down, axe finds nothing`, async () => {
      const opened = await openCluster({ width, colorScheme: scheme });
      const { page } = opened;
      await page.getByRole('button', { name: 'Crash broker 2' }).click();
      await page.getByText('you ran sim broker crash 2 at tick 12').waitFor();
      for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Step forward' }).click();
      await waitForDrawnTick(page, 19);
      await page.locator('lesson-stage').screenshot({ path: `${SHOTS}/cluster-${width}-${scheme}.png` });
      expect(await axeViolations(page)).toEqual([]);
      expectNoErrors(opened);
      await opened.context.close();
    });
  }
});
