// Response hardening that depends on the request: the per-request CSP nonce, HSTS over https,
// and the same-origin rule for state-changing requests. Pure functions; proxy.ts applies them.

/** A fresh, unguessable nonce for one response's inline scripts. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}

/**
 * The page's Content-Security-Policy. Scripts run only from our origin or with this response's
 * nonce ('strict-dynamic' lets those load their chunks); styles keep 'unsafe-inline' because
 * React and the chart library write style attributes, which nonces cannot cover. React's dev
 * overlay needs 'unsafe-eval', in development only.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** HSTS for two years, sent only when the request reached us over https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains'

export function isHttps(headers: Headers, protocol: string): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  return (forwarded ?? protocol.replace(/:$/, '')) === 'https'
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a state-changing request (a server action or form POST) came from another site, or
 * gives no sign of where it came from. Browsers send Origin on every cross-site POST and on
 * same-origin fetches, so a request with neither Origin nor Referer is not from our pages; Next
 * would only log a warning for it. The host is the one the client addressed (a reverse proxy's
 * X-Forwarded-Host first, as Next itself compares).
 */
export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false
  const host = (headers.get('x-forwarded-host') ?? headers.get('host'))?.split(',')[0]?.trim()
  const source = headers.get('origin') ?? headers.get('referer')
  if (!host || !source || source === 'null') return true
  try {
    return new URL(source).host.toLowerCase() !== host.toLowerCase()
  } catch {
    return true
  }
}
