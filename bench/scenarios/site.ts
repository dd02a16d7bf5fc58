/**
 * The site's figures, measured in Debian's Chromium on the production build (what `npm start`
 * serves): JavaScript a lesson page loads (gzip -9, the page and its engine worker), time from
 * navigation to an interactive stage, time to render one step, and frames per second while
 * about 300 records are in flight.
 */
import { gzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { build, preview } from 'astro';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../tests/browser/chromium.ts';
import { distributionOf, median, type Distribution } from '../lib/stats.ts';

export interface SiteResult {
  /**
   * Per lesson page, gzip -9 bytes of the scripts it loads: `atLoad` (Starlight's and the stage's
   * own), `search` (Pagefind's interface, which Starlight imports when the browser is idle) and
   * `firstUse` (the engine worker and the drawing, loaded when the reader first runs a cell).
   */
  readonly jsGzipBytes: Readonly<Record<string, { atLoad: number; search: number; firstUse: number; files: number }>>;
  /** The playground page's scripts, split the same way (its cell editor, CodeMirror, loads with the page). */
  readonly playgroundJsGzipBytes: { atLoad: number; search: number; firstUse: number; files: number };
  /** Navigation start to the stage's `data-ready` (median of loads), per lesson. */
  readonly interactiveMs: Readonly<Record<string, number>>;
  /** The first Run pressed to the first record drawn: the engine worker starts, the drawing loads (median of loads). */
  readonly firstRunMs: Readonly<Record<string, number>>;
  /** Rendering one step (drawing, table, narration, panels) while a lesson plays. */
  readonly renderStepMs: Distribution;
  /** Frames per second while the stage plays with ~300 records in flight, and the worst frame. */
  readonly fps: {
    readonly fps: number;
    readonly idleFps: number;
    readonly worstFrameMs: number;
    readonly frames: number;
    readonly recordsInFlight: number;
    readonly marksDrawn: number;
    readonly seconds: number;
  };
}

const LOADS = 5;

/**
 * A busy world: twelve producer applications each send 25 keyed records a tick to a topic of six
 * partitions, so 300 records are always in flight (and their acknowledgements on the way back).
 */
const KEYS = Array.from({ length: 25 }, (_, i) => `k${i}`).join(',');
const IN_FLIGHT_SCENARIO = [
  'kafka-topics --create --topic load --partitions 6',
  ...Array.from({ length: 12 }, (_, i) => `sim producer start p${i + 1} --topic load --every 1 --batch 25 --count 2000 --keys ${KEYS}`),
  'sim tick 60',
].join('\n');
const RECORDS_IN_FLIGHT = 12 * 25;

async function buildSite(): Promise<void> {
  const env = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  try {
    await build({ root: process.cwd(), logLevel: 'error', mode: 'production' });
  } finally {
    process.env['NODE_ENV'] = env;
  }
}

async function waitReady(page: Page): Promise<void> {
  await page.locator('lesson-stage[data-ready="true"]').waitFor({ timeout: 20_000 });
}

const isSearch = (url: string) => /pagefind|ui-core/.test(url);

async function measureLoad(
  page: Page,
  url: string,
  firstCell = 'kafka-cell[data-cell="0"]',
): Promise<{ gzip: { atLoad: number; search: number; firstUse: number; files: number }; readyMs: number; firstRunMs: number }> {
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    const isScript = response.request().resourceType() === 'script' || response.url().endsWith('.js');
    if (isScript && !scripts.has(response.url()))
      scripts.set(
        response.url(),
        response.body().then(
          (b) => gzipSync(b, { level: 9 }).length,
          () => 0,
        ),
      );
  });
  await page.goto(url, { waitUntil: 'load' });
  await waitReady(page);
  const readyMs = await page.evaluate(() => performance.getEntriesByName('streamlab:stage-ready')[0]?.startTime ?? Number.NaN);
  // Let idle-time imports happen; what has loaded by then is the page at load.
  await page.waitForTimeout(1000);
  const loaded = new Set(scripts.keys());
  // The first Run starts the engine worker and loads the drawing: time it to the first tape drawn.
  const clicked = await page.evaluate(() => performance.now());
  await page
    .locator(firstCell)
    .getByRole('button', { name: /^Run\b/ })
    .click();
  await page.waitForFunction((cell) => document.querySelector(cell)?.getAttribute('data-status') === 'ran', firstCell, { timeout: 20_000 });
  await page.locator('.stage-drawing g.tape').first().waitFor({ timeout: 20_000 });
  const firstRunMs = (await page.evaluate(() => performance.now())) - clicked;
  const gzip = { atLoad: 0, search: 0, firstUse: 0, files: scripts.size };
  for (const [u, size] of scripts) {
    const bytes = await size;
    if (isSearch(u)) gzip.search += bytes;
    else if (loaded.has(u)) gzip.atLoad += bytes;
    else gzip.firstUse += bytes;
  }
  return { gzip, readyMs, firstRunMs };
}

async function measureRenderStep(page: Page, url: string): Promise<number[]> {
  await page.goto(url);
  await waitReady(page);
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('kafka-cell')].every((c) => c.getAttribute('data-status') === 'ran'), undefined, {
    timeout: 30_000,
  });
  await page.evaluate(() => performance.clearMeasures('streamlab:render-step'));
  await page.getByLabel('Speed').selectOption('16');
  await page.getByRole('slider', { name: 'Tick' }).evaluate((el) => {
    (el as HTMLInputElement).value = '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('streamlab:render-step').map((e) => e.duration));
}

async function measureFps(page: Page, url: string, lessonPath: string): Promise<SiteResult['fps']> {
  // The lesson page, its cells swapped for the in-flight scenario (as a hostile or busy notebook would).
  await page.route(`**/${lessonPath}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(<kafka-cell[^>]*data-cell="0"[^>]*data-code=")[^"]*"/, `$1${IN_FLIGHT_SCENARIO.replace(/"/g, '&quot;')}"`);
    await route.fulfill({ response, body: html });
  });
  await page.goto(url);
  await waitReady(page);
  await page.locator('kafka-cell[data-cell="0"]').getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(() => document.querySelector('kafka-cell[data-cell="0"]')?.getAttribute('data-status') === 'ran', undefined, { timeout: 60_000 });
  await page
    .getByRole('button', { name: 'Pause', exact: true })
    .click()
    .catch(() => undefined);
  await page.getByLabel('Speed').selectOption('8');
  await page.getByRole('slider', { name: 'Tick' }).evaluate((el) => {
    (el as HTMLInputElement).value = '2';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelectorAll('.stage-drawing g.message').length > 0, undefined, { timeout: 10_000 });
  const marksDrawn = await page.evaluate(() => document.querySelectorAll('.stage-drawing g.message .dot').length);
  const seconds = 4;
  const countFrames = (ms: number) =>
    page.evaluate(
      (span) =>
        new Promise<number[]>((resolve) => {
          const times: number[] = [];
          const start = performance.now();
          const frame = (t: number) => {
            times.push(t);
            if (t - start < span) requestAnimationFrame(frame);
            else resolve(times);
          };
          requestAnimationFrame(frame);
        }),
      ms,
    );
  const rate = (times: readonly number[]) => ((times.length - 1) / ((times[times.length - 1] as number) - (times[0] as number))) * 1000;
  // What this browser gives an idle page: the ceiling the figure is measured against.
  const idleFps = rate(await countFrames(2000));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const frames = await countFrames(seconds * 1000);
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] as number));
  return { fps: rate(frames), idleFps, worstFrameMs: Math.max(...gaps), frames: frames.length, recordsInFlight: RECORDS_IN_FLIGHT, marksDrawn, seconds };
}

export async function measureSite(): Promise<SiteResult> {
  await buildSite();
  const server = await preview({ root: process.cwd(), logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  const base = `http://127.0.0.1:${server.port}/`;
  const browser = await launchChromium();
  try {
    const lessons = readdirSync('lessons')
      .filter((f) => f.endsWith('.mdx'))
      .sort()
      .map((f) => `lessons/${f.replace(/\.mdx$/, '')}/`);
    const jsGzipBytes: Record<string, { atLoad: number; search: number; firstUse: number; files: number }> = {};
    const interactiveMs: Record<string, number> = {};
    const firstRunMs: Record<string, number> = {};
    for (const lesson of lessons) {
      const ready: number[] = [];
      const firstRun: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const { gzip, readyMs, firstRunMs: run } = await measureLoad(await context.newPage(), base + lesson);
        ready.push(readyMs);
        firstRun.push(run);
        if (i === 0) jsGzipBytes[lesson] = gzip;
        await context.close();
      }
      interactiveMs[lesson] = median(ready);
      firstRunMs[lesson] = median(firstRun);
    }
    let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const playground = await measureLoad(await context.newPage(), `${base}playground/`, '.pg-cell[data-cell="0"]');
    await context.close();
    const last = lessons[lessons.length - 1] as string;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const renderStepMs = distributionOf(await measureRenderStep(await context.newPage(), base + last));
    await context.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const fps = await measureFps(await context.newPage(), base + last, last);
    await context.close();
    return { jsGzipBytes, playgroundJsGzipBytes: playground.gzip, interactiveMs, firstRunMs, renderStepMs, fps };
  } finally {
    await browser.close();
    await server.stop();
  }
}
