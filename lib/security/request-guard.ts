import { MAX_UPLOAD_BYTES } from '@/lib/import/protocol'
import { readBodyWithin } from '@/lib/read-body'

// Requests no browser using this app sends, answered with the client error they are instead
// of reaching Next (which answers some of them with 500): other methods (405), a NUL in the
// URL or in the body (400), bodies over 1 MB (413). The CSV upload has its own, larger limit.

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024
export const UPLOAD_PATH = '/candidates/import/upload'
// The file and the multipart boundaries around it (lib/import/upload.ts checks the file itself).
const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024

export interface Refusal {
  status: 400 | 405 | 413
  message: string
  headers?: Record<string, string>
}

export function bodyLimitFor(pathname: string): number {
  return pathname === UPLOAD_PATH ? MAX_UPLOAD_BODY_BYTES : MAX_REQUEST_BODY_BYTES
}

const NUL_IN_URL = /%00|\0/i

/** What is wrong with a request from its method, URL and declared length alone; null if nothing. */
export function requestLineRefusal(
  method: string | undefined,
  url: string | undefined,
  contentLength: string | null | undefined,
): Refusal | null {
  if (!(ALLOWED_METHODS as readonly string[]).includes(method ?? '')) {
    return {
      status: 405,
      message: 'Method not allowed',
      headers: { Allow: ALLOWED_METHODS.join(', ') },
    }
  }
  if (url && NUL_IN_URL.test(url)) return { status: 400, message: 'Malformed request URL' }
  if (contentLength) {
    const declared = Number(contentLength)
    const pathname = pathOf(url)
    if (!/^\d+$/.test(contentLength)) return { status: 400, message: 'Malformed Content-Length' }
    if (declared > bodyLimitFor(pathname)) return tooLarge()
  }
  return null
}

export function tooLarge(): Refusal {
  return { status: 413, message: 'Request body too large' }
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://augment.invalid').pathname
  } catch {
    return '/'
  }
}

/**
 * A body refusal: too large, or a NUL byte in a text or URL-encoded body (JSON cannot hold a
 * raw one, and no field of ours takes one). A multipart form may carry one in a field: the
 * field's own validation answers it, by the field, in plain words.
 */
export async function bodyRefusal(request: Request, pathname: string): Promise<Refusal | null> {
  // The upload route streams and limits its file itself, and a CSV's bytes are checked there.
  if (pathname === UPLOAD_PATH) return null
  const body = await readBodyWithin(request, bodyLimitFor(pathname))
  if (body === null) return tooLarge()
  const type = request.headers.get('content-type')?.toLowerCase() ?? ''
  if (type.startsWith('multipart/form-data')) return null
  const urlEncoded = type.startsWith('application/x-www-form-urlencoded')
  if (body.includes(0) || (urlEncoded && /%00/i.test(new TextDecoder().decode(body)))) {
    return { status: 400, message: 'Malformed request body' }
  }
  return null
}
