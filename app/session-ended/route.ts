import { redirect } from 'next/navigation'
import { signOut } from '@/lib/auth'
import { currentStaffOrNull, homePathFor } from '@/lib/auth/session'

// The data-access layer sends a revoked or expired session here: only a route handler (not a
// server component) can clear the cookie. A session that is still valid is left alone, so a
// link or image from another site cannot sign anyone out (signing out is a POST to /sign-out).
export async function GET() {
  const me = await currentStaffOrNull()
  if (me) redirect(homePathFor(me.role))
  await signOut({ redirectTo: '/login?reason=ended' })
}
