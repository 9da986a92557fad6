// npm run audit:verify
// Walks the whole audit hash chain from its first row and says whether it is intact; exits 1
// at the first broken row (changed, missing, or added outside the chain). An intact chain moves
// the checkpoint the audit page continues from. Run it on a schedule (e.g. nightly).
import { openDatabase } from '@/db/client'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { describeChainReport, verifyWholeChain } from '@/lib/audit-log/chain'
import { fail, parseCliArgs } from './args'

async function main() {
  parseCliArgs({}, 'npm run audit:verify')
  const config = databaseConfigFromEnv()
  const handle = await openDatabase(config)
  const report = await verifyWholeChain(handle.db).finally(() => handle.close())
  const line =
    `${describeChainReport(report)} (${describeDatabase(config)}, ` +
    `${report.checkedRows.toLocaleString('en-US')} rows checked)`
  if (!report.intact) fail(line)
  console.log(line)
}

main().catch((error: unknown) =>
  fail(`Audit verification failed: ${error instanceof Error ? error.message : String(error)}`),
)
