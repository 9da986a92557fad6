// The decision form's fields as a browser posts them for a patient who meets every criterion
// (ticked boxes are "on"); tests parse them with the checklist or decision schema.
export const QUALIFYING_FIELDS = {
  painDueToFracture: 'on',
  imagingConfirmed: 'on',
  worseningPain: 'on',
  mobilityImpaired: 'on',
  boneDensityReferral: 'on',
  osteoporosisEducation: 'on',
  painNrs: '8',
} as const
