import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Ends the end-to-end run with the same plain line as the unit suite, "e2e: N passed, N failed", so the
 * whole test command closes on one readable count.
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();

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
    process.stdout.write(`\ne2e: ${passed} passed, ${failed} failed${skippedPart}\n`);
  }
}
