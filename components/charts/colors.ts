// Kept out of charts.tsx: a server component importing a value from a 'use client' module gets
// a client reference, not the value.

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'] as const

/** Literature lines and their labels. */
export const REFERENCE_COLOR = '#475569'
