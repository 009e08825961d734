/**
 * Prints why each skipped test was skipped (the built-in list reporter shows
 * only the title), so a CI log says e.g. that the Electron e2e did not run.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonsReporter implements Reporter {
  private readonly skipped: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = test.annotations
      .filter((annotation) => annotation.type === 'skip' && annotation.description)
      .map((annotation) => annotation.description);
    this.skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${reasons.join('; ') || 'no reason given'}`);
  }

  onEnd(): void {
    if (this.skipped.length > 0) console.log(`\nSkipped:\n${this.skipped.join('\n')}`);
  }
}
