// Adds up the JSON reports of every test run (Vitest's and Playwright's) into one closing
// line, "N passed, M failed". Exits non-zero when nothing ran or anything failed.
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2] ?? 'test-reports'
const files = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
  : []
let passed = 0
let failed = 0
let skipped = 0
for (const file of files.sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  let run
  if (report.stats && 'expected' in report.stats) {
    // Playwright: flaky tests passed on retry; count them as passed but say so.
    run = {
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected,
      skipped: report.stats.skipped,
      note: report.stats.flaky ? ` (${report.stats.flaky} flaky)` : '',
    }
  } else {
    run = {
      passed: report.numPassedTests,
      // A file that fails to load counts as a failed suite with no failed test.
      failed: Math.max(report.numFailedTests, report.numFailedTestSuites),
      skipped: report.numPendingTests + report.numTodoTests,
      note: '',
    }
  }
  if (![run.passed, run.failed, run.skipped].every(Number.isFinite)) {
    console.log(`  ${file}: not a test report this script can read`)
    process.exitCode = 1
    continue
  }
  console.log(
    `  ${file}: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped${run.note}`,
  )
  passed += run.passed
  failed += run.failed
  skipped += run.skipped
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
if (failed > 0 || passed === 0) process.exitCode = 1
