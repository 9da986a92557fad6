import type { PatientStatus } from '../../schema'
import { generatePatients, type GeneratedPatient, type GeneratePatientsOptions } from '.'

// The population the generator's tests share (5,000 patients of one seed) and their helpers.
// Early morning on purpose: anything dated in business hours today would be in the future.
export const today = new Date('2026-03-15T06:30:00Z')
export const todayDate = '2026-03-15'
export const physicianIds = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
]
export const baseOptions: GeneratePatientsOptions = { count: 5000, seed: 42, physicianIds, today }

export const generate = (options: Partial<GeneratePatientsOptions> = {}): GeneratedPatient[] => [
  ...generatePatients({ ...baseOptions, ...options }),
]
export const population = generate()
// Generated only by the tests that compare it with the single run.
export const generateInTwoBatches = (): GeneratedPatient[] => [
  ...generate({ count: 2500, startIndex: 0 }),
  ...generate({ count: 2500, startIndex: 2500 }),
]

// Written out here rather than taken from the generator.
export const pastImaging: readonly PatientStatus[] = [
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
export const withPlannedProcedure: readonly PatientStatus[] = [
  'candidate',
  'scheduled',
  'treated',
  'follow_up',
  'closed',
  'lost_to_follow_up',
]
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export function share(predicate: (generated: GeneratedPatient) => boolean): number {
  return population.filter(predicate).length / population.length
}

export function daysBetween(earlier: string, later: string): number {
  return (Date.parse(later) - Date.parse(earlier)) / 86_400_000
}
