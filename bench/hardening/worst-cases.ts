/**
 * The worst cases issue 8 found, each run alone in this process so its peak memory (maxRSS) is
 * its own: `node bench/hardening/worst-cases.ts NAME` prints one JSON line {ms, peakMb, …}.
 * bench/scenarios/hardening.ts spawns it once per case.
 *
 *   commands  a 20,000-command script (kafka-topics --create orders.tN per line) through the shell
 *   members   1,000 idle consumers in one group over 100,000 ticks, through the timeline
 *   word      the tokenizer on a script holding one 20 MB word
 */
import { ShellSession, Timeline } from '../../engine/index.ts';
import { tokenize } from '../../engine/shell/tokenize.ts';

type Case = () => Record<string, number | boolean>;

const CASES: Record<string, Case> = {
  commands() {
    // Names with a period: each create also runs the controller's collision check (and prints its WARNING).
    const script = Array.from({ length: 20_000 }, (_, i) => `kafka-topics --create --topic orders.t${i} --partitions 1`).join('\n');
    const session = ShellSession.create();
    const outcome = session.run(script);
    return { commands: outcome.outcomes.length, ok: outcome.exitCode === 0 };
  },
  members() {
    const timeline = new Timeline();
    timeline.apply({ kind: 'createTopic', topic: 't', partitions: 10 });
    for (let i = 0; i < 1_000; i++) timeline.apply({ kind: 'startConsumer', name: `c${i}`, group: 'g', topics: ['t'] });
    let events = 0;
    for (let i = 0; i < 100_000; i++) events += timeline.step().length;
    return { ticks: timeline.tick, events, checkpoints: timeline.checkpointCount };
  },
  word() {
    const script = `kafka-console-producer --topic t --property ${'w'.repeat(20 * 1024 * 1024)}`;
    const result = tokenize(script);
    return { refused: !result.ok, scriptChars: script.length };
  },
};

const name = process.argv[2] ?? '';
const run = CASES[name];
if (!run) throw new Error(`unknown case ${name}; choose from ${Object.keys(CASES).join(', ')}`);
const baseline = process.resourceUsage().maxRSS;
const started = performance.now();
const facts = run();
const ms = performance.now() - started;
// maxRSS is in kilobytes; the baseline is what Node and the engine's modules take before the case.
console.log(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, baselineMb: baseline / 1024, ...facts }));
