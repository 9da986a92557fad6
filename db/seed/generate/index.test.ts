import { describe, expect, it } from 'vitest'
import { patientStatuses, type PatientStatus } from '../../schema'
import { generatePatients, type GeneratedPatient } from '.'
import {
  daysBetween,
  generate,
  generateInTwoBatches,
  physicianIds,
  population,
  share,
  today,
  todayDate,
  uuidPattern,
} from './test-population'

// The forward pathway of docs/clinical-definitions.md#patient-status-workflow, written out here
// so the test does not trust the generator's copy.
const allowedTransitions: Record<PatientStatus, readonly PatientStatus[]> = {
  referred: ['imaging'],
  imaging: ['evaluation'],
  evaluation: ['candidate', 'not_candidate', 'resolved_conservatively'],
  candidate: ['scheduled'],
  not_candidate: [],
  resolved_conservatively: [],
  scheduled: ['treated'],
  treated: ['follow_up'],
  follow_up: ['closed', 'lost_to_follow_up'],
  closed: [],
  lost_to_follow_up: [],
}

function ageOn(dateOfBirth: string, onDate: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)]
  const [year, monthDay] = [Number(onDate.slice(0, 4)), onDate.slice(5)]
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0)
}

describe('generatePatients', () => {
  const inTwoBatches = generateInTwoBatches()

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generate({ count: 200 })).toEqual(generate({ count: 200 }))
    expect(generate({ count: 200, seed: 43 })).not.toEqual(generate({ count: 200 }))
  })

  it('yields the same patients in startIndex batches as in one run', () => {
    expect(inTwoBatches).toEqual(population)
  })

  it('gives unique, well-formed MRNs and UUIDs across batches', () => {
    const mrns = inTwoBatches.map(({ patient }) => patient.mrn)
    const ids = inTwoBatches.map(({ patient }) => patient.id)
    expect(new Set(mrns).size).toBe(5000)
    expect(new Set(ids).size).toBe(5000)
    for (const mrn of mrns) expect(mrn).toMatch(/^[A-Za-z0-9]{4,20}$/)
    for (const id of ids) expect(id).toMatch(uuidPattern)
  })

  it('keeps ages between 18 and 105, mostly 60–95', () => {
    const ages = population.map(({ patient }) => ageOn(patient.dateOfBirth, todayDate))
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18)
    expect(Math.max(...ages)).toBeLessThanOrEqual(105)
    expect(share(({ patient }) => ageOn(patient.dateOfBirth, todayDate) >= 60)).toBeGreaterThan(0.9)
    const typical = ages.filter((age) => age >= 60 && age <= 95).length / ages.length
    expect(typical).toBeGreaterThan(0.85)
    expect(typical).toBeLessThan(0.93)
    expect(ages.some((age) => age >= 50 && age < 60)).toBe(true)
    expect(ages.some((age) => age > 95)).toBe(true)
  })

  it('is about three quarters women', () => {
    const women = share(({ patient }) => patient.sex === 'female')
    expect(women).toBeGreaterThan(0.72)
    expect(women).toBeLessThan(0.78)
    expect(share(({ patient }) => patient.sex === 'male')).toBeGreaterThan(0.2)
  })

  it('is led by osteoporotic fractures at about 60 %', () => {
    const counts = new Map<string, number>()
    for (const { patient } of population) {
      counts.set(patient.etiology, (counts.get(patient.etiology) ?? 0) + 1)
    }
    const osteoporotic = (counts.get('osteoporotic') ?? 0) / population.length
    expect(osteoporotic).toBeGreaterThan(0.57)
    expect(osteoporotic).toBeLessThan(0.63)
    const runnerUp = Math.max(
      ...[...counts].filter(([etiology]) => etiology !== 'osteoporotic').map(([, n]) => n),
    )
    expect(runnerUp / population.length).toBeLessThan(0.15)
  })

  it('reaches every status of the pathway', () => {
    const seen = new Set(population.map(({ patient }) => patient.status))
    expect([...seen].sort()).toEqual([...patientStatuses].sort())
  })

  it('puts recent referrals early in the pathway and old ones late', () => {
    const recent = population.filter(
      ({ patient }) => daysBetween(patient.referralDate, todayDate) <= 14,
    )
    const old = population.filter(
      ({ patient }) => daysBetween(patient.referralDate, todayDate) > 730,
    )
    const early: readonly PatientStatus[] = ['referred', 'imaging', 'evaluation']
    const inEarlyStage = (group: GeneratedPatient[]) =>
      group.filter(({ patient }) => early.includes(patient.status!)).length / group.length
    expect(inEarlyStage(recent)).toBeGreaterThan(0.8)
    expect(inEarlyStage(old)).toBe(0)
  })

  it('dates referrals in the past three years, pain onset 1–12 weeks before', () => {
    for (const { patient } of population) {
      expect(patient.referralDate < todayDate).toBe(true)
      expect(daysBetween(patient.referralDate, todayDate)).toBeLessThanOrEqual(3 * 366)
      const onsetWeeks = daysBetween(patient.painOnsetDate!, patient.referralDate) / 7
      expect(onsetWeeks).toBeGreaterThanOrEqual(1)
      expect(onsetWeeks).toBeLessThanOrEqual(12)
    }
  })

  it('assigns only the given physicians and fictional phone numbers', () => {
    for (const { patient } of population) {
      expect(physicianIds).toContain(patient.assignedPhysicianId)
      if (patient.phone !== null) expect(patient.phone).toMatch(/^555-01\d{2}$/)
    }
  })

  it('records each patient’s path as valid, time-ordered transitions up to its status', () => {
    // Collected rather than asserted one by one: a failure lists every broken patient at once.
    const problems: string[] = []
    for (const { patient, events } of population) {
      const report = (problem: string) => problems.push(`${patient.mrn}: ${problem}`)
      const [first, ...rest] = events
      if (first?.fromStatus !== null || first.toStatus !== 'referred') report('no referral event')
      if (first?.occurredAt.toISOString().slice(0, 10) !== patient.referralDate) {
        report('referral event not on the referral date')
      }
      let previous = first!
      for (const event of rest) {
        if (event.fromStatus !== previous.toStatus) report(`gap before ${event.toStatus}`)
        if (!allowedTransitions[previous.toStatus].includes(event.toStatus)) {
          report(`illegal ${previous.toStatus} → ${event.toStatus}`)
        }
        if (event.occurredAt < previous.occurredAt) report(`${event.toStatus} out of order`)
        previous = event
      }
      if (previous.toStatus !== patient.status) report(`ends at ${previous.toStatus}`)
      if (previous.occurredAt > today) report('event after today')
      for (const event of events) {
        if (event.actorId !== null) report('event has an actor')
        if (event.toStatus === 'not_candidate' && !event.note)
          report('not_candidate without reason')
      }
    }
    expect(problems).toEqual([])
  })
})

describe('ids', () => {
  // The PRNG's 32-bit state repeats; ids drawn from it collided past ~65,000 patients.
  it('stay unique across 100,000 patients and all their rows', { timeout: 120_000 }, () => {
    const ids = new Set<string>()
    let count = 0
    const physicianIds = ['3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d']
    for (const generated of generatePatients({
      count: 100_000,
      seed: 2026,
      physicianIds,
      today: new Date('2026-11-25'),
    })) {
      for (const id of [
        generated.patient.id,
        ...generated.fractures.map((f) => f.id),
        ...generated.imagingOrders.map((o) => o.id),
        ...generated.procedures.map((p) => p.id),
        ...generated.treatedLevels.map((l) => l.id),
        ...generated.adverseEvents.map((e) => e.id),
        ...generated.followUps.map((f) => f.id),
      ]) {
        ids.add(id)
        count++
      }
    }
    expect(ids.size).toBe(count)
    expect(
      [...ids].every((id) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
      ),
    ).toBe(true)
  })
})
