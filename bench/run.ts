/**
 * `npm run bench`: Streamlab's engine figures — end-to-end throughput, seek latency and heap
 * per record — as a table; with `--json` the last line is also one JSON object with every figure.
 * `--only=throughput,seek,memory,hardening,site` runs a subset (for profiling one figure). `hardening`
 * runs issue 8's worst cases, each in its own process for a true peak memory
 * (bench/scenarios/hardening.ts). `site` builds the site and measures it in Debian's Chromium
 * (bench/scenarios/site.ts).
 *
 * bytesPerRecord needs gc(): the npm script passes --expose-gc, and a plain `node bench/run.ts`
 * re-spawns itself with the flag.
 *
 * Figures move by ±20% between runs on a busy 2-core machine; compare changes A/B, alternating.
 * Before and after an engine optimisation, `node bench/fingerprint.ts` must print the same
 * digests (events and state byte-identical).
 */
import { spawnSync } from 'node:child_process';
import { describeMachine, machineFacts } from './lib/machine.ts';
import { formatInt, formatMs, renderTable, type Row } from './lib/table.ts';
import { measureMemory, type MemoryResult } from './scenarios/memory.ts';
import { measureSeek, type SeekResult } from './scenarios/seek.ts';
import { measureThroughput, type ThroughputResult } from './scenarios/throughput.ts';
import { BUSY_HISTORY, REPLICATED_MILLION_RECORDS, TRANSACTIONAL_PIPELINE } from './lib/workloads.ts';
import { measureHardening, type HardeningResult } from './scenarios/hardening.ts';
import { measureSite, type SiteResult } from './scenarios/site.ts';

const AIMS = {
  recordsPerSecond: 1_000_000,
  seekP99Ms: 16,
  bytesPerRecord: 200,
  lessonJsKb: 60,
  // The playground's page at load: a lesson page's (about 24 KB), the minimal CodeMirror 6 editor
  // (113.6 KB in the site-stack recipe) and about 22 KB of its own (schema, link codec, page).
  playgroundJsKb: 160,
  renderStepMs: 4,
  fps: 60,
  commandsScriptMs: 2_000,
  membersPeakMb: 1_024,
  wordPeakMb: 100,
};
const SCENARIOS = ['throughput', 'seek', 'memory', 'hardening', 'site'] as const;
type Scenario = (typeof SCENARIOS)[number];

function parseArgs(argv: readonly string[]): { json: boolean; only: Set<Scenario> } {
  let json = false;
  let only = new Set<Scenario>(SCENARIOS);
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; choose from ${SCENARIOS.join(', ')}`);
      only = new Set(names as Scenario[]);
    } else throw new Error(`unknown argument ${arg}; usage: npm run bench [-- --json] [--only=${SCENARIOS.join(',')}]`);
  }
  return { json, only };
}

/** Re-runs this script under --expose-gc when gc() is missing; returns true when it did. */
function respawnWithGc(): boolean {
  if (typeof (globalThis as { gc?: unknown }).gc === 'function') return false;
  const result = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, process.argv[1] as string, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
  return true;
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const { json, only } = parseArgs(process.argv.slice(2));
  if (only.has('memory') && respawnWithGc()) return;
  const started = performance.now();
  let throughput: ThroughputResult | null = null;
  let seek: SeekResult | null = null;
  let memory: MemoryResult | null = null;
  // The same workloads with replication on: RF 3 on 3 brokers.
  let throughputRf3: ThroughputResult | null = null;
  let seekRf3: SeekResult | null = null;
  let memoryRf3: MemoryResult | null = null;
  let throughputTxn: ThroughputResult | null = null;
  if (only.has('throughput')) {
    throughput = measureThroughput();
    throughputRf3 = measureThroughput(REPLICATED_MILLION_RECORDS);
    throughputTxn = measureThroughput(TRANSACTIONAL_PIPELINE, 3);
  }
  if (only.has('seek')) {
    seek = measureSeek();
    seekRf3 = measureSeek({ ...BUSY_HISTORY, replicas: 3 });
  }
  if (only.has('memory')) {
    memory = measureMemory();
    memoryRf3 = measureMemory(REPLICATED_MILLION_RECORDS);
  }
  let hardening: HardeningResult | null = null;
  if (only.has('hardening')) hardening = measureHardening();
  let site: SiteResult | null = null;
  if (only.has('site')) site = await measureSite();
  const totalMs = performance.now() - started;

  const rows: Row[] = [];
  if (throughput) {
    const ok = throughput.recordsPerSecond >= AIMS.recordsPerSecond;
    rows.push({
      label: 'records/s end to end',
      value: formatInt(throughput.recordsPerSecond),
      aim: `≥ ${formatInt(AIMS.recordsPerSecond)} ${verdict(ok)}`,
      note: `median of ${throughput.runsRecordsPerSecond.length} (${throughput.runsRecordsPerSecond.map(formatInt).join(' / ')}); ${formatInt(throughput.ticks)} ticks, ${formatInt(throughput.events)} events, ${throughput.checkpoints} checkpoints`,
    });
  }
  if (throughputRf3) {
    const ok = throughputRf3.recordsPerSecond >= AIMS.recordsPerSecond;
    rows.push({
      label: 'records/s end to end, RF 3',
      value: formatInt(throughputRf3.recordsPerSecond),
      aim: `≥ ${formatInt(AIMS.recordsPerSecond)} ${verdict(ok)}`,
      note: `3 brokers, every record copied to 2 followers; median of ${throughputRf3.runsRecordsPerSecond.length}; ${formatInt(throughputRf3.ticks)} ticks, ${formatInt(throughputRf3.events)} events`,
    });
  }
  if (throughputTxn) {
    const ok = throughputTxn.recordsPerSecond >= AIMS.recordsPerSecond;
    rows.push({
      label: 'records/s, exactly once',
      value: formatInt(throughputTxn.recordsPerSecond),
      aim: `≥ ${formatInt(AIMS.recordsPerSecond)} ${verdict(ok)}`,
      note: `500,000 orders through 4 exactly-once processors: read_committed in, a transaction per poll of 500 out (an invoice per order, so twice the records written); median of ${throughputTxn.runsRecordsPerSecond.length}; ${formatInt(throughputTxn.ticks)} ticks, ${formatInt(throughputTxn.events)} events`,
    });
  }
  if (seek) {
    const ok = seek.seeks.p99 < AIMS.seekP99Ms;
    const history = `${seek.seeks.count} seeks; ${formatInt(seek.historyTicks)} ticks, ${formatInt(seek.historyEvents)} events, ${seek.crashes} crashes, ${seek.checkpoints} checkpoints, built in ${formatMs(seek.buildMs)}`;
    rows.push({ label: 'seek p50', value: formatMs(seek.seeks.p50), note: history });
    rows.push({ label: 'seek p99', value: formatMs(seek.seeks.p99), aim: `< ${AIMS.seekP99Ms} ms ${verdict(ok)}` });
    rows.push({ label: 'seek max', value: formatMs(seek.seeks.max) });
  }
  if (seekRf3) {
    const ok = seekRf3.seeks.p99 < AIMS.seekP99Ms;
    rows.push({
      label: 'seek p99, RF 3',
      value: formatMs(seekRf3.seeks.p99),
      aim: `< ${AIMS.seekP99Ms} ms ${verdict(ok)}`,
      note: `the same history on 3 brokers: ${formatInt(seekRf3.historyEvents)} events, ${seekRf3.checkpoints} checkpoints; p50 ${formatMs(seekRf3.seeks.p50)}`,
    });
  }
  if (memory) {
    const ok = memory.bytesPerRecord < AIMS.bytesPerRecord;
    rows.push({
      label: 'heap bytes/record',
      value: memory.bytesPerRecord.toFixed(1),
      aim: `< ${AIMS.bytesPerRecord} ${verdict(ok)}`,
      note: `${(memory.retainedBytes / 1024 ** 2).toFixed(1)} MB retained by the timeline after 1,000,000 records (${memory.checkpoints} checkpoints)`,
    });
  }
  if (memoryRf3) {
    const ok = memoryRf3.bytesPerRecord < AIMS.bytesPerRecord;
    rows.push({
      label: 'heap bytes/record, RF 3',
      value: memoryRf3.bytesPerRecord.toFixed(1),
      aim: `< ${AIMS.bytesPerRecord} ${verdict(ok)}`,
      note: `${(memoryRf3.retainedBytes / 1024 ** 2).toFixed(1)} MB retained (${memoryRf3.checkpoints} checkpoints); followers' logs share the leader's records`,
    });
  }
  if (hardening) rows.push(...hardeningRows(hardening));
  if (site) rows.push(...siteRows(site));
  console.log(renderTable(`Streamlab bench — ${describeMachine()}`, rows));
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  if (json) {
    console.log(
      JSON.stringify({
        recordsPerSecond: throughput ? Math.round(throughput.recordsPerSecond) : null,
        seekP50Ms: seek ? round(seek.seeks.p50) : null,
        seekP99Ms: seek ? round(seek.seeks.p99) : null,
        seekMaxMs: seek ? round(seek.seeks.max) : null,
        bytesPerRecord: memory ? round(memory.bytesPerRecord) : null,
        recordsPerSecondRf3: throughputRf3 ? Math.round(throughputRf3.recordsPerSecond) : null,
        recordsPerSecondExactlyOnce: throughputTxn ? Math.round(throughputTxn.recordsPerSecond) : null,
        seekP99MsRf3: seekRf3 ? round(seekRf3.seeks.p99) : null,
        bytesPerRecordRf3: memoryRf3 ? round(memoryRf3.bytesPerRecord) : null,
        commandsScriptMs: hardening ? Math.round(hardening.commands.ms) : null,
        membersPeakMb: hardening ? Math.round(hardening.members.peakMb) : null,
        wordPeakMb: hardening ? Math.round(hardening.word.peakMb) : null,
        hardening,
        throughput,
        seek,
        memory,
        lessonJsAtLoadKb: site ? round(Math.max(...Object.values(site.jsGzipBytes).map((j) => j.atLoad)) / 1024) : null,
        lessonJsToRunKb: site ? round(Math.max(...Object.values(site.jsGzipBytes).map((j) => j.atLoad + j.firstUse)) / 1024) : null,
        playgroundJsAtLoadKb: site ? round(site.playgroundJsGzipBytes.atLoad / 1024) : null,
        playgroundJsToRunKb: site ? round((site.playgroundJsGzipBytes.atLoad + site.playgroundJsGzipBytes.firstUse) / 1024) : null,
        interactiveMs: site ? round(Math.max(...Object.values(site.interactiveMs))) : null,
        firstRunMs: site ? round(Math.max(...Object.values(site.firstRunMs))) : null,
        renderStepP50Ms: site ? round(site.renderStepMs.p50) : null,
        renderStepP90Ms: site ? round(site.renderStepMs.p90) : null,
        fps: site ? round(site.fps.fps) : null,
        site,
        machine: machineFacts(),
        totalMs: Math.round(totalMs),
      }),
    );
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function hardeningRows(h: HardeningResult): Row[] {
  const mb = (x: number) => `${Math.round(x)} MB`;
  return [
    {
      label: '20,000-command script',
      value: formatMs(h.commands.ms),
      aim: `< ${formatMs(AIMS.commandsScriptMs)} ${verdict(h.commands.ms < AIMS.commandsScriptMs)}`,
      note: `kafka-topics --create --topic orders.tN × 20,000 through the shell (tokenize, parse, collision check, run); peak ${mb(h.commands.peakMb)}`,
    },
    {
      label: '1,000 members × 100,000 ticks, peak',
      value: mb(h.members.peakMb),
      aim: `< ${mb(AIMS.membersPeakMb)} ${verdict(h.members.peakMb < AIMS.membersPeakMb)}`,
      note: `process max RSS (Node alone: ${mb(h.members.baselineMb)}); ${formatInt(Number(h.members.events))} events in ${formatMs(h.members.ms)}, ${h.members.checkpoints} checkpoints kept`,
    },
    {
      label: 'tokenizer on a 20 MB word, peak',
      value: mb(h.word.peakMb),
      aim: `< ${mb(AIMS.wordPeakMb)} above Node ${verdict(h.word.peakMb - h.word.baselineMb < AIMS.wordPeakMb)}`,
      note: `${formatMs(h.word.ms)}; refused at the 2 MiB word limit after reading that much (Node alone: ${mb(h.word.baselineMb)})`,
    },
  ];
}

function siteRows(site: SiteResult): Row[] {
  const pages = Object.entries(site.jsGzipBytes);
  const toRun = (j: SiteResult['jsGzipBytes'][string]) => j.atLoad + j.firstUse;
  const [heaviestPage, js] = pages.reduce((a, b) => (toRun(b[1]) > toRun(a[1]) ? b : a));
  const ready = Object.entries(site.interactiveMs);
  const slowest = ready.reduce((a, b) => (b[1] > a[1] ? b : a));
  return [
    {
      label: 'lesson page JS at load (gzip -9)',
      value: kb(js.atLoad),
      aim: `≤ ${AIMS.lessonJsKb} KB ${verdict(js.atLoad / 1024 <= AIMS.lessonJsKb)}`,
      note: `Starlight's scripts and the stage (${heaviestPage}, the heaviest of ${pages.length}); Starlight also imports its search interface when idle: ${kb(js.search)}`,
    },
    {
      label: 'lesson page JS to run a cell',
      value: kb(toRun(js)),
      aim: `≤ ${AIMS.lessonJsKb} KB ${verdict(toRun(js) / 1024 <= AIMS.lessonJsKb)}`,
      note: `at load ${kb(js.atLoad)} + on first use ${kb(js.firstUse)} (the engine worker and the drawing)`,
    },
    {
      label: 'playground page JS at load',
      value: kb(site.playgroundJsGzipBytes.atLoad),
      aim: `≤ ${AIMS.playgroundJsKb} KB ${verdict(site.playgroundJsGzipBytes.atLoad / 1024 <= AIMS.playgroundJsKb)}`,
      note: 'the stage, the cell editor (CodeMirror 6 on the shell grammar) and the notebook (schema, share links, autosave)',
    },
    {
      label: 'playground JS to run a cell',
      value: kb(toRun(site.playgroundJsGzipBytes)),
      note: `at load + on first use ${kb(site.playgroundJsGzipBytes.firstUse)} (the engine worker and the drawing; the what-if view loads when opened)`,
    },
    { label: 'navigation → interactive stage', value: formatMs(slowest[1]), note: `median of 5 loads, slowest lesson (${slowest[0]})` },
    {
      label: 'first Run → first record drawn',
      value: formatMs(Math.max(...Object.values(site.firstRunMs))),
      note: 'median of 5 loads, slowest lesson: starts the engine worker, runs the cell, loads and draws the stage',
    },
    {
      label: 'render one step p50',
      value: formatMs(site.renderStepMs.p50),
      note: `${site.renderStepMs.count} steps of a lesson played at 16 ticks/s: drawing, table, narration, panels`,
    },
    {
      label: 'render one step p90',
      value: formatMs(site.renderStepMs.p90),
      aim: `< ${AIMS.renderStepMs} ms ${verdict(site.renderStepMs.p90 < AIMS.renderStepMs)}`,
    },
    {
      label: 'fps, ~300 records in flight',
      value: site.fps.fps.toFixed(1),
      aim: `${AIMS.fps} ${verdict(site.fps.fps >= AIMS.fps * 0.95)}`,
      note: `${site.fps.recordsInFlight} records in flight (${site.fps.marksDrawn} record dots drawn, at most 8 a message), ${site.fps.frames} frames in ${site.fps.seconds} s at 8 ticks/s; worst frame ${formatMs(site.fps.worstFrameMs)}; the same page idle gets ${site.fps.idleFps.toFixed(1)} (headless Chromium, software rendering)`,
    },
  ];
}

await main();
