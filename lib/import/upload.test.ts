import { describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES } from './protocol'
import { isCrossSite, readCsvUpload } from './upload'

const URL_BASE = 'http://clinic.test/candidates/import/upload'

function uploadRequest(file: Blob | null, fileName = 'referrals.csv') {
  const form = new FormData()
  if (file) form.set('file', file, fileName)
  return new Request(URL_BASE, { method: 'POST', body: form })
}

describe('isCrossSite', () => {
  const headers = (origin: string | null) =>
    new Headers({ host: 'clinic.test', ...(origin === null ? {} : { origin }) })

  it('accepts the same host and requests without an Origin', () => {
    expect(isCrossSite(headers('http://clinic.test'))).toBe(false)
    expect(isCrossSite(headers(null))).toBe(false)
  })

  it('refuses another host and an opaque origin', () => {
    expect(isCrossSite(headers('https://attacker.example'))).toBe(true)
    expect(isCrossSite(headers('http://clinic.test:8080'))).toBe(true)
    expect(isCrossSite(headers('null'))).toBe(true)
  })
})

describe('readCsvUpload', () => {
  it('reads the file as text, keeping only a clean base name', async () => {
    const reading = await readCsvUpload(
      uploadRequest(
        new Blob(['\uFEFFmrn\r\n'], { type: 'text/csv' }),
        'C:\\exports\\ref\u0007.csv',
      ),
    )
    // TextDecoder drops the byte-order mark; the validator copes with one either way.
    expect(reading).toEqual({ ok: true, upload: { fileName: 'ref.csv', text: 'mrn\r\n' } })
  })

  it('refuses a request with no file, an empty file, or not multipart', async () => {
    expect(await readCsvUpload(uploadRequest(null))).toMatchObject({ ok: false, status: 400 })
    expect(await readCsvUpload(uploadRequest(new Blob([])))).toEqual({
      ok: false,
      status: 400,
      message: 'The file is empty.',
    })
    const json = new Request(URL_BASE, { method: 'POST', body: '{}' })
    expect(await readCsvUpload(json)).toMatchObject({ ok: false, status: 415 })
  })

  it('refuses a file over the limit, even when the body is streamed without a length', async () => {
    const tooBig = new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(65)])
    expect(await readCsvUpload(uploadRequest(tooBig))).toMatchObject({ ok: false, status: 413 })

    const multipart = uploadRequest(tooBig)
    const streamed = new Request(URL_BASE, {
      method: 'POST',
      headers: { 'content-type': multipart.headers.get('content-type')! },
      body: multipart.body,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.headers.get('content-length')).toBeNull()
    expect(await readCsvUpload(streamed)).toMatchObject({
      ok: false,
      status: 413,
      message: 'The file is larger than 5 MB. Split it into smaller files.',
    })
  })

  it('refuses a file that is not UTF-8', async () => {
    // "Müller" as Windows-1252, the encoding older spreadsheet exports use.
    const latin1 = new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72])
    expect(await readCsvUpload(uploadRequest(new Blob([latin1])))).toMatchObject({
      ok: false,
      status: 400,
      message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.',
    })
  })
})
