import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { getDb, type Database } from '@/db/client'
import {
  adverseEvents,
  followUps,
  outcomeAdverseEventCounts,
  outcomeKyphosisBins,
  outcomePatientCounts,
  outcomeProcedureCounts,
  outcomeScores,
  patients,
  procedures,
  treatedLevels,
} from '@/db/schema'
import { isResponder } from '../rules'
import { KYPHOSIS_BIN_DEG } from '../summaries'

// The outcome rollup must equal, after any change, what the base tables say. The reference
// below is computed in JavaScript from the raw rows (the rules of lib/outcomes/rules.ts and the
// bin width of lib/outcomes/summaries.ts), independently of the migration's SQL.

export const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

/** yyyy-mm-dd of an instant in a time zone. */
export const dayIn = (zone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)

type Row = Record<string, string | number | null>
/** Rows as JSON with their keys in order, sorted: comparable whatever order they came in. */
export const sorted = (rows: Row[]) =>
  rows
    .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort())))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** Adds `values` into the row of `key` in `map`, creating it from `init`. */
function bump(map: Map<string, Row>, init: Row, values: Record<string, number>) {
  const key = JSON.stringify(init)
  const row = map.get(key) ?? {
    ...init,
    ...Object.fromEntries(Object.keys(values).map((k) => [k, 0])),
  }
  for (const [name, value] of Object.entries(values)) row[name] = (row[name] as number) + value
  map.set(key, row)
}

/** The rollup's rows as the base tables say they should be, in the rollup's time zone. */
export async function reference(db: Database, zone: string) {
  const [procedureRows, patientRows, followUpRows, levelRows, eventRows] = await Promise.all([
    db.select().from(procedures),
    db.select().from(patients),
    db.select().from(followUps),
    db.select().from(treatedLevels),
    db.select().from(adverseEvents),
  ])
  const etiologyOf = new Map(patientRows.map((p) => [p.id, p.etiology]))
  const keyOf = new Map<string, Row>()
  for (const p of procedureRows) {
    if (p.status !== 'completed') continue
    keyOf.set(p.id, {
      day: dayIn(zone, p.performedAt!),
      type: p.type,
      physicianId: p.physicianId,
      etiology: etiologyOf.get(p.patientId)!,
    })
  }
  const scores = new Map<string, Row>()
  const baseline = new Map<string, number>()
  for (const f of followUpRows) {
    if (f.timepoint === 'baseline' && f.assessedOn !== null && f.painNrs !== null)
      baseline.set(f.procedureId, f.painNrs)
  }
  for (const f of followUpRows) {
    const key = keyOf.get(f.procedureId)
    if (!key || f.assessedOn === null || (f.painNrs === null && f.odi === null)) continue
    const base = baseline.get(f.procedureId)
    const paired = base !== undefined && f.painNrs !== null
    const drop = paired ? base - f.painNrs! : 0
    bump(
      scores,
      { ...key, timepoint: f.timepoint },
      {
        painN: f.painNrs === null ? 0 : 1,
        painSum: f.painNrs ?? 0,
        painSumsq: (f.painNrs ?? 0) ** 2,
        odiN: f.odi === null ? 0 : 1,
        odiSum: f.odi ?? 0,
        odiSumsq: (f.odi ?? 0) ** 2,
        pairedN: paired ? 1 : 0,
        responders: paired && isResponder(base, f.painNrs!) ? 1 : 0,
        improvementSum: drop,
        improvementSumsq: drop * drop,
      },
    )
  }
  const mix = new Map<string, Row>()
  for (const p of procedureRows) {
    const key = keyOf.get(p.id)
    if (key)
      bump(
        mix,
        { ...key, disposition: p.disposition, overnightReason: p.overnightReason },
        { n: 1 },
      )
  }
  const bins = new Map<string, Row>()
  for (const level of levelRows) {
    const key = keyOf.get(level.procedureId)
    const { kyphoticAngleBeforeDeg: before, kyphoticAngleAfterDeg: after } = level
    if (!key || before === null || after === null) continue
    const tenths = Math.round(before * 10) - Math.round(after * 10)
    const binDeg = Math.floor(tenths / (KYPHOSIS_BIN_DEG * 10)) * KYPHOSIS_BIN_DEG
    bump(
      bins,
      { ...key, binDeg },
      { n: 1, correctionTenthsSum: tenths, correctionTenthsSumsq: tenths * tenths },
    )
  }
  const events = new Map<string, Row>()
  const affected = new Map<string, Set<string>>()
  for (const event of eventRows) {
    const key = keyOf.get(event.procedureId)
    if (!key) continue
    const init = { ...key, category: event.category }
    bump(events, init, { events: 1, symptomatic: event.symptomatic ? 1 : 0 })
    const id = JSON.stringify(init)
    affected.set(id, (affected.get(id) ?? new Set()).add(event.procedureId))
  }
  for (const [id, row] of events) row.procedures = affected.get(id)!.size
  const registry = new Map<string, Row>()
  for (const p of patientRows) {
    bump(
      registry,
      {
        referralDate: p.referralDate,
        assignedPhysicianId: p.assignedPhysicianId,
        etiology: p.etiology,
        plannedProcedure: p.plannedProcedure,
        status: p.status,
      },
      { n: 1 },
    )
  }
  return {
    scores: sorted([...scores.values()]),
    mix: sorted([...mix.values()]),
    bins: sorted([...bins.values()]),
    events: sorted([...events.values()]),
    patients: sorted([...registry.values()]),
  }
}

export async function rollup(db: Database) {
  const [scores, mix, bins, events, registry] = await Promise.all([
    db.select().from(outcomeScores),
    db.select().from(outcomeProcedureCounts),
    db.select().from(outcomeKyphosisBins),
    db.select().from(outcomeAdverseEventCounts),
    db.select().from(outcomePatientCounts),
  ])
  return {
    scores: sorted(scores),
    mix: sorted(mix),
    bins: sorted(bins),
    events: sorted(events),
    patients: sorted(registry),
  }
}

export async function rollupZone(db: Database): Promise<string> {
  return rowsOf<{ zone: string }>(
    await db.execute(sql`select time_zone as zone from outcome_rollup_state`),
  )[0]!.zone
}

/** The rollup equals the reference, and the commit-time flush left no work queued. */
export async function expectExact() {
  const db = await getDb()
  const zone = await rollupZone(db)
  expect(await rollup(db)).toEqual(await reference(db, zone))
  const queued = rowsOf<{ n: number }>(
    await db.execute(
      sql`select (select count(*) from outcome_rollup_queue) + (select count(*) from outcome_patient_count_queue) as n`,
    ),
  )
  expect(Number(queued[0]!.n)).toBe(0)
}

/** Rows of rollup work a bulk load deferred. */
export const waitingRows = async (db: Database) =>
  Number(
    rowsOf<{ n: number }>(
      await db.execute(sql`select count(*) as n from outcome_rollup_queue where deferred`),
    )[0]!.n,
  )
