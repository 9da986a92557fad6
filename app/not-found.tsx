import Link from 'next/link'
import { connection } from 'next/server'
import { StatusMain } from '@/components/shell/main-landmark'

export default async function NotFound() {
  // Rendered per request so its scripts carry the response's CSP nonce (see proxy.ts).
  await connection()
  return (
    <StatusMain className="mx-auto flex max-w-lg flex-col gap-3 px-4 py-24 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">The page or record does not exist, or it has moved.</p>
      <Link href="/" className="text-brand-700 underline">
        Go to your home page
      </Link>
    </StatusMain>
  )
}
