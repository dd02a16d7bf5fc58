/**
 * Driving a built page the way a reader does (roles and names first), and reading back what the
 * stage shows: the tick, the state table, and the drawing's test hooks (data attributes on the
 * SVG's tapes and markers).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseScript, type ShellSession } from '../../engine/index.ts';

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[];
}

export interface PageOptions {
  readonly width?: number;
  readonly height?: number;
  readonly colorScheme?: 'light' | 'dark';
  readonly reducedMotion?: 'reduce' | 'no-preference';
}

/** Opens `path` (relative to the site root) in a fresh context, collecting errors. */
export async function openPage(browser: Browser, path: string, options: PageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(new URL(path, inject('siteUrl')).href);
  return { context, page, errors };
}

/** Waits until the stage's engine answered and its buttons work. */
export async function waitForStage(page: Page): Promise<void> {
  await page.locator('lesson-stage[data-ready="true"]').waitFor({ timeout: 15_000 });
}

/** The tick shown and the head, from the readout ("tick 12 of 86"). */
export async function clock(page: Page): Promise<{ tick: number; head: number }> {
  const text = (await page.locator('.stage-tick-readout').textContent()) ?? '';
  const m = /tick (\d+) of (\d+)/.exec(text);
  if (!m) throw new Error(`unexpected readout ${JSON.stringify(text)}`);
  return { tick: Number(m[1]), head: Number(m[2]) };
}

/** Waits until the drawing shows tick `tick` (its accessible name names the tick it draws). */
export async function waitForDrawnTick(page: Page, tick: number): Promise<void> {
  await page.waitForFunction(
    (t) => document.querySelector('.stage-drawing')?.getAttribute('aria-label')?.startsWith(`The world at tick ${t}:`) ?? false,
    tick,
    { timeout: 10_000 },
  );
}

/** Presses "Run all" and waits until every cell has run and the engine is idle. */
export async function runAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'ran'), undefined, {
    timeout: 30_000,
  });
}

/** Presses Run on cell `index` (running the cells above it first) and waits until it reached `status`. */
export async function runCellOnPage(page: Page, index: number, status: 'ran' | 'error' = 'ran'): Promise<void> {
  await page.locator(`kafka-cell[data-cell="${index}"]`).getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(([i, s]) => document.querySelector(`kafka-cell[data-cell="${i}"]`)?.getAttribute('data-status') === s, [index, status] as const, {
    timeout: 30_000,
  });
}

/** Moves the Tick slider as a pointer or keyboard would, and waits for that tick to be drawn. */
export async function seekTo(page: Page, tick: number): Promise<void> {
  await page.getByRole('slider', { name: 'Tick' }).evaluate((input, t) => {
    const range = input as HTMLInputElement;
    range.value = String(t);
    range.dispatchEvent(new Event('input', { bubbles: true }));
  }, tick);
  await waitForDrawnTick(page, tick);
}

/** The state table's rows, as text cells. */
export async function stateTable(page: Page): Promise<string[][]> {
  return page
    .locator('.stage-table:not(.stage-partition-table):not(.stage-compacted-table) tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
}

export interface Drawing {
  readonly tapes: { partition: string; logStart: number; logEnd: number; highWatermark: number; cells: number; gaps: number }[];
  readonly committed: { group: string; partition: string; offset: number }[];
  readonly lags: { group: string; partition: string; text: string }[];
  readonly members: { consumer: string; status: string }[];
}

/** What the SVG draws, read from its test hooks. */
export async function drawing(page: Page): Promise<Drawing> {
  return page.locator('.stage-drawing').evaluate((svg) => {
    const num = (el: Element, name: string) => Number(el.getAttribute(name));
    const tapes = [...svg.querySelectorAll('g.tape')].map((t) => ({
      partition: t.getAttribute('data-partition') ?? '',
      logStart: num(t, 'data-log-start'),
      logEnd: num(t, 'data-log-end'),
      highWatermark: num(t, 'data-high-watermark'),
      cells: t.querySelectorAll('.record[data-offset]').length,
      gaps: [...t.querySelectorAll('g.gap')].reduce((n, g) => n + num(g, 'data-to') - num(g, 'data-from'), 0),
    }));
    const committed = [...svg.querySelectorAll('g.committed')].map((m) => ({
      group: m.getAttribute('data-group') ?? '',
      partition: m.getAttribute('data-partition') ?? '',
      offset: num(m, 'data-offset'),
    }));
    const lags = [...svg.querySelectorAll('text.lag')].map((l) => ({
      group: l.getAttribute('data-group') ?? '',
      partition: l.getAttribute('data-partition') ?? '',
      text: (l.textContent ?? '').trim(),
    }));
    const members = [...svg.querySelectorAll('g.member')].map((m) => ({
      consumer: m.getAttribute('data-consumer') ?? '',
      status: m.getAttribute('data-status') ?? '',
    }));
    return { tapes, committed, lags, members };
  });
}

/** Fails with the collected errors, if any. */
export function expectNoErrors(opened: OpenedPage): void {
  expect(opened.errors, 'console errors').toEqual([]);
}

/**
 * What `kafka-consumer-groups --describe --group G` prints in `session`, as the state table's
 * columns (Group, Topic, Partition, Committed, Log end, Lag, Member): the shell's side of every
 * "the stage shows what the shell prints" check.
 */
export function shellStateRows(session: ShellSession, group: string): string[][] {
  const parsed = parseScript(`kafka-consumer-groups --describe --group ${group}`);
  if (!parsed.ok) throw new Error('describe does not parse');
  const printed = parsed.commands.flatMap((c) =>
    session
      .execute(c)
      .output.filter((l) => l.stream === 'stdout')
      .map((l) => l.text),
  );
  return printed
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length === 9 && cols[0] === group)
    .map(([g, topic, partition, committed, logEnd, lag, , , clientId]) => [g, topic, partition, committed, logEnd, lag, clientId] as string[]);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds on the page, one line per violation: its id, its help and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
