import { describe, expect, it } from 'vitest'
import { isWellFormedActionBody } from './action-body'

const post = (body: BodyInit, contentType?: string) =>
  new Request('http://clinic.test/candidates', {
    method: 'POST',
    body,
    headers: contentType ? { 'content-type': contentType } : {},
  })

function multipart(fields: Record<string, string>) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  return form
}

describe('isWellFormedActionBody', () => {
  it('accepts what React encodes: a JSON argument array, as text or as multipart field 0', async () => {
    expect(await isWellFormedActionBody(post('["$K1"]', 'text/plain;charset=UTF-8'))).toBe(true)
    expect(await isWellFormedActionBody(post('[]', 'text/plain;charset=UTF-8'))).toBe(true)
    expect(await isWellFormedActionBody(post(multipart({ '0': '["$K1"]', '1_email': 'a' })))).toBe(
      true,
    )
  })

  it('refuses bodies that would make the decoder throw', async () => {
    const refused: [string, Request][] = [
      ['not JSON', post('hello', 'text/plain')],
      ['JSON but not the argument array', post('{"a":1}', 'text/plain')],
      ['truncated JSON', post('["$K1"', 'text/plain')],
      ['multipart without field 0', post(multipart({ email: 'a@b.c' }))],
      ['multipart whose field 0 is not JSON', post(multipart({ '0': 'junk' }))],
      ['multipart that is not multipart', post('junk', 'multipart/form-data; boundary=x')],
      ['a url-encoded form', post('a=1', 'application/x-www-form-urlencoded')],
      ['JSON content type', post('[]', 'application/json')],
    ]
    for (const [label, request] of refused) {
      expect(await isWellFormedActionBody(request), label).toBe(false)
    }
  })
})
