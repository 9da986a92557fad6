import { connect } from './client'
import { databaseConfigFromEnv, describeDatabase } from './config'
import { migrateDatabase } from './migrate'
import { restrictNewFilesToOwner } from './private-files'

async function main() {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  const config = databaseConfigFromEnv()
  const handle = await connect(config)
  try {
    const started = performance.now()
    const applied = await migrateDatabase(handle.db)
    const ms = Math.round(performance.now() - started)
    console.log(`${describeDatabase(config)}: ${applied} migration(s) applied in ${ms} ms`)
  } finally {
    await handle.close()
  }
}

main().catch((error: unknown) => {
  console.error(
    `Migration failed, schema unchanged: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
