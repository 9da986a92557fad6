import net from 'node:net'

// Set by server.mjs on every request from the TCP socket's peer address, overwriting any copy a
// client sent: the one address the app can trust without configuration.
export const SOCKET_ADDRESS_HEADER = 'x-augment-socket-address'

/** An address in canonical form (IPv4-mapped IPv6 as plain IPv4), or null when it is none. */
export function normalizeAddress(value: string | null | undefined): string | null {
  let address = value?.trim() ?? ''
  // "[2001:db8::1]" and "2001:db8::1%eth0" as some proxies write them.
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1)
  address = address.replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) address = mapped[1]!
  const family = net.isIP(address)
  if (family === 4) return address
  if (family === 6) return new net.SocketAddress({ address, family: 'ipv6' }).address
  return null
}

export class TrustedProxies {
  private readonly list = new net.BlockList()
  private empty = true

  /** `spec`: comma-separated IPv4/IPv6 addresses and CIDR ranges. Throws on a malformed entry. */
  constructor(spec: string | undefined) {
    for (const entry of (spec ?? '').split(',').map((item) => item.trim())) {
      if (entry) this.add(entry)
    }
  }

  private add(entry: string) {
    const [rawAddress, rawPrefix, extra] = entry.split('/')
    const address = normalizeAddress(rawAddress)
    const family = address ? net.isIP(address) : 0
    const bits = family === 4 ? 32 : 128
    const prefix = rawPrefix === undefined ? bits : Number(rawPrefix)
    if (
      !address ||
      extra !== undefined ||
      (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) ||
      prefix > bits
    ) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`)
    }
    this.list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6')
    this.empty = false
  }

  has(address: string): boolean {
    if (this.empty) return false
    return this.list.check(address, net.isIP(address) === 4 ? 'ipv4' : 'ipv6')
  }
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most X-Forwarded-For hop that is not a trusted proxy (hops further left were written by
 * the client and prove nothing). "unknown" when no socket address reached the app (a server not
 * started through server.mjs): never a value a client could choose.
 */
export function clientAddressFrom(headers: Headers, trusted: TrustedProxies): string {
  const socket = normalizeAddress(headers.get(SOCKET_ADDRESS_HEADER))
  if (!socket) return 'unknown'
  if (!trusted.has(socket)) return socket
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
  let nearest = socket
  for (const hop of hops.reverse()) {
    const address = normalizeAddress(hop)
    // A hop a trusted proxy wrote that is no address: go no further than that proxy.
    if (!address) return nearest
    if (!trusted.has(address)) return address
    nearest = address
  }
  return nearest
}
