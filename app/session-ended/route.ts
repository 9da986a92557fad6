import { signOut } from '@/lib/auth'

// The data-access layer sends a revoked or expired session here: only a route handler (not a
// server component) can clear the cookie.
export async function GET() {
  await signOut({ redirectTo: '/login?reason=ended' })
}
