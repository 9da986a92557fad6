/**
 * A text cell starting with = + - @ (or a tab/return) would run as a formula when the file is
 * opened in a spreadsheet; a leading apostrophe keeps it text. Numbers are left as they are.
 */
export const neutralizeFormula = (value: string | number): string | number =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
