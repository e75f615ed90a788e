import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** A suite this machine cannot run (the desktop suite without an Electron binary), and why. */
export interface NotRunSuite {
  suite: string;
  reason: string;
}

/**
 * Ends the end-to-end run with the same plain line as the unit suite, "e2e: N passed, N failed", so the
 * whole test command closes on one readable count; a suite that could not run here is listed as NOT RUN.
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();
  private readonly notRun: readonly NotRunSuite[];

  constructor(options: { notRun?: readonly NotRunSuite[] } = {}) {
    this.notRun = options.notRun ?? [];
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // Retries report the same test again: the last result is the one that counts.
    this.outcomes.set(test.id, result.status);
  }

  onEnd(_result: FullResult): void {
    const statuses = [...this.outcomes.values()];
    const passed = statuses.filter((status) => status === 'passed').length;
    const skipped = statuses.filter((status) => status === 'skipped').length;
    const failed = statuses.length - passed - skipped;
    const skippedPart = skipped > 0 ? `, ${skipped} skipped` : '';
    for (const { suite, reason } of this.notRun) process.stdout.write(`\ne2e ${suite}: NOT RUN: ${reason}`);
    process.stdout.write(`\ne2e: ${passed} passed, ${failed} failed${skippedPart}\n`);
  }
}
