import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { getDb } from '@/db/client'
import { auditLog } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { refused } from '@/lib/action-result'
import { hashPassword } from '@/lib/auth/password'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

// The pipeline's own guarantees, apart from any feature: the roles are checked before the form
// is read, and a refusal writes nothing, even what the command wrote before refusing.

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const revalidated: string[] = []
vi.mock('next/cache', () => ({ revalidatePath: (path: string) => revalidated.push(path) }))

const { bindForm, defineCommand, done } = await import('./pipeline')
const { auditPatientChange } = await import('./patient')

type Member = Awaited<ReturnType<typeof insertStaff>>
let coordinator: Member, physician: Member

beforeAll(async () => {
  const db = await getDb()
  const hash = await hashPassword('a long enough passphrase for tests')
  coordinator = await insertStaff(db, hash, { role: 'coordinator' })
  physician = await insertStaff(db, hash, { role: 'physician' })
})

const MARKER = '00000000-0000-4000-8000-00000000c0de'

/** Writes an audit row, then refuses when asked to: the row must not survive the refusal. */
const probe = defineCommand({
  roles: ['physician'],
  schema: z.object({ refuse: z.enum(['yes', 'no']) }),
  async run({ tx, me, ipAddress }, input) {
    await auditPatientChange(tx, {
      action: 'fracture.created',
      patientId: MARKER,
      actor: me,
      ipAddress,
      details: {},
    })
    return input.refuse === 'yes' ? refused('Refused after writing.') : done({ patientId: MARKER })
  },
  changed: ({ patientId }) => [`/candidates/${patientId}`],
  then: { message: 'Done.' },
})
const probeAction = bindForm(probe)

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.set(key, value)
  return data
}
const markerRows = async () => (await getDb()).$count(auditLog, eq(auditLog.entityId, MARKER))

describe('the write pipeline', () => {
  it('refuses a role the command does not name before reading the form', async () => {
    signInAs(coordinator)
    expect(await outcomeOf(() => probeAction({ ok: true }, form({ refuse: 'maybe' })))).toBe(
      'http:403',
    )
    signInAs(null)
    expect(await outcomeOf(() => probeAction({ ok: true }, form({})))).toBe('redirect:/login')
  })

  it('reports every invalid field with the typed values', async () => {
    signInAs(physician)
    expect(await probeAction({ ok: true }, form({ refuse: 'maybe' }))).toMatchObject({
      ok: false,
      fieldErrors: { refuse: [expect.any(String)] },
      values: { refuse: 'maybe' },
    })
  })

  it('rolls back what a refused command wrote, and keeps what was typed', async () => {
    signInAs(physician)
    const before = await markerRows()
    expect(await probeAction({ ok: true }, form({ refuse: 'yes' }))).toEqual({
      ok: false,
      message: 'Refused after writing.',
      values: { refuse: 'yes' },
    })
    expect(await markerRows()).toBe(before)
    expect(revalidated).toEqual([])
  })

  it('commits a done command and revalidates what it reports it changed', async () => {
    signInAs(physician)
    const before = await markerRows()
    expect(await probeAction({ ok: true }, form({ refuse: 'no' }))).toMatchObject({
      ok: true,
      message: 'Done.',
    })
    expect(await markerRows()).toBe(before + 1)
    expect(revalidated).toEqual([`/candidates/${MARKER}`])
  })
})
