import { migrationOrderProblems, readJournal } from './migrate'

const problems = migrationOrderProblems(readJournal())
if (problems.length > 0) {
  console.error(`Migration order check failed:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log('Migration order check passed')
