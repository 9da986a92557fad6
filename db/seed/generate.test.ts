import { describe, expect, it } from 'vitest'
import { patientStatuses, vertebralLevels, type PatientStatus } from '../schema'
import { generatePatients, type GeneratedPatient, type GeneratePatientsOptions } from './generate'

// Early morning on purpose: anything dated in business hours today would be in the future.
const today = new Date('2026-03-15T06:30:00Z')
const todayDate = '2026-03-15'
const physicianIds = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
]
const baseOptions: GeneratePatientsOptions = { count: 5000, seed: 42, physicianIds, today }

// The pathway from DESIGN.md §2, written out here so the test does not trust the generator's copy.
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

const generate = (options: Partial<GeneratePatientsOptions> = {}): GeneratedPatient[] => [
  ...generatePatients({ ...baseOptions, ...options }),
]
const population = generate()
const inTwoBatches = [
  ...generate({ count: 2500, startIndex: 0 }),
  ...generate({ count: 2500, startIndex: 2500 }),
]

// Written out here, like the transitions above, rather than taken from the generator.
const pastImaging: readonly PatientStatus[] = [
  'evaluation',
  'candidate',
  'not_candidate',
  'resolved_conservatively',
  'scheduled',
  'treated',
  'follow_up',
  'closed',
  'lost_to_follow_up',
]
const withPlannedProcedure: readonly PatientStatus[] = [
  'candidate',
  'scheduled',
  'treated',
  'follow_up',
  'closed',
  'lost_to_follow_up',
]
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function share(predicate: (generated: GeneratedPatient) => boolean): number {
  return population.filter(predicate).length / population.length
}

function ageOn(dateOfBirth: string, onDate: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)]
  const [year, monthDay] = [Number(onDate.slice(0, 4)), onDate.slice(5)]
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0)
}

function daysBetween(earlier: string, later: string): number {
  return (Date.parse(later) - Date.parse(earlier)) / 86_400_000
}

describe('generatePatients', () => {
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

describe('generatePatients work-up', () => {
  const allFractures = population.flatMap(({ fractures }) => fractures)
  const allOrders = population.flatMap(({ imagingOrders }) => imagingOrders)

  it('keeps fractures and imaging orders deterministic, batch-independent and uniquely keyed', () => {
    // The whole-patient comparisons above cover them too; this fails if they came out empty.
    expect(allFractures.length).toBeGreaterThan(5000)
    expect(allOrders.length).toBeGreaterThan(4000)
    const again = generate({ count: 200 })
    expect(again.map(({ fractures }) => fractures)).toEqual(
      population.slice(0, 200).map(({ fractures }) => fractures),
    )
    expect(again.map(({ imagingOrders }) => imagingOrders)).toEqual(
      population.slice(0, 200).map(({ imagingOrders }) => imagingOrders),
    )
    const ids = [
      ...inTwoBatches.map(({ patient }) => patient.id),
      ...inTwoBatches.flatMap(({ fractures }) => fractures.map(({ id }) => id)),
      ...inTwoBatches.flatMap(({ imagingOrders }) => imagingOrders.map(({ id }) => id)),
    ]
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(uuidPattern)
    for (const { patient, fractures, imagingOrders } of population) {
      for (const row of [...fractures, ...imagingOrders]) expect(row.patientId).toBe(patient.id)
    }
  })

  it('averages about 1.5 fractures; only referred patients may have none, and at most one', () => {
    const mean = allFractures.length / population.length
    expect(mean).toBeGreaterThan(1.3)
    expect(mean).toBeLessThan(1.7)
    for (const { patient, fractures } of population) {
      if (patient.status === 'referred') expect(fractures.length).toBeLessThanOrEqual(1)
      else expect(fractures.length).toBeGreaterThanOrEqual(1)
    }
    expect(population.some(({ fractures }) => fractures.length > 3)).toBe(true)
  })

  it('puts each patient’s fractures at distinct levels', () => {
    for (const { fractures } of population) {
      expect(new Set(fractures.map(({ level }) => level)).size).toBe(fractures.length)
    }
  })

  it('concentrates levels at the thoracolumbar junction, led by T12 and L1', () => {
    const counts = new Map<string, number>()
    for (const { level } of allFractures) counts.set(level, (counts.get(level) ?? 0) + 1)
    const ranked = [...counts].sort(([, a], [, b]) => b - a).map(([level]) => level)
    expect(ranked.slice(0, 2).sort()).toEqual(['L1', 'T12'])
    const shareOf = (levels: readonly string[]) =>
      levels.reduce((sum, level) => sum + (counts.get(level) ?? 0), 0) / allFractures.length
    expect(shareOf(['T11', 'T12', 'L1', 'L2'])).toBeGreaterThan(0.55)
    expect(shareOf(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'L5', 'S1'])).toBeLessThan(0.08)
  })

  it('keeps height loss in range, about 8 % below the 15 % VCF threshold', () => {
    for (const { heightLossPct } of allFractures) {
      expect(heightLossPct).toBeGreaterThan(0)
      expect(heightLossPct).toBeLessThanOrEqual(80)
      expect(Math.round(heightLossPct * 100) / 100).toBe(heightLossPct)
    }
    const below = allFractures.filter(({ heightLossPct }) => heightLossPct < 15).length
    expect(below / allFractures.length).toBeGreaterThan(0.065)
    expect(below / allFractures.length).toBeLessThan(0.095)
    const typical = allFractures.filter((f) => f.heightLossPct >= 15 && f.heightLossPct <= 60)
    expect(typical.length / allFractures.length).toBeGreaterThan(0.85)
    expect(allFractures.some(({ heightLossPct }) => heightLossPct > 60)).toBe(true)
  })

  it('fills the other fracture fields within their ranges', () => {
    for (const fracture of allFractures) {
      expect(fracture.fractureAgeWeeks).toBeGreaterThanOrEqual(1)
      expect(fracture.fractureAgeWeeks).toBeLessThanOrEqual(26)
      if (fracture.kyphoticAngleDeg !== null) {
        expect(fracture.kyphoticAngleDeg).toBeGreaterThanOrEqual(5)
        expect(fracture.kyphoticAngleDeg).toBeLessThanOrEqual(35)
        expect(Math.round(fracture.kyphoticAngleDeg * 10) / 10).toBe(fracture.kyphoticAngleDeg)
      }
      if (fracture.retropulsion) expect(fracture.posteriorWallInvolved).toBe(true)
      expect(fracture.removedAt).toBeNull()
    }
    const shareOf = (predicate: (f: (typeof allFractures)[number]) => boolean) =>
      allFractures.filter(predicate).length / allFractures.length
    expect(shareOf(({ morphology }) => morphology === 'wedge')).toBeGreaterThan(0.5)
    expect(shareOf(({ posteriorWallInvolved }) => posteriorWallInvolved)).toBeGreaterThan(0.07)
    expect(shareOf(({ posteriorWallInvolved }) => posteriorWallInvolved)).toBeLessThan(0.13)
    expect(shareOf(({ retropulsion }) => retropulsion)).toBeGreaterThan(0.03)
    expect(shareOf(({ retropulsion }) => retropulsion)).toBeLessThan(0.07)
    expect(shareOf(({ kyphoticAngleDeg }) => kyphoticAngleDeg === null)).toBeGreaterThan(0)
  })

  it('reads MRI edema only once imaging is done, mostly as present', () => {
    const imaged = population.filter(({ patient }) => pastImaging.includes(patient.status!))
    const edema = imaged.flatMap(({ fractures }) => fractures.map(({ mriEdema }) => mriEdema))
    expect(edema.filter((value) => value === 'yes').length / edema.length).toBeGreaterThan(0.7)
    for (const { patient, fractures } of population) {
      if (pastImaging.includes(patient.status!)) continue
      for (const { mriEdema } of fractures) expect(mriEdema).toBe('unknown')
    }
  })

  it('keeps fractureCount and fractureLevels in step with the fractures, in anatomical order', () => {
    for (const { patient, fractures } of population) {
      expect(patient.fractureCount).toBe(fractures.length)
      const positions = fractures.map(({ level }) => vertebralLevels.indexOf(level))
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
      expect(patient.fractureLevels).toBe(fractures.map(({ level }) => level).join(', '))
    }
    expect(population.some(({ patient }) => patient.fractureLevels.includes(', '))).toBe(true)
  })

  it('plans a procedure exactly for candidates and later, vertebroplasty more often', () => {
    for (const { patient } of population) {
      if (withPlannedProcedure.includes(patient.status!)) {
        expect(['vertebroplasty', 'kyphoplasty']).toContain(patient.plannedProcedure)
      } else {
        expect(patient.plannedProcedure).toBeNull()
      }
    }
    const planned = population.filter(({ patient }) => patient.plannedProcedure !== null)
    const vertebroplasty = planned.filter(
      ({ patient }) => patient.plannedProcedure === 'vertebroplasty',
    )
    expect(vertebroplasty.length / planned.length).toBeGreaterThan(0.5)
    expect(vertebroplasty.length / planned.length).toBeLessThan(0.6)
  })

  it('has pending imaging exactly for patients in imaging, completed imaging for later ones', () => {
    for (const { patient, imagingOrders } of population) {
      const pending = imagingOrders.filter(({ completedOn }) => completedOn === null)
      if (patient.status === 'referred') {
        expect(imagingOrders).toEqual([])
      } else if (patient.status === 'imaging') {
        expect(imagingOrders.length).toBeGreaterThanOrEqual(1)
        expect(imagingOrders.length).toBeLessThanOrEqual(2)
        expect(pending).toEqual(imagingOrders)
        for (const { orderedOn, finding } of imagingOrders) {
          expect(daysBetween(orderedOn, todayDate)).toBeLessThanOrEqual(30)
          expect(finding).toBeNull()
        }
      } else {
        expect(pastImaging).toContain(patient.status)
        expect(imagingOrders.length).toBeGreaterThanOrEqual(1)
        expect(imagingOrders.length).toBeLessThanOrEqual(2)
        expect(pending).toEqual([])
      }
      for (const { orderedBy } of imagingOrders) expect(orderedBy).toBeNull()
    }
  })

  it('leads with MRI and reports findings at the patient’s own levels', () => {
    const mri = allOrders.filter(({ modality }) => modality === 'mri').length
    expect(mri / allOrders.length).toBeGreaterThan(0.5)
    for (const { fractures, imagingOrders } of population) {
      const levels = fractures.map(({ level }) => level)
      for (const { modality, finding } of imagingOrders) {
        // A DEXA report gives a bone density, not a fracture level.
        if (finding === null || modality === 'dexa') continue
        const named = finding.match(/\b[TLS]\d{1,2}\b/g) ?? []
        expect(named.length).toBeGreaterThan(0)
        for (const level of named) expect(levels).toContain(level)
      }
    }
    const acute = allOrders.find(({ finding }) => finding?.startsWith('Acute '))
    expect(acute?.finding).toMatch(/^Acute [TLS]\d{1,2} compression fracture with STIR edema/)
  })

  it('dates fractures and imaging between the referral and today, completions after orders', () => {
    const problems: string[] = []
    for (const { patient, fractures, imagingOrders } of population) {
      const report = (problem: string) => problems.push(`${patient.mrn}: ${problem}`)
      const inRange = (date: string) => date >= patient.referralDate && date <= todayDate
      for (const { level, diagnosedOn } of fractures) {
        if (!inRange(diagnosedOn)) report(`${level} diagnosed on ${diagnosedOn}`)
      }
      for (const { modality, orderedOn, completedOn } of imagingOrders) {
        if (!inRange(orderedOn)) report(`${modality} ordered on ${orderedOn}`)
        if (completedOn !== null && !(completedOn >= orderedOn && completedOn <= todayDate)) {
          report(`${modality} ordered ${orderedOn}, completed ${completedOn}`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

describe('ids', () => {
  // The PRNG's 32-bit state repeats; ids drawn from it collided past ~65,000 patients.
  it('stay unique across 100,000 patients, their fractures and their imaging orders', () => {
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
