// Ends the run with one plain line, "N passed, N failed[, N skipped]", that any CI can read without knowing jest.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\ntests: ${line}\n`);
  }
}

module.exports = SummaryReporter;
