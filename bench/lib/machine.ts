/** What the figures were measured on: they mean little without it. */
import os from 'node:os';

/** One line: CPU model and count, memory, Node and V8 versions, platform. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const memGb = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} × ${model}, ${memGb} GB RAM, Node ${process.version} (V8 ${process.versions.v8}), ${process.platform}-${process.arch}`;
}

/** Machine facts as JSON-ready data. */
export function machineFacts(): { cpus: number; cpuModel: string; node: string; platform: string } {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}
