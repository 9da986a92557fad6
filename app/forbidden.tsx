import Link from 'next/link'
import { StatusMain } from '@/components/shell/main-landmark'

export default function Forbidden() {
  return (
    <StatusMain className="mx-auto flex max-w-lg flex-col gap-3 px-4 py-24 text-center">
      <p className="text-sm font-semibold text-slate-500">403</p>
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="text-slate-600">
        Your role does not include this part of Augment. Ask an administrator if you need it.
      </p>
      <Link href="/" className="text-brand-700 underline">
        Go to your home page
      </Link>
    </StatusMain>
  )
}
