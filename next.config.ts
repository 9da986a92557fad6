import type { NextConfig } from 'next'

// Headers every response gets. The Content-Security-Policy (with a per-request nonce) and HSTS
// (over https only) depend on the request: proxy.ts sets them.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  // same-origin, not no-referrer: browsers send `Origin: null` on form posts under the latter.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
]

const nextConfig: NextConfig = {
  // Tests build into their own folder so `npm test` never disturbs a running demo.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // `npm test` type-checks the whole tree (tsc) before it builds; its build skips a second pass.
  typescript: { ignoreBuildErrors: process.env.AUGMENT_TYPECHECKED === '1' },
  poweredByHeader: false,
  // Keeps PGlite's WASM and data files private (out of the public static folder) and lets
  // native argon2 load as-is.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }]
  },
}

export default nextConfig
