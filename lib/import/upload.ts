import 'server-only'
import { readBodyWithin } from '@/lib/read-body'
import { MAX_UPLOAD_BYTES, UPLOAD_FIELD_NAME } from './protocol'
import type { ReferralsUpload } from './referrals'

export type UploadReading =
  { ok: true; upload: ReferralsUpload } | { ok: false; status: number; message: string }

// Room for the multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024
const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES
const TOO_LARGE = `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Split it into smaller files.`

/** True when a browser says the request comes from another site (CSRF); compared with Host. */
export function isCrossSite(headers: Headers): boolean {
  const origin = headers.get('origin')
  if (origin === null) return false
  // An opaque origin ("null") is never ours.
  if (!URL.canParse(origin)) return true
  return new URL(origin).host !== headers.get('host')
}

/**
 * Reads the multipart upload's CSV file as UTF-8 text, refusing oversized bodies while they
 * stream in: a missing or lying Content-Length cannot make the server buffer more.
 */
export async function readCsvUpload(request: Request): Promise<UploadReading> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return refused(415, 'Send the file as multipart/form-data.')
  }
  const declaredLength = Number(request.headers.get('content-length') ?? 0)
  if (declaredLength > MAX_BODY_BYTES) return refused(413, TOO_LARGE)
  const body = await readBodyWithin(request, MAX_BODY_BYTES)
  if (body === null) return refused(413, TOO_LARGE)

  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
  } catch {
    return refused(400, 'The upload could not be read. Choose the file and try again.')
  }
  const file = form.get(UPLOAD_FIELD_NAME)
  if (!(file instanceof File)) return refused(400, 'Choose a CSV file to import.')
  if (file.size === 0) return refused(400, 'The file is empty.')
  if (file.size > MAX_UPLOAD_BYTES) return refused(413, TOO_LARGE)

  let text: string
  try {
    // Strict: a file saved in a legacy encoding must not import with mangled names.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
  } catch {
    return refused(400, 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')
  }
  return { ok: true, upload: { fileName: safeFileName(file.name), text } }
}

function refused(status: number, message: string): UploadReading {
  return { ok: false, status, message }
}

/** The name as the audit log keeps it: no path, no control characters, bounded. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return clean.slice(0, 200) || 'upload.csv'
}
