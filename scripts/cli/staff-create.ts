// npm run staff:create -- --email … --name … --role admin
// The way to create the first admin of a real deployment: there is no public sign-up.
// The password comes from STAFF_PASSWORD or a hidden prompt, never from the command line
// (which shell history and process lists would keep).
import { openDatabase } from '@/db/client'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { staffRoles } from '@/db/schema'
import { newStaffSchema } from '@/lib/staff/schemas'
import { insertStaffMember } from '@/lib/staff/create'
import { fail, parseCliArgs } from './args'
import { promptHidden } from './prompt'
import { restrictNewFilesToOwner } from '@/db/private-files'

const USAGE = `npm run staff:create -- --email EMAIL --name "NAME" --role ${staffRoles.join('|')}`

async function main() {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  const args = parseCliArgs(
    { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
    USAGE,
  )
  let password = process.env.STAFF_PASSWORD
  if (!password) {
    password =
      (await promptHidden('Password: ')) ??
      fail('No terminal to ask for the password: set STAFF_PASSWORD instead.')
    if ((await promptHidden('Repeat password: ')) !== password) fail('The passwords do not match.')
  }
  const input = newStaffSchema.safeParse({ ...args, password })
  if (!input.success) {
    fail(
      `${input.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n')}\nUsage: ${USAGE}`,
    )
  }
  const config = databaseConfigFromEnv()
  const handle = await openDatabase(config)
  try {
    const { id } = await insertStaffMember(
      handle.db,
      { ...input.data, mustChangePassword: false },
      null,
    )
    console.log(
      `Created ${input.data.role} ${input.data.email} (${id}) in ${describeDatabase(config)}`,
    )
  } finally {
    await handle.close()
  }
}

main().catch((error: unknown) =>
  fail(
    `Could not create the staff member: ${error instanceof Error ? error.message : String(error)}`,
  ),
)
