import { getDb } from '@/db/client'
import { totpCode } from '@/lib/auth/totp'
import { confirmEnrolment, startEnrolment } from '@/lib/auth/two-factor'

const STEP_MS = 30_000

/**
 * Turns two-factor sign-in on for a member, as the setup page does, with the code of the current
 * time step. Later codes must come from later steps (a code works once): `nextCode(secret, n)`.
 */
export async function enrolTwoFactor(staffId: string) {
  const db = await getDb()
  return db.transaction(async (tx) => {
    const secret = await startEnrolment(tx, staffId)
    if (!secret) throw new Error('fixture: two-factor is already on')
    const recoveryCodes = await confirmEnrolment(tx, staffId, totpCode(secret))
    if (!recoveryCodes) throw new Error('fixture: the enrolment code was refused')
    return { secret, recoveryCodes }
  })
}

/** The app's code `steps` steps from now (the server accepts one step either side). */
export function nextCode(secret: string, steps = 1): string {
  return totpCode(secret, Date.now() + steps * STEP_MS)
}
