import { describe, expect, it } from 'vitest'
import { migrationOrderProblems, readJournal } from './migrate'

describe('migration order check', () => {
  it('accepts the committed journal', () => {
    expect(migrationOrderProblems(readJournal())).toEqual([])
  })

  it('flags a migration whose timestamp is older than the previous one', () => {
    const problems = migrationOrderProblems([
      { idx: 0, when: 1_000, tag: '0000_init' },
      { idx: 1, when: 3_000, tag: '0001_later' },
      { idx: 2, when: 2_000, tag: '0002_merged_late' },
    ])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('0002_merged_late')
    expect(problems[0]).toContain('0001_later')
  })

  it('flags equal timestamps too: the second would never apply', () => {
    expect(
      migrationOrderProblems([
        { idx: 0, when: 1_000, tag: 'a' },
        { idx: 1, when: 1_000, tag: 'b' },
      ]),
    ).toHaveLength(1)
  })
})
