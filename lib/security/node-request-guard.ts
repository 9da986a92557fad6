import http from 'node:http'
import { requestLineRefusal } from './request-guard'

// Some requests never reach proxy.ts: Next cannot even build a Request for a TRACE (it
// answers 500). This guard sees every request first, at the HTTP server, and answers those
// whose method, URL or declared length is refused (request-guard.ts) itself.

const installed = Symbol.for('augment.requestGuard')
type GuardedServer = typeof http.Server.prototype & { [installed]?: true }

export function installNodeRequestGuard(): void {
  const prototype = http.Server.prototype as GuardedServer
  if (prototype[installed]) return
  prototype[installed] = true
  const emit = prototype.emit
  prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse]
      const refusal = requestLineRefusal(
        request.method,
        request.url,
        request.headers['content-length'],
      )
      if (refusal) {
        response.writeHead(refusal.status, {
          'content-type': 'text/plain; charset=utf-8',
          connection: 'close',
          ...refusal.headers,
        })
        response.end(refusal.message)
        // The unread body is discarded with the connection.
        request.resume()
        return true
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  } as typeof prototype.emit
}
