import { describe, expect, it } from 'vitest'
// The seed copies the schedule's offsets because db/ may not import lib/; this test (tests may)
// holds the copy to its source of truth.
import { followUpSchedule } from '@/lib/follow-ups/rules'
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

describe('generatePatients procedures and follow-ups', () => {
  const treatedStatuses: readonly PatientStatus[] = [
    'treated',
    'follow_up',
    'closed',
    'lost_to_follow_up',
  ]
  const completed = population.flatMap(({ procedures }) =>
    procedures.filter(({ status }) => status === 'completed'),
  )
  const allLevels = population.flatMap(({ treatedLevels }) => treatedLevels)
  const allFollowUps = population.flatMap(({ followUps }) => followUps)
  const eventDay = (generated: GeneratedPatient, status: PatientStatus) =>
    generated.events
      .find(({ toStatus }) => toStatus === status)
      ?.occurredAt.toISOString()
      .slice(0, 10)

  it('gives each patient the procedures its status implies', () => {
    const problems: string[] = []
    for (const generated of population) {
      const { patient, procedures, fractures } = generated
      const report = (problem: string) => problems.push(`${patient.mrn}: ${problem}`)
      const active = procedures.filter(({ status }) => status !== 'cancelled')
      const cancelled = procedures.filter(({ status }) => status === 'cancelled')
      const wasBooked = patient.status === 'scheduled' || treatedStatuses.includes(patient.status!)
      if (!wasBooked) {
        if (procedures.length > 0) report('procedure before booking')
        continue
      }
      if (active.length !== 1) {
        report(`${active.length} scheduled or completed procedures`)
        continue
      }
      const [procedure] = active as [GeneratedPatient['procedures'][number]]
      if (cancelled.length > 1) report('more than one cancelled procedure')
      const expected = patient.status === 'scheduled' ? 'scheduled' : 'completed'
      if (procedure.status !== expected) report(`${procedure.status}, expected ${expected}`)
      for (const row of procedures) {
        if (row.patientId !== patient.id) report('procedure of another patient')
        if (row.type !== patient.plannedProcedure) report('type is not the planned procedure')
        if (row.physicianId !== patient.assignedPhysicianId) report('not the assigned physician')
        if (row.cement !== 'PMMA') report('cement')
        const levels = row.plannedLevels
        if (levels.length < 1 || levels.length > 3) report(`${levels.length} planned levels`)
        const positions = levels.map((level) => vertebralLevels.indexOf(level))
        if (positions.join() !== [...positions].sort((a, b) => a - b).join()) {
          report('planned levels out of order')
        }
        const recorded = fractures.map(({ level }) => level)
        if (!levels.every((level) => recorded.includes(level))) report('unrecorded planned level')
        if ((row.status === 'cancelled') !== (row.cancelReason !== null)) report('cancelReason')
        if (row.status === 'cancelled' && row.scheduledAt > procedure.scheduledAt) {
          report('cancelled booking after the one that went ahead')
        }
      }
      if (procedure.status === 'scheduled') {
        const days = daysBetween(todayDate, procedure.scheduledAt.toISOString().slice(0, 10))
        if (days < 0 || days > 21) report(`scheduled ${days} days ahead`)
        const hour = procedure.scheduledAt.getUTCHours()
        if (hour < 8 || hour > 17) report(`scheduled at ${hour}:00`)
        if (procedure.performedAt !== null || procedure.disposition !== null) {
          report('scheduled procedure has an outcome')
        }
      } else {
        const performedAt = procedure.performedAt!
        const performedOn = performedAt.toISOString().slice(0, 10)
        if (performedOn !== eventDay(generated, 'treated')) report('not performed on treated day')
        if (procedure.scheduledAt.toISOString().slice(0, 10) !== performedOn) {
          report('scheduled on another day')
        }
        const minutes = performedAt.getUTCHours() * 60 + performedAt.getUTCMinutes()
        if (minutes < 8 * 60 || minutes > 15 * 60) report(`performed at ${minutes} min`)
        if (performedAt > today) report('performed after today')
        if (patient.lastDisposition !== procedure.disposition) report('lastDisposition')
      }
      if (procedure.status !== 'completed' && patient.lastDisposition !== null) {
        report('lastDisposition without a completed procedure')
      }
    }
    expect(problems).toEqual([])
    const booked = population.filter(({ events }) => events.some((e) => e.toStatus === 'scheduled'))
    const withCancelled = booked.filter(({ procedures }) =>
      procedures.some(({ status }) => status === 'cancelled'),
    )
    expect(withCancelled.length / booked.length).toBeGreaterThan(0.03)
    expect(withCancelled.length / booked.length).toBeLessThan(0.07)
  })

  it('mixes anesthesia and approach by procedure type', () => {
    const shareOf = (
      rows: typeof completed,
      predicate: (row: (typeof completed)[number]) => boolean,
    ) => rows.filter(predicate).length / rows.length
    const local = shareOf(completed, ({ anesthesia }) => anesthesia === 'local_sedation')
    expect(local).toBeGreaterThan(0.65)
    expect(local).toBeLessThan(0.75)
    const kyphoplasty = completed.filter(({ type }) => type === 'kyphoplasty')
    const vertebroplasty = completed.filter(({ type }) => type === 'vertebroplasty')
    expect(shareOf(kyphoplasty, ({ approach }) => approach === 'bipedicular')).toBeGreaterThan(0.75)
    const vpBipedicular = shareOf(vertebroplasty, ({ approach }) => approach === 'bipedicular')
    expect(vpBipedicular).toBeGreaterThan(0.35)
    expect(vpBipedicular).toBeLessThan(0.65)
  })

  it('discharges 50–70 % the same day, gives every overnight stay a reason', () => {
    expect(completed.length).toBeGreaterThan(1000)
    const sameDay = completed.filter(({ disposition }) => disposition === 'same_day')
    expect(sameDay.length / completed.length).toBeGreaterThan(0.5)
    expect(sameDay.length / completed.length).toBeLessThan(0.7)
    const reasons = new Map<string, number>()
    for (const { disposition, overnightReason, performedAt, dischargedAt } of completed) {
      expect(disposition).not.toBeNull()
      if (disposition === 'overnight') {
        expect(overnightReason).not.toBeNull()
        reasons.set(overnightReason!, (reasons.get(overnightReason!) ?? 0) + 1)
      } else {
        expect(overnightReason).toBeNull()
      }
      if (dischargedAt === null) continue
      expect(dischargedAt > performedAt!).toBe(true)
      expect(dischargedAt <= today).toBe(true)
      const hours = (dischargedAt.getTime() - performedAt!.getTime()) / 3_600_000
      if (disposition === 'same_day') {
        expect(hours).toBeGreaterThanOrEqual(2)
        expect(hours).toBeLessThanOrEqual(6)
      } else {
        expect(dischargedAt.toISOString().slice(0, 10)).not.toBe(
          performedAt!.toISOString().slice(0, 10),
        )
      }
    }
    const ranked = [...reasons].sort(([, a], [, b]) => b - a).map(([reason]) => reason)
    expect(ranked[0]).toBe('pain_control')
  })

  it('treats the planned levels with cement, correction and height restoration in range', () => {
    const procedureOf = new Map(completed.map((procedure) => [procedure.id, procedure]))
    for (const { procedures, treatedLevels, fractures } of population) {
      const done = procedures.find(({ status }) => status === 'completed')
      expect(treatedLevels.map(({ level }) => level)).toEqual(done?.plannedLevels ?? [])
      for (const row of treatedLevels) {
        expect(row.procedureId).toBe(done!.id)
        const fracture = fractures.find(({ id }) => id === row.fractureId)
        expect(fracture?.level).toBe(row.level)
        if (fracture?.kyphoticAngleDeg != null) {
          expect(row.kyphoticAngleBeforeDeg).toBe(fracture.kyphoticAngleDeg)
        }
      }
    }
    const correction = new Map<string, number[]>()
    for (const row of allLevels) {
      const { type } = procedureOf.get(row.procedureId)!
      const [minMl, maxMl] = type === 'kyphoplasty' ? [3, 8] : [2, 6]
      expect(row.cementVolumeMl).toBeGreaterThanOrEqual(Math.max(0.5, minMl))
      expect(row.cementVolumeMl).toBeLessThanOrEqual(Math.min(15, maxMl))
      expect(Math.round(row.cementVolumeMl * 10) / 10).toBe(row.cementVolumeMl)
      expect(row.kyphoticAngleAfterDeg).toBeGreaterThanOrEqual(0)
      expect(row.kyphoticAngleAfterDeg).toBeLessThanOrEqual(row.kyphoticAngleBeforeDeg)
      const [minPct, maxPct] = type === 'kyphoplasty' ? [10, 40] : [0, 15]
      expect(row.heightRestoredPct).toBeGreaterThanOrEqual(minPct)
      expect(row.heightRestoredPct).toBeLessThanOrEqual(maxPct)
      const list = correction.get(type) ?? []
      list.push(row.kyphoticAngleBeforeDeg - row.kyphoticAngleAfterDeg)
      correction.set(type, list)
    }
    const mean = (values: number[] = []) => values.reduce((a, b) => a + b, 0) / values.length
    expect(mean(correction.get('kyphoplasty'))).toBeGreaterThan(4.3)
    expect(mean(correction.get('kyphoplasty'))).toBeLessThan(5.3)
    expect(mean(correction.get('vertebroplasty'))).toBeGreaterThan(1.4)
    expect(mean(correction.get('vertebroplasty'))).toBeLessThan(2)
  })

  it('records adverse events on about 8 % of completed procedures, led by cement leakage', () => {
    const events = population.flatMap(({ adverseEvents }) => adverseEvents)
    expect(events.length / completed.length).toBeGreaterThan(0.06)
    expect(events.length / completed.length).toBeLessThan(0.1)
    const performedOn = new Map(
      completed.map(({ id, performedAt }) => [id, performedAt!.toISOString().slice(0, 10)]),
    )
    const counts = new Map<string, number>()
    for (const event of events) {
      counts.set(event.category, (counts.get(event.category) ?? 0) + 1)
      expect(event.detectedOn >= performedOn.get(event.procedureId)!).toBe(true)
      expect(event.detectedOn <= todayDate).toBe(true)
      const leakage = event.category === 'cement_leakage'
      expect(event.leakageType !== null).toBe(leakage)
      expect(event.leakageLocation !== null).toBe(leakage)
      expect(event.recordedBy).toBeNull()
    }
    const ranked = [...counts].sort(([, a], [, b]) => b - a).map(([category]) => category)
    expect(ranked[0]).toBe('cement_leakage')
    const adjacent = (counts.get('new_adjacent_fracture') ?? 0) / completed.length
    expect(adjacent).toBeGreaterThan(0.015)
    expect(adjacent).toBeLessThan(0.045)
    const leaks = events.filter(({ category }) => category === 'cement_leakage')
    expect(leaks.filter(({ symptomatic }) => symptomatic).length / leaks.length).toBeLessThan(0.2)
  })

  it('schedules follow-ups exactly like lib/follow-ups/rules.ts', () => {
    for (const { procedures, followUps } of population) {
      const done = procedures.find(({ status }) => status === 'completed')
      if (!done) {
        expect(followUps).toEqual([])
        continue
      }
      const schedule = followUpSchedule(done.performedAt!.toISOString().slice(0, 10))
      expect(
        followUps.map(({ timepoint, dueOn, windowStart, windowEnd }) => ({
          timepoint,
          dueOn,
          windowStart,
          windowEnd,
        })),
      ).toEqual(schedule)
      for (const row of followUps) expect(row.procedureId).toBe(done.id)
    }
  })

  it('assesses only within windows and up to today, by status', () => {
    const problems: string[] = []
    let started = 0
    let assessed = 0
    for (const generated of population) {
      const { patient, followUps } = generated
      const report = (problem: string) => problems.push(`${patient.mrn}: ${problem}`)
      const lostOn = eventDay(generated, 'lost_to_follow_up')
      for (const row of followUps) {
        if (row.windowStart <= todayDate && row.timepoint !== 'h48') {
          started++
          if (row.assessedOn) assessed++
        }
        if (row.assessedOn === null) {
          if (row.painNrs !== null || row.odi !== null || row.mobility !== null) {
            report(`${row.timepoint} has scores but no date`)
          }
          continue
        }
        if (row.assessedOn < row.windowStart || row.assessedOn > row.windowEnd) {
          report(`${row.timepoint} assessed outside its window`)
        }
        if (row.assessedOn > todayDate) report(`${row.timepoint} assessed after today`)
        if (lostOn && row.assessedOn >= lostOn) report(`${row.timepoint} assessed after lost`)
        const { painNrs, odi, rmdq } = row
        if (painNrs === null || painNrs < 0 || painNrs > 10) report('painNrs')
        if (odi === null || odi < 0 || odi > 100) report('odi')
        if (rmdq !== null && (rmdq < 0 || rmdq > 24)) report('rmdq')
        if (row.analgesicUse === null || row.mobility === null || row.newFracture === null) {
          report('missing fields')
        }
        if (row.recordedBy !== null) report('recordedBy')
      }
      if (patient.status === 'closed' && followUps.some(({ assessedOn }) => !assessedOn)) {
        report('closed with an unassessed follow-up')
      }
      const [baseline] = followUps
      if (baseline && (baseline.painNrs! < 7 || baseline.painNrs! > 9)) report('baseline pain')
      if (baseline && (baseline.odi! < 50 || baseline.odi! > 75)) report('baseline ODI')
    }
    expect(problems).toEqual([])
    // Some windows that have opened are not yet due, so a little under the 90 % attendance.
    expect(assessed / started).toBeGreaterThan(0.75)
    expect(assessed / started).toBeLessThan(0.95)
  })

  it('has 80–90 % responders at 1 month, kyphoplasty no worse than vertebroplasty', () => {
    const rate = (type?: string) => {
      let pairs = 0
      let responders = 0
      for (const { procedures, followUps } of population) {
        const done = procedures.find(({ status }) => status === 'completed')
        if (!done || (type && done.type !== type)) continue
        const baseline = followUps.find(({ timepoint }) => timepoint === 'baseline')?.painNrs
        const month = followUps.find(({ timepoint }) => timepoint === 'm1')?.painNrs
        if (baseline == null || month == null) continue
        pairs++
        const fall = baseline - month
        if (fall >= 2 && fall >= 0.3 * baseline) responders++
      }
      return responders / pairs
    }
    expect(rate()).toBeGreaterThan(0.8)
    expect(rate()).toBeLessThan(0.9)
    expect(rate('kyphoplasty')).toBeGreaterThan(rate('vertebroplasty') - 0.02)
    // Less opioid use and more independence at 1 month than at baseline.
    const share = (
      timepoint: string,
      predicate: (row: (typeof allFollowUps)[number]) => boolean,
    ) => {
      const rows = allFollowUps.filter((row) => row.timepoint === timepoint && row.assessedOn)
      return rows.filter(predicate).length / rows.length
    }
    expect(share('m1', (row) => row.analgesicUse === 'opioid')).toBeLessThan(
      share('baseline', (row) => row.analgesicUse === 'opioid'),
    )
    expect(share('m1', (row) => row.mobility === 'independent')).toBeGreaterThan(
      share('baseline', (row) => row.mobility === 'independent'),
    )
    expect(share('m3', (row) => row.newFracture === true)).toBeLessThan(0.05)
  })

  it('keeps nextFollowUpOn the earliest open, not yet closed follow-up', () => {
    for (const { patient, followUps } of population) {
      const open = followUps
        .filter(({ assessedOn, windowEnd }) => assessedOn === null && windowEnd >= todayDate)
        .map(({ dueOn }) => dueOn)
        .sort()
      expect(patient.nextFollowUpOn).toBe(open[0] ?? null)
    }
    expect(population.some(({ patient }) => patient.nextFollowUpOn !== null)).toBe(true)
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
