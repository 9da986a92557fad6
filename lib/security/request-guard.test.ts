import { describe, expect, it } from 'vitest'
import {
  bodyRefusal,
  MAX_REQUEST_BODY_BYTES,
  requestLineRefusal,
  UPLOAD_PATH,
} from './request-guard'
import { readBodyWithin } from '@/lib/read-body'

const post = (body: BodyInit, contentType: string, pathname = '/login') =>
  new Request(`http://clinic.test${pathname}`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  })

describe('requestLineRefusal', () => {
  it('answers methods no page of ours takes with 405 and the allowed ones', () => {
    for (const method of [
      'TRACE',
      'TRACK',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'CONNECT',
      'FOO',
    ]) {
      expect(requestLineRefusal(method, '/login', null)).toEqual({
        status: 405,
        message: 'Method not allowed',
        headers: { Allow: 'GET, HEAD, POST' },
      })
    }
    for (const method of ['GET', 'HEAD', 'POST']) {
      expect(requestLineRefusal(method, '/candidates?q=x', '12')).toBeNull()
    }
  })

  it('answers a NUL in the path or query with 400', () => {
    expect(requestLineRefusal('GET', '/login%00', null)?.status).toBe(400)
    expect(requestLineRefusal('GET', '/candidates?q=a%00b', null)?.status).toBe(400)
    expect(requestLineRefusal('GET', '/candidates?q=%2500', null)).toBeNull()
  })

  it('answers a declared body over 1 MB with 413, except the CSV upload up to its own limit', () => {
    expect(requestLineRefusal('POST', '/login', String(MAX_REQUEST_BODY_BYTES))).toBeNull()
    expect(requestLineRefusal('POST', '/login', String(MAX_REQUEST_BODY_BYTES + 1))?.status).toBe(
      413,
    )
    expect(requestLineRefusal('POST', UPLOAD_PATH, String(4 * 1024 * 1024))).toBeNull()
    expect(requestLineRefusal('POST', UPLOAD_PATH, String(6 * 1024 * 1024))?.status).toBe(413)
    expect(requestLineRefusal('POST', '/login', '12abc')?.status).toBe(400)
  })
})

describe('bodyRefusal', () => {
  it('counts a body that declares no length, and stops reading past the limit', async () => {
    const big = new Uint8Array(MAX_REQUEST_BODY_BYTES + 10)
    expect((await bodyRefusal(post(big, 'text/plain'), '/login'))?.status).toBe(413)
    expect(await readBodyWithin(post('["$K1"]', 'text/plain'), 100)).toEqual(
      new TextEncoder().encode('["$K1"]'),
    )
  })

  it('answers a NUL byte in a text or URL-encoded body with 400', async () => {
    expect((await bodyRefusal(post('["a\u0000"]', 'text/plain'), '/login'))?.status).toBe(400)
    expect(
      (
        await bodyRefusal(
          post('email=a%00b&password=x', 'application/x-www-form-urlencoded'),
          '/api/auth/callback/credentials',
        )
      )?.status,
    ).toBe(400)
    expect(await bodyRefusal(post('["plain"]', 'text/plain'), '/login')).toBeNull()
  })

  it('leaves a multipart field with a NUL to its field validation, and the upload to its route', async () => {
    const form = new FormData()
    form.append('firstName', 'Ann\u0000')
    expect(
      await bodyRefusal(new Request('http://clinic.test/x', { method: 'POST', body: form }), '/x'),
    ).toBeNull()
    const big = new Uint8Array(MAX_REQUEST_BODY_BYTES * 2)
    expect(
      await bodyRefusal(post(big, 'multipart/form-data; boundary=x', UPLOAD_PATH), UPLOAD_PATH),
    ).toBeNull()
  })
})
