import { describe, expect, it } from 'vitest'
import { followUpSchedule, followUpState, odiScore } from './rules'

describe('followUpSchedule', () => {
  it('schedules the seven timepoints with due dates and windows from the procedure date', () => {
    const schedule = followUpSchedule('2026-03-10')
    expect(schedule.map((f) => [f.timepoint, f.dueOn, f.windowStart, f.windowEnd])).toEqual([
      ['baseline', '2026-03-10', '2026-02-08', '2026-03-10'],
      ['h48', '2026-03-12', '2026-03-11', '2026-03-14'],
      ['d7', '2026-03-17', '2026-03-15', '2026-03-24'],
      ['m1', '2026-04-09', '2026-03-31', '2026-04-24'],
      ['m3', '2026-06-09', '2026-05-24', '2026-07-08'],
      ['m6', '2026-09-08', '2026-08-07', '2026-10-06'],
      ['m12', '2027-03-10', '2027-02-03', '2027-04-14'],
    ])
  })

  it('crosses month and leap-year ends correctly', () => {
    const [, h48] = followUpSchedule('2028-02-28')
    expect(h48!.dueOn).toBe('2028-03-01')
  })
})

describe('followUpState', () => {
  const followUp = { dueOn: '2026-04-09', windowEnd: '2026-04-24', assessedOn: null }
  it.each([
    ['2026-03-20', 'upcoming'],
    ['2026-04-02', 'due'],
    ['2026-04-09', 'due'],
    ['2026-04-10', 'overdue'],
    ['2026-04-24', 'overdue'],
    ['2026-04-25', 'missed'],
  ] as const)('on %s it is %s', (today, state) => {
    expect(followUpState(followUp, today)).toBe(state)
  })

  it('is completed once assessed, whatever the date', () => {
    expect(followUpState({ ...followUp, assessedOn: '2026-04-30' }, '2027-01-01')).toBe('completed')
  })
})

describe('odiScore', () => {
  it('scores sum ÷ (5 × answered) × 100', () => {
    expect(odiScore([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(0)
    expect(odiScore([5, 5, 5, 5, 5, 5, 5, 5, 5, 5])).toBe(100)
    expect(odiScore([3, 2, 4, 1, 0, 5, 2, 3, 1, 2])).toBe(46)
  })

  it('scores over the sections answered when one is missing', () => {
    // 23 of 45 possible points.
    expect(odiScore([3, 2, 4, 1, 0, 5, 2, 3, 3, null])).toBe(51)
  })

  it('refuses to score with two sections missing, or answers out of range', () => {
    expect(odiScore([3, 2, 4, 1, 0, 5, 2, 3, null, null])).toBeNull()
    expect(() => odiScore([6, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError)
    expect(() => odiScore([1, 2, 3])).toThrow(RangeError)
  })
})
