/**
 * Ends the test run with the reliability figures the suites measured (see
 * tests/helpers/figures.ts), then one plain line, "N passed, N failed,
 * N skipped", for CI logs.
 */
import type { Reporter, TestModule } from 'vitest/node';
import type { Figure } from './helpers/figures';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const figures: Figure[] = [];
    for (const mod of testModules) {
      // A file that failed to load has no failed test of its own: count it, so the line never says 0 failed.
      const failedBefore = counts.failed;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
        figures.push(...(test.meta().figures ?? []));
      }
      if (mod.state() === 'failed' && counts.failed === failedBefore) counts.failed += 1;
    }
    if (figures.length > 0) {
      const lines = ['', 'Reliability figures'];
      const suites = [...new Set(figures.map((f) => f.suite))].sort();
      for (const suite of suites) {
        lines.push(`  ${suite}`);
        // A label reported by many tests adds up when every value is a number (requests over all e2e pages…).
        const mine = figures.filter((x) => x.suite === suite);
        for (const label of [...new Set(mine.map((f) => f.label))]) {
          const values = mine.filter((f) => f.label === label).map((f) => f.value);
          const total = values.every((v) => typeof v === 'number') ? [values.reduce<number>((n, v) => n + Number(v), 0)] : values;
          for (const v of total) lines.push(`    ${label}: ${v}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.stdout.write(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
