import { describe, expect, it } from 'vitest'
import type { RecordFracture, RecordImagingOrder } from '@/lib/candidates/record-model'
import { decisionStart } from './prefill'

const fracture = (fields: Partial<RecordFracture>): RecordFracture => ({
  id: crypto.randomUUID(),
  level: 'L1',
  diagnosedOn: null,
  heightLossPct: 20,
  morphology: 'wedge',
  fractureAgeWeeks: null,
  mriEdema: 'unknown',
  kyphoticAngleDeg: null,
  posteriorWallInvolved: false,
  retropulsion: false,
  version: 1,
  ...fields,
})
const order = (fields: Partial<RecordImagingOrder>): RecordImagingOrder => ({
  id: crypto.randomUUID(),
  modality: 'mri',
  orderedOn: '2026-11-30',
  completedOn: null,
  finding: null,
  ...fields,
})

describe('decisionStart', () => {
  it('ticks imaging confirmed for a completed MRI with edema, and a kyphosis from 15°', () => {
    const start = decisionStart({
      fractures: [
        fracture({ level: 'T12', heightLossPct: 38, mriEdema: 'yes', kyphoticAngleDeg: 15 }),
        fracture({ level: 'L2', heightLossPct: 22, kyphoticAngleDeg: 14.5 }),
      ],
      imaging: [
        order({ completedOn: '2026-12-02' }),
        order({ modality: 'xray', completedOn: '2026-12-01' }),
      ],
    })
    expect(start.values).toEqual({ imagingConfirmed: true, kyphoticDeformity: true })
    expect(start.facts).toEqual([
      'Completed: MRI Wed 2 Dec 2026',
      'Edema on MRI at T12',
      'Largest height loss 38 % at T12 (over 25 %: a sign of progression)',
      'Kyphotic angle ≥ 15° at T12 (15°)',
    ])
  })

  it('leaves both unticked when the study is only ordered or shows no edema', () => {
    const edema = [fracture({ mriEdema: 'yes' })]
    expect(decisionStart({ fractures: edema, imaging: [order({})] }).values.imagingConfirmed).toBe(
      false,
    )
    const noEdema = decisionStart({
      fractures: [fracture({ mriEdema: 'no', kyphoticAngleDeg: 10 })],
      imaging: [order({ modality: 'bone_scan', completedOn: '2026-12-02' })],
    })
    expect(noEdema.values).toEqual({ imagingConfirmed: false, kyphoticDeformity: false })
    expect(noEdema.facts).toContain('No fracture with edema on MRI')
    expect(noEdema.facts).toContain('No kyphotic angle of 15° or more recorded')
  })

  it('says so when nothing is recorded yet', () => {
    expect(decisionStart({ fractures: [], imaging: [] }).facts).toEqual([
      'No MRI or bone scan completed',
      'No fracture with edema on MRI',
      'No fracture recorded',
      'No kyphotic angle of 15° or more recorded',
    ])
  })
})
