import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { importFailed, type ImportEvent } from '@/lib/import/protocol'
import { importReferrals } from '@/lib/import/referrals'
import { isCrossSite, readCsvUpload } from '@/lib/import/upload'

// Upload a referrals CSV; the answer streams NDJSON progress lines and ends with the outcome.
export async function POST(request: Request) {
  // Refuse cross-site posts: another site must not import into the clinic's records.
  if (isCrossSite(request.headers)) {
    return Response.json(importFailed('Cross-site upload refused.'), { status: 403 })
  }
  // Before reading the body, so a refused caller cannot make the server buffer 5 MB.
  await requireRole(...CLINICAL_ROLES)
  const reading = await readCsvUpload(request)
  if (!reading.ok) return Response.json(importFailed(reading.message), { status: reading.status })

  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: ImportEvent) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`))
        } catch {
          // The browser went away; the import still finishes (or rolls back) as one unit.
        }
      }
      // PGlite answers in the same thread: without a turn of the event loop between steps,
      // every progress line would reach the socket only after the last one.
      const sendProgress = async (event: ImportEvent) => {
        send(event)
        await new Promise((resolve) => setTimeout(resolve, 0))
      }
      importReferrals(reading.upload, sendProgress)
        .catch((error: unknown) => {
          console.error('[import] failed:', error)
          return importFailed('The import failed unexpectedly: nothing was imported.')
        })
        .then(send)
        .finally(() => controller.close())
        .catch(() => {})
    },
  })
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      // no-transform keeps compression from buffering the progress lines.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
