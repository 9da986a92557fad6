// Serves the built app as `next start` does, through Next's custom-server API, for one reason:
// the app must know each request's socket address. `next start` only fills X-Forwarded-For
// with it when the client sent none, so a client could choose its own address. Here every
// request carries the peer address in a header the client cannot set (any copy it sent is
// overwritten); lib/auth/client-address.ts reads it, and believes X-Forwarded-For only from
// proxies listed in AUGMENT_TRUSTED_PROXIES.
//
//   node server.mjs [-p PORT] [-H HOST]     (PORT and HOST from the environment too)
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const SOCKET_ADDRESS_HEADER = 'x-augment-socket-address'

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
  },
})
const port = Number(values.port ?? process.env.PORT ?? 3000)
// The demo answers this machine only (127.0.0.1) unless HOST or -H says otherwise; otherwise,
// like `next start`, every interface unless a hostname is given.
const hostname =
  values.hostname ??
  process.env.HOST ??
  (process.env.AUGMENT_DEMO === '1' ? '127.0.0.1' : undefined)
process.env.NODE_ENV = 'production'

// Imported after NODE_ENV is set: Next reads it as it loads.
const { default: next } = await import('next')
const app = next({
  dev: false,
  dir: path.dirname(fileURLToPath(import.meta.url)),
  hostname: hostname ?? 'localhost',
  port,
})
const handle = app.getRequestHandler()
await app.prepare()

const server = http.createServer((request, response) => {
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
  handle(request, response).catch((error) => {
    console.error('[augment] request failed:', error)
    if (!response.headersSent) response.statusCode = 500
    response.end()
  })
})
// Node closes an idle keep-alive connection after 5 s; a client (a proxy, or the test suite's
// request context) that reuses it at that moment gets ECONNRESET. Outlast the usual 60 s idle
// timeout of proxies instead, as servers behind them should.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000
server.listen(port, hostname, () => {
  console.log(`[augment] ready on http://${hostname ?? 'localhost'}:${port}`)
})
