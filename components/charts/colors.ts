// Kept out of charts.tsx: a server component importing a value from a 'use client' module gets
// a client reference, not the value. One palette for every chart (Okabe–Ito: the colours stay
// apart for the common colour-vision deficiencies), each colour with one meaning only.

/** Each procedure type's colour, in every chart and legend. */
export const PROCEDURE_COLORS = { vertebroplasty: '#0072B2', kyphoplasty: '#D55E00' } as const

/** Same-day and overnight: colours no procedure type uses. */
export const DISPOSITION_COLORS = { same_day: '#009E73', overnight: '#CC79A7' } as const

/** One measure across every patient (no type to tell apart). */
export const NEUTRAL_COLOR = '#56657a'

/** Literature lines and their labels. */
export const REFERENCE_COLOR = '#475569'
