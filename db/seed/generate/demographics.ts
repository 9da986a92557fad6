import type { Etiology, Sex } from '../../schema'
import { addDays } from './days'
import { pickWeighted, type Random, randomInt } from './random'

// Synthetic data only: every name below is a common given name or surname, combined at random,
// and every phone number is in the 555-0100–0199 range reserved for fiction.

const FEMALE_FIRST_NAMES = words(`
  Margaret Dorothy Helen Betty Ruth Shirley Barbara Patricia Joan Carol Evelyn Frances Jean Marie
  Gloria Rosa Mei Fatima Irene Lorraine Anita Yolanda Ingrid Keiko
`)
const MALE_FIRST_NAMES = words(`
  Robert James William Harold Walter Donald Richard Joseph Charles George Frank Raymond Ahmed
  Hiroshi Luis Eugene
`)
const UNGENDERED_FIRST_NAMES = ['Alex', 'Jordan', 'Taylor', 'Casey', 'Morgan', 'Riley']
export const LAST_NAMES = words(`
  Abbott Alvarez Bennett Brooks Castillo Chen Dubois Fischer Gallagher Haddad Hughes Kowalski
  Larsen Mendez Nakamura Nguyen O'Brien Okonkwo Patel Quinn Rossi Schmidt Tanaka Underwood Varga
  Walsh Yilmaz Zimmerman
`)
// A clinic hears from a limited circle of referrers, so a short fixed list is realistic.
export const REFERRING_PHYSICIANS = [
  'Dr. Alan Whitfield',
  'Dr. Beatrice Lund',
  'Dr. Carlos Ibarra',
  'Dr. Deborah Kane',
  'Dr. Emeka Obi',
  'Dr. Fiona Hartley',
  'Dr. Gregory Stone',
  'Dr. Hannah Weiss',
  'Dr. Imran Qureshi',
  'Dr. Julia Moreau',
  'Dr. Kenji Sato',
  'Dr. Linda Carver',
  'Dr. Martin Novak',
  'Dr. Nadia Farouk',
  'Dr. Oliver Grant',
  'Dr. Paula Reyes',
] as const

export const SEX_WEIGHTS: readonly (readonly [Sex, number])[] = [
  ['female', 0.75],
  ['male', 0.23],
  ['other', 0.01],
  ['unknown', 0.01],
]
export const ETIOLOGY_WEIGHTS: readonly (readonly [Etiology, number])[] = [
  ['osteoporotic', 0.6],
  ['steroid_induced_osteoporosis', 0.1],
  ['metastatic_tumor', 0.1],
  ['traumatic', 0.08],
  ['multiple_myeloma', 0.07],
  ['other', 0.05],
]
interface AgeBand {
  youngest: number
  oldest: number
  /** The age is the mean of this many uniform draws: 2 gives a triangle peaking mid-band. */
  draws: number
}
// Age in whole years on `today`. Most VCF patients are in their 70s and 80s.
const AGE_BAND_WEIGHTS: readonly (readonly [AgeBand, number])[] = [
  [{ youngest: 25, oldest: 49, draws: 1 }, 0.01],
  [{ youngest: 50, oldest: 59, draws: 1 }, 0.06],
  [{ youngest: 60, oldest: 95, draws: 2 }, 0.89],
  [{ youngest: 96, oldest: 105, draws: 1 }, 0.04],
]

const REFERRAL_WINDOW_DAYS = 3 * 365
// A fifth of referrals land in the last four months so active worklists are populated at any size.
const RECENT_REFERRAL_SHARE = 0.2
const RECENT_REFERRAL_DAYS = 120
export const PHONE_SHARE = 0.85

export function firstNamesFor(sex: Sex): readonly string[] {
  if (sex === 'female') return FEMALE_FIRST_NAMES
  if (sex === 'male') return MALE_FIRST_NAMES
  return UNGENDERED_FIRST_NAMES
}

export function referralDaysAgo(random: Random): number {
  // At least one day ago, so the referral event (in business hours) is never after `today`.
  const windowDays = random() < RECENT_REFERRAL_SHARE ? RECENT_REFERRAL_DAYS : REFERRAL_WINDOW_DAYS
  return randomInt(random, 1, windowDays)
}

export function dateOfBirthFor(random: Random, todayDate: Date): Date {
  const { youngest, oldest, draws } = pickWeighted(random, AGE_BAND_WEIGHTS)
  let sum = 0
  for (let draw = 0; draw < draws; draw++) sum += randomInt(random, youngest, oldest)
  const age = Math.round(sum / draws)
  const birthday = new Date(
    Date.UTC(todayDate.getUTCFullYear() - age, todayDate.getUTCMonth(), todayDate.getUTCDate()),
  )
  // 1–364 days before the birthday that makes `age`: exactly `age` on today, even on 29 February.
  return addDays(birthday, -randomInt(random, 1, 364))
}

function words(list: string): string[] {
  return list.trim().split(/\s+/)
}
