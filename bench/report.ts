import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describeMachine, type Machine } from './machine.ts';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface Verdict {
  name: string;
  measured: string;
  goal: string;
  met: boolean;
}

export function formatVerdict(verdict: Verdict): string {
  return `target ${verdict.name}: ${verdict.measured} vs ${verdict.goal} ${verdict.met ? 'met' : 'missed'}`;
}

/** The machine and how busy it was (1-minute load average): shared machines move absolute numbers. */
export function machineLine(machine: Machine = describeMachine()): string {
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  return `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${load}`;
}

/** Aligned text table, first row the header. */
export function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')).join('\n');
}

/**
 * Writes bench/results/<name>.json with the date, machine and load beside the payload, formatted as the
 * repository's `prettier --check` wants it (so a committed result passes lint as written); returns the path.
 */
export async function writeResults(name: string, payload: object): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const record = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverage: os.loadavg(),
    ...payload,
  };
  // The repository's own prettier settings (its print width), so the file is exactly what `prettier --check` wants.
  const settings = (await resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await format(JSON.stringify(record), { ...settings, parser: 'json' }));
  return file;
}

/** Prints the table, the machine and one `target` line per verdict, and writes the JSON. */
export async function report(
  name: string,
  heading: string,
  rows: string[][],
  verdicts: Verdict[],
  payload: object,
): Promise<void> {
  process.stdout.write(`\n${heading}\n${machineLine()}\n\n${table(rows)}\n\n`);
  const file = await writeResults(name, { ...payload, targets: verdicts });
  process.stdout.write(`results: ${path.relative(process.cwd(), file)}\n`);
  for (const verdict of verdicts) process.stdout.write(`${formatVerdict(verdict)}\n`);
}
