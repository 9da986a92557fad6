'use server'

import { signOut } from '@/lib/auth'

export async function signOutAction(): Promise<void> {
  // events.signOut in lib/auth writes the audit row, whichever path signs out.
  await signOut({ redirectTo: '/login' })
}
