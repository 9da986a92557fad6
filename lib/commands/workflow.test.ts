import { describe, expect, it } from 'vitest'
import { patientStatuses } from '@/db/schema'
import {
  assertTransition,
  canDecideFrom,
  canTransition,
  manualTargets,
  TransitionNotAllowedError,
} from './workflow'

describe('patient workflow', () => {
  it('follows the pathway referral → imaging → evaluation → decision', () => {
    expect(canTransition('referred', 'imaging', 'manual')).toBe(true)
    expect(canTransition('imaging', 'evaluation', 'manual')).toBe(true)
    expect(canTransition('evaluation', 'candidate', 'decision')).toBe(true)
    expect(canTransition('candidate', 'scheduled', 'procedure')).toBe(true)
    expect(canTransition('scheduled', 'treated', 'procedure')).toBe(true)
    expect(canTransition('treated', 'follow_up', 'manual')).toBe(true)
    expect(canTransition('follow_up', 'closed', 'manual')).toBe(true)
    expect(canTransition('follow_up', 'lost_to_follow_up', 'manual')).toBe(true)
  })

  it('reserves decisions to the decision path: no one sets "candidate" by hand', () => {
    for (const from of patientStatuses) {
      expect(canTransition(from, 'candidate', 'manual')).toBe(false)
      expect(canTransition(from, 'not_candidate', 'manual')).toBe(false)
    }
  })

  it('allows a decision once work-up is done and before scheduling', () => {
    expect(canDecideFrom('evaluation')).toBe(true)
    expect(canDecideFrom('not_candidate')).toBe(true)
    for (const status of [
      'scheduled',
      'treated',
      'follow_up',
      'closed',
      'lost_to_follow_up',
    ] as const) {
      expect(canDecideFrom(status)).toBe(false)
      expect(canTransition(status, 'candidate', 'decision')).toBe(false)
    }
  })

  it('refuses skipping steps and leaving closed', () => {
    expect(canTransition('referred', 'treated', 'procedure')).toBe(false)
    expect(canTransition('referred', 'scheduled', 'procedure')).toBe(false)
    expect(manualTargets('closed')).toEqual([])
    expect(() => assertTransition('closed', 'follow_up', 'manual')).toThrow(
      TransitionNotAllowedError,
    )
  })

  it('lists the manual moves offered on the record page', () => {
    expect(manualTargets('referred')).toEqual(['imaging', 'evaluation'])
    expect(manualTargets('follow_up')).toEqual(['closed', 'lost_to_follow_up'])
    expect(manualTargets('candidate')).toEqual([])
  })
})
