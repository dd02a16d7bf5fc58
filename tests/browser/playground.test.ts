/**
 * The playground in a real browser: a notebook survives a reload; a share link opened in a fresh
 * browser shows the same stage at the same tick; hostile and broken links are refused or shown
 * as inert text (and no script of theirs runs); an unreadable save is kept and offered; the
 * exports run in the CLI as they ran on the page; the keyboard alone edits, runs and reorders;
 * the embed page shows a link's scenario. Expected states come from the shell, run here in Node.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseScript, runCell, ShellSession } from '../../engine/index.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { STARTERS } from '../../site/playground/starters.ts';
import { launchChromium } from './chromium.ts';
import {
  clock,
  drawing,
  expectNoErrors,
  openPage,
  seekTo,
  shellStateRows,
  stateTable,
  waitForDrawnTick,
  waitForStage,
  type OpenedPage,
  axeViolations,
} from './stage-page.ts';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'streamlab-playground-'));
const CRASH = STARTERS[0];
if (CRASH?.id !== 'crash-and-resume') throw new Error('the first starter is expected to be crash-and-resume');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// --- helpers --------------------------------------------------------------------------------

async function openPlayground(path = 'playground/', options: Parameters<typeof openPage>[2] = {}): Promise<OpenedPage> {
  const opened = await openPage(browser, path, { reducedMotion: 'reduce', ...options });
  await waitForStage(opened.page);
  return opened;
}

const cell = (page: Page, i: number) => page.locator(`.pg-cell[data-cell="${i}"]`);

/** The editors' texts, line by line as CodeMirror shows them. */
async function cellTexts(page: Page): Promise<string[]> {
  return page
    .locator('.pg-cell .cm-content')
    .evaluateAll((editors) =>
      editors.map((e) => [...e.querySelectorAll('.cm-line')].map((l) => (l.textContent === '\u200b' ? '' : (l.textContent ?? ''))).join('\n')),
    );
}

/** What each cell printed (its output pane), lines joined. */
async function cellOutputs(page: Page): Promise<string[]> {
  return page
    .locator('.pg-cell .pg-output')
    .evaluateAll((outs) => outs.map((o) => [...o.querySelectorAll('.line')].map((l) => (l.textContent === '\u200b' ? '' : (l.textContent ?? ''))).join('\n')));
}

async function statuses(page: Page): Promise<string[]> {
  return page.locator('.pg-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status') ?? ''));
}

async function waitForStatuses(page: Page, expected: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const got = [...document.querySelectorAll('.pg-cell')].map((c) => c.getAttribute('data-status'));
      return got.length === want.length && got.every((s, i) => s === want[i]);
    },
    expected,
    { timeout: 30_000 },
  );
}

/** Replaces cell `i`'s text as a reader would: focus, select all, type. */
async function typeInto(page: Page, i: number, text: string): Promise<void> {
  await cell(page, i).locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

async function runAllCells(page: Page, count: number): Promise<void> {
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await waitForStatuses(
    page,
    Array.from({ length: count }, () => 'ran'),
  );
}

async function notices(page: Page): Promise<string> {
  return (await page.locator('.pg-notices').textContent()) ?? '';
}

/** What the shell's describe prints for `group` after `cells` (a fresh world of `seed`), as the state table's columns. */
function shellTable(seed: number, cells: readonly string[], group: string): string[][] {
  const session = ShellSession.create({ seed });
  for (const text of cells) expect(runCell(session, text).errors).toEqual([]);
  return shellStateRows(session, group);
}

/** A link fragment made here, independently of the page's encoder: raw deflate, base64url. */
function fragmentOf(value: unknown): string {
  return `nb1.${deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url')}`;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(work, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/**
 * Everything the drawing says, in a canonical order: its name (which sums up the world) and every
 * text and record it draws. (Element order inside a layer follows the drawing's history, which a
 * page that got there another way need not share.)
 */
async function drawnWords(page: Page): Promise<{ label: string | null; texts: string[] }> {
  return page.locator('.stage-drawing').evaluate((svg) => ({
    label: svg.getAttribute('aria-label'),
    texts: [...svg.querySelectorAll('text, [data-offset], [data-activity]')]
      .map(
        (el) => `${el.getAttribute('class') ?? ''}|${el.textContent ?? ''}|${el.getAttribute('data-offset') ?? ''}|${el.getAttribute('data-activity') ?? ''}`,
      )
      .sort(),
  }));
}

async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share link' }).click();
  const text = page.locator('.pg-share-text');
  await expect.poll(() => text.inputValue()).toContain('#nb1.');
  return text.inputValue();
}

// --- the notebook is kept ---------------------------------------------------------------------

describe('the notebook is kept', () => {
  it('edit, run, reload: the cells, their output and the stage are as they were, and as the shell says', async () => {
    const opened = await openPlayground();
    const { page } = opened;
    await page.locator('.pg-starter').selectOption('empty');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await waitForStatuses(page, ['idle']);
    const first =
      'kafka-topics --create --topic orders --partitions 3\nkafka-console-producer --topic orders --property parse.key=true --property key.separator=: <<EOF\nalice:espresso\nbob:latte\ncarol:mocha\nEOF';
    const second = 'sim consumer start shipping --group ship --topic orders --commit after --offset-reset earliest\nsim run';
    await typeInto(page, 0, first);
    await page.keyboard.press('Shift+Enter');
    await waitForStatuses(page, ['ran']);
    await page.getByRole('button', { name: 'Add cell' }).click();
    // The new cell takes the focus: type straight into it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Cell 2: Kafka shell commands');
    await page.keyboard.insertText(second);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Enter');
    await waitForStatuses(page, ['ran', 'ran']);
    const expected = shellTable(1, [first, second], 'ship');
    expect(expected.length).toBe(3);
    await seekTo(page, (await clock(page)).head);
    expect(await stateTable(page)).toEqual(expected);
    const outputs = await cellOutputs(page);
    expect(outputs[0]).toBe('Created topic orders.');
    const before = { texts: await cellTexts(page), outputs, clock: await clock(page) };

    await page.reload();
    await waitForStage(page);
    await waitForStatuses(page, ['ran', 'ran']);
    expect(await cellTexts(page)).toEqual([first, second]);
    expect(before.texts).toEqual([first, second]);
    expect(await cellOutputs(page)).toEqual(before.outputs);
    expect(await clock(page)).toEqual(before.clock);
    expect(await stateTable(page)).toEqual(expected);
    expectNoErrors(opened);
    await opened.context.close();
  });

  it('an unreadable save is kept aside, offered for download, and survives a reload until the reader deletes it', async () => {
    const raw = '{"v":1,"engine":"0.1.0","seed":';
    const context = await browser.newContext();
    // Only the first load finds the damaged save (as if an older tab had written it).
    await context.addInitScript((text) => {
      if (sessionStorage.getItem('seeded') === null) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('streamlab:playground', text);
      }
    }, raw);
    const page = await context.newPage();
    await page.goto(new URL('playground/', inject('siteUrl')).href);
    await waitForStage(page);
    await expect.poll(() => notices(page)).toContain('Your saved notebook is damaged');
    const offered = await download(page, () => page.locator('.pg-notice[data-key="unreadable"]').getByRole('button', { name: 'Download it' }).click());
    expect(offered.text).toBe(raw);
    // The page opened the first starter instead, and saved it where the damaged text was.
    await expect.poll(() => cellTexts(page)).toEqual(CRASH.cells);
    expect(await page.evaluate(() => localStorage.getItem('streamlab:playground:unreadable:1'))).toBe(raw);

    await page.reload();
    await waitForStage(page);
    const rescued = page.locator('.pg-notice', { hasText: 'could not read is kept' });
    await rescued.waitFor();
    expect((await download(page, () => rescued.getByRole('button', { name: 'Download it' }).click())).text).toBe(raw);
    await rescued.getByRole('button', { name: 'Delete it from this browser' }).click();
    await page.reload();
    await waitForStage(page);
    await expect.poll(() => cellTexts(page)).toEqual(CRASH.cells);
    expect(await page.locator('.pg-notice', { hasText: 'could not read is kept' }).count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('streamlab:playground:unreadable:1'))).toBeNull();
    await context.close();
  });
});

// --- share links --------------------------------------------------------------------------------

describe('share links', () => {
  it('round-trip into a fresh browser: the same cells, actions, tick, state table and drawing', async () => {
    const a = await openPlayground();
    await runAllCells(a.page, 4);
    const { head } = await clock(a.page);
    await seekTo(a.page, head);
    await a.page.getByRole('button', { name: 'Crash ledger' }).click();
    await a.page.getByText(`you ran sim crash ledger at tick ${head}`).waitFor();
    await seekTo(a.page, 50);
    const link = await shareLink(a.page);
    const shown = {
      table: await stateTable(a.page),
      drawing: await drawing(a.page),
      words: await drawnWords(a.page),
      narration: await a.page.locator('.stage-narration').textContent(),
    };

    // A fresh context: no saved notebook, nothing shared but the link.
    const b = await openPage(browser, link, { reducedMotion: 'reduce' });
    const preview = b.page.locator('.pg-preview');
    await preview.waitFor();
    expect(await preview.locator('.pg-preview-code').allTextContents()).toEqual(CRASH.cells);
    expect(await preview.locator('.pg-preview-actions li').allTextContents()).toEqual([`at tick ${head}: sim crash ledger`]);
    // Nothing ran before the reader said so.
    expect(await statuses(b.page)).toEqual(['idle', 'idle', 'idle', 'idle']);
    await b.page.getByRole('button', { name: 'Open it' }).click();
    await waitForStatuses(b.page, ['ran', 'ran', 'ran', 'ran']);
    await waitForDrawnTick(b.page, 50);
    expect(await clock(b.page)).toEqual({ tick: 50, head });
    expect(await stateTable(b.page)).toEqual(shown.table);
    expect(await drawing(b.page)).toEqual(shown.drawing);
    expect(await drawnWords(b.page)).toEqual(shown.words);
    expect(await b.page.locator('.stage-narration').textContent()).toBe(shown.narration);
    expect(await b.page.evaluate(() => location.hash)).toBe('');
    // At the head, the world is the shell's after the four cells and the crash.
    await seekTo(b.page, head);
    expect(await stateTable(b.page)).toEqual(shellTable(CRASH.seed, [...CRASH.cells, 'sim crash ledger'], 'accounting'));
    expectNoErrors(a);
    expectNoErrors(b);
    await a.context.close();
    await b.context.close();
  });

  it('hostile values are shown as text and never run: script tags, event handlers, javascript: URLs', async () => {
    const hostile = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">', 'javascript:window.__pwned = 3'];
    const link = fragmentOf({
      v: 1,
      engine: ENGINE_VERSION,
      seed: 1,
      cells: hostile,
      ops: [{ op: 'act', command: '<svg onload="window.__pwned = 4">', tick: 0 }],
    });
    const opened = await openPlayground(`playground/#${link}`);
    const { page } = opened;
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const preview = page.locator('.pg-preview');
    await preview.waitFor();
    expect(await preview.locator('.pg-preview-code').allTextContents()).toEqual(hostile);
    expect(await preview.locator('.pg-preview-actions li').allTextContents()).toEqual(['at tick 0: <svg onload="window.__pwned = 4">']);
    await page.getByRole('button', { name: 'Open it' }).click();
    await expect.poll(() => cellTexts(page)).toEqual(hostile);
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await waitForStatuses(page, ['error', 'idle', 'idle']);
    const inert = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      injected: document.querySelectorAll('[data-playground] script, [data-playground] img, lesson-stage img, lesson-stage script, [onerror], [onload]').length,
    }));
    expect(inert).toEqual({ pwned: null, injected: 0 });
    expect(dialogs).toBe(0);
    await opened.context.close();
  });

  it('a link from another engine version says so, and opens its cells without replaying its steps', async () => {
    const link = fragmentOf({ v: 1, engine: '0.0.1', seed: CRASH.seed, cells: CRASH.cells, ops: [{ op: 'cell', cell: 0 }], tick: 3 });
    const opened = await openPlayground(`playground/#${link}`);
    const { page } = opened;
    await page.locator('.pg-preview').waitFor();
    expect(await page.locator('.pg-preview-summary').textContent()).toContain(`made by Streamlab's engine 0.0.1; this page runs ${ENGINE_VERSION}`);
    await page.getByRole('button', { name: 'Open it' }).click();
    await expect.poll(() => cellTexts(page)).toEqual(CRASH.cells);
    expect(await statuses(page)).toEqual(['idle', 'idle', 'idle', 'idle']);
    expect(await clock(page)).toEqual({ tick: 0, head: 0 });
    expectNoErrors(opened);
    await opened.context.close();
  });

  const BROKEN: readonly (readonly [string, string, string])[] = [
    ['a payload over the size limit', `nb1.${'A'.repeat(300_000)}`, 'This link is too long to be a notebook'],
    [
      'a 10 MB notebook packed small',
      fragmentOf({ v: 1, engine: ENGINE_VERSION, seed: 1, cells: ['x'.repeat(10_000_000)], ops: [] }),
      'too large once unpacked',
    ],
    ['broken compression', `nb1.${Buffer.alloc(64, 0xff).toString('base64url')}`, 'cannot be unpacked'],
    ['a wrong schema version', fragmentOf({ v: 2, engine: ENGINE_VERSION, seed: 1, cells: ['sim tick 1'], ops: [] }), 'is not one Streamlab can open'],
    [
      'a cell index it does not have',
      fragmentOf({ v: 1, engine: ENGINE_VERSION, seed: 1, cells: ['sim tick 1'], ops: [{ op: 'cell', cell: 5 }] }),
      'runs a cell it does not have',
    ],
    ['not a notebook at all', '<script>window.__pwned=1</script>', 'does not carry a Streamlab notebook'],
  ];

  it.each(BROKEN)('%s: refused with a message, nothing opened, the notebook unchanged', async (_name, fragment, message) => {
    const opened = await openPlayground(`playground/#${fragment}`);
    const { page } = opened;
    await expect.poll(() => notices(page)).toContain(message);
    expect(await page.locator('.pg-preview').isHidden()).toBe(true);
    expect(await cellTexts(page)).toEqual(CRASH.cells);
    expect(await page.evaluate(() => ({ hash: location.hash, pwned: (window as unknown as { __pwned?: number }).__pwned ?? null }))).toEqual({
      hash: '',
      pwned: null,
    });
    expectNoErrors(opened);
    await opened.context.close();
  });
});

// --- exports ------------------------------------------------------------------------------------

describe('exports', () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    opened = await openPlayground();
    await runAllCells(opened.page, 4);
  });
  afterAll(async () => {
    await opened.context.close();
  });

  it('the .kafka script, run by streamlab run, prints what the notebook printed', async () => {
    const { page } = opened;
    const file = await download(page, () => page.getByRole('button', { name: 'Export .kafka' }).click());
    expect(file.name).toBe('notebook.kafka');
    const path = join(work, 'notebook.kafka');
    writeFileSync(path, file.text);
    expect(file.text).toContain(`npx streamlab run notebook.kafka --seed ${CRASH.seed}`);
    const printed = execFileSync(process.execPath, ['cli/streamlab.ts', 'run', path, '--seed', String(CRASH.seed)], { encoding: 'utf8' });
    const onPage = (await cellOutputs(page)).join('\n');
    expect(printed.trimEnd()).toBe(onPage.trimEnd());
  });

  it('the embed snippet frames the same scenario: its cells and the stage at the same tick', async () => {
    const { page } = opened;
    await seekTo(page, 30);
    await page.getByRole('button', { name: 'Embed' }).click();
    const snippet = page.locator('.pg-share-text');
    await expect.poll(() => snippet.inputValue()).toMatch(/^<iframe src="[^"]+\/playground\/embed\/#nb1\.[^"]+" title="Streamlab: a Kafka scenario"/);
    const src = /src="([^"]+)"/.exec(await snippet.inputValue())?.[1] ?? '';
    const table = await stateTable(page);
    const framed = await openPage(browser, src, { reducedMotion: 'reduce' });
    await framed.page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'ran'), undefined, {
      timeout: 30_000,
    });
    expect(await framed.page.locator('kafka-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-code')))).toEqual(CRASH.cells);
    await waitForDrawnTick(framed.page, 30);
    expect(await stateTable(framed.page)).toEqual(table);
    expectNoErrors(framed);
    await framed.context.close();
  });

  it('the lesson skeleton passes npm run check as written', async () => {
    const { page } = opened;
    const file = await download(page, () => page.getByRole('button', { name: 'Export lesson' }).click());
    const dir = mkdtempSync(join(work, 'lesson-'));
    const path = join(dir, '99-my-scenario.mdx');
    writeFileSync(path, file.text);
    // streamlab check exits non-zero on any problem, which execFileSync throws with its output.
    const out = execFileSync(process.execPath, ['cli/streamlab.ts', 'check', path], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^1 lesson\(s\), \d+ cell\(s\), 0 problem\(s\)$/);
  });
});

// --- keyboard, narrow screens, axe --------------------------------------------------------------

describe('keyboard and accessibility', () => {
  async function focusedName(page: Page): Promise<string> {
    return page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
    });
  }

  async function tabTo(page: Page, name: string, limit = 150): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedName(page)) === name) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('the keyboard alone edits, runs, leaves an editor and moves a cell, with the focus visible and kept', async () => {
    const opened = await openPlayground();
    const { page } = opened;
    await tabTo(page, 'Cell 1: Kafka shell commands');
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nkafka-topics --list');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Enter');
    await waitForStatuses(page, ['ran', 'idle', 'idle', 'idle']);
    expect((await cellOutputs(page))[0]?.split('\n').at(-1)).toBe('payments');
    // Tab leaves the editor (it is not swallowed as an indent).
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Output of cell 1');
    await tabTo(page, 'Move cell 2 up');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    // The cell moved and the focus went with it; the edited cell is now second, and ran cells were renumbered.
    await expect.poll(() => focusedName(page)).toBe('Move cell 1 down');
    const texts = await cellTexts(page);
    expect(texts[0]).toBe(CRASH.cells[1]);
    expect(texts[1]).toBe(`${CRASH.cells[0]}\nkafka-topics --list`);
    await waitForStatuses(page, ['idle', 'ran', 'idle', 'idle']);
    expectNoErrors(opened);
    await opened.context.close();
  });

  const VIEWS = [
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 390, height: 844, colorScheme: 'dark' },
  ] as const;

  it.each(VIEWS)('at $width px, $colorScheme: no axe violations and nothing sideways, with a link preview and after Run all', async (view) => {
    const link = fragmentOf({ v: 1, engine: ENGINE_VERSION, seed: 5, cells: CRASH.cells, ops: [] });
    const opened = await openPlayground(`playground/#${link}`, view);
    const { page } = opened;
    await page.locator('.pg-preview').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/playground-preview-${view.width}-${view.colorScheme}.png`, fullPage: true });
    await page.getByRole('button', { name: 'Keep my notebook' }).click();
    await runAllCells(page, 4);
    await page.getByRole('button', { name: 'Share link' }).click();
    await page.locator('.pg-share-text').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/playground-ran-${view.width}-${view.colorScheme}.png`, fullPage: true });
    expectNoErrors(opened);
    await opened.context.close();
  });
});

// --- embed --------------------------------------------------------------------------------------

describe('the embed page', () => {
  it('shows a link’s scenario: its cells as a lesson shows them, the stage at its tick, as the shell says', async () => {
    const ops = [0, 1, 2, 3].map((cellIndex) => ({ op: 'cell', cell: cellIndex }));
    const link = fragmentOf({ v: 1, engine: ENGINE_VERSION, seed: CRASH.seed, cells: CRASH.cells, ops, tick: 16 });
    for (const view of [
      { width: 1280, height: 800, colorScheme: 'light' },
      { width: 390, height: 844, colorScheme: 'dark' },
    ] as const) {
      const opened = await openPlayground(`playground/embed/#${link}`, view);
      const { page } = opened;
      await page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'ran'), undefined, {
        timeout: 30_000,
      });
      expect(await page.locator('kafka-cell').count()).toBe(4);
      await waitForDrawnTick(page, 16);
      expect(await stateTable(page)).toEqual(shellTable(CRASH.seed, [CRASH.cells[0] ?? '', CRASH.cells[1] ?? ''], 'accounting'));
      expect(await page.getByRole('link', { name: 'Open it in the Streamlab playground' }).getAttribute('href')).toMatch(new RegExp(`/playground/#${link}$`));
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/playground-embed-${view.width}-${view.colorScheme}.png`, fullPage: true });
      expectNoErrors(opened);
      await opened.context.close();
    }
  });

  it('refuses a broken link with its reason and runs nothing', async () => {
    const opened = await openPage(browser, `playground/embed/#nb1.${Buffer.alloc(64, 0xff).toString('base64url')}`);
    const { page } = opened;
    await expect.poll(() => page.locator('.pg-embed-problem').textContent()).toContain('cannot be unpacked');
    expect(await page.locator('kafka-cell').count()).toBe(0);
    await opened.context.close();
  });
});

// --- what if…? ---------------------------------------------------------------------------------

describe('what-if fork', () => {
  /** What the shell's ledger and describe say of `group` after `script` (a fresh world of `seed`): the fork table's four measures. */
  function shellMeasures(seed: number, script: string, group: string): string[] {
    const session = ShellSession.create({ seed });
    expect(runCell(session, script).errors).toEqual([]);
    const say = (command: string) => {
      const parsed = parseScript(command);
      if (!parsed.ok) throw new Error(`${command} does not parse`);
      return parsed.commands.flatMap((c) => session.execute(c).output.map((l) => l.text));
    };
    const summary = /processed (\d+), distinct \d+, duplicated (\d+), skipped (\d+)/.exec(say(`sim ledger --group ${group}`).join('\n'));
    if (!summary) throw new Error('no ledger summary');
    const lags = say(`kafka-consumer-groups --describe --group ${group}`)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[0] === group && cols.length >= 6)
      .map((cols) => cols[5] ?? '-')
      .filter((lag) => lag !== '-');
    const lag = lags.length === 0 ? '-' : String(lags.reduce((sum, l) => sum + Number(l), 0));
    return [summary[1] ?? '', summary[2] ?? '', summary[3] ?? '', lag];
  }

  it.each([
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 390, height: 844, colorScheme: 'dark' },
  ] as const)(
    'at $width px, $colorScheme: forks the world at the shown tick with one change, steps both together, and tabulates what differs as the shell says',
    async (view) => {
      const opened = await openPlayground('playground/', view);
      const { page } = opened;
      await runAllCells(page, 4);
      await seekTo(page, 16);
      await page.getByRole('button', { name: 'What if…?' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Copy the notebook’s world' }).click();
      await dialog.getByLabel('Suggested change').selectOption({ label: 'Stop ledger gracefully' });
      expect(await dialog.getByLabel('The change: one command').inputValue()).toBe('sim consumer stop ledger');
      await dialog.getByRole('button', { name: 'Fork at tick 16' }).click();
      await dialog.getByText('Fork 1: sim consumer stop ledger at tick 16').first().waitFor();
      const forward = dialog.getByRole('button', { name: 'Step both forward' });
      for (let i = 0; i < 40; i++) await forward.click();
      await dialog.getByText('Tick 56, forked at tick 16').waitFor();
      // Both drawings show tick 56.
      await page.waitForFunction(
        () => [...document.querySelectorAll('.pg-fork-dialog svg[data-tick]')].map((s) => s.getAttribute('data-tick')).join() === '56,56',
      );
      // The notebook's world at 56: its first two cells, then cell 3's crash and restart (both at tick 16), 40 ticks on.
      const base = `${CRASH.cells[0]}\n${CRASH.cells[1]}\nsim crash ledger\nsim restart ledger`;
      const mine = shellMeasures(CRASH.seed, `${base}\nsim tick 40`, 'accounting');
      const fork = shellMeasures(CRASH.seed, `${base}\nsim consumer stop ledger\nsim tick 40`, 'accounting');
      expect(mine).toEqual(['5', '2', '0', '-']);
      const rows = await dialog.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
      const measures = ['processed', 'duplicated', 'skipped', 'lag'];
      expect(rows).toEqual(measures.map((m, i) => [`accounting ${m}`, mine[i], fork[i], mine[i] === fork[i] ? 'same' : 'differs']));
      // Stepping back steps both.
      await dialog.getByRole('button', { name: 'Step both back' }).click();
      await dialog.getByText('Tick 55, forked at tick 16').waitFor();
      // The tree keeps every world: the notebook and its fork.
      expect(await dialog.getByRole('list').first().getByRole('button').allTextContents()).toEqual([
        'Your notebook',
        'Fork 1: sim consumer stop ledger at tick 16',
      ]);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/playground-fork-${view.width}-${view.colorScheme}.png` });
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('What if…?');
      expectNoErrors(opened);
      await opened.context.close();
    },
  );
});

// --- lesson cells link to the playground --------------------------------------------------------

describe('open in playground', () => {
  it('a lesson cell’s link carries the lesson’s cells up to it, and the playground opens them run', async () => {
    const opened = await openPage(browser, 'lessons/05-crash-and-resume/', { reducedMotion: 'reduce' });
    const { page } = opened;
    await waitForStage(page);
    const codes = await page.locator('kafka-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-code') ?? ''));
    const link = page.getByRole('link', { name: 'Open in playground: cells 1 to 2' });
    await link.click();
    await page.locator('.pg-preview').waitFor();
    expect(await page.locator('.pg-preview-code').allTextContents()).toEqual(codes.slice(0, 2));
    await page.getByRole('button', { name: 'Open it' }).click();
    await waitForStatuses(page, ['ran', 'ran']);
    expect(await cellTexts(page)).toEqual(codes.slice(0, 2));
    expectNoErrors(opened);
    await opened.context.close();
  });
});
