import { describe, expect, it } from 'vitest'
import { vertebralLevels } from '../../schema'
import {
  daysBetween,
  generate,
  generateInTwoBatches,
  pastImaging,
  population,
  todayDate,
  uuidPattern,
  withPlannedProcedure,
} from './test-population'

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
    const inTwoBatches = generateInTwoBatches()
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
