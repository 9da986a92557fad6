// Server action requests (a POST with a Next-Action header) carry React's encoded reply: JSON
// text whose root is the argument array, or multipart form data whose field "0" holds that
// root. Anything else makes Next's decoder throw, a 500, before our action runs. The proxy
// answers it with 400 instead: a malformed request is the client's error, and says so.

export const NEXT_ACTION_HEADER = 'next-action'

/** Whether this server action request body is one React could have encoded. */
export async function isWellFormedActionBody(request: Request): Promise<boolean> {
  const type = request.headers.get('content-type')?.toLowerCase() ?? ''
  try {
    if (type.startsWith('multipart/form-data')) {
      const form = await request.formData()
      const root = form.get('0')
      return typeof root === 'string' && isJsonArray(root)
    }
    if (type === '' || type.startsWith('text/plain')) return isJsonArray(await request.text())
    return false
  } catch {
    // A body that does not even parse as the declared type.
    return false
  }
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text))
  } catch {
    return false
  }
}
