// What a request asked for, for the audit row of a refusal. proxy.ts stamps the method and path
// on every request it forwards (overwriting whatever a client sent under that name), because a
// page or server action cannot otherwise learn its own URL.

export const REQUEST_ROUTE_HEADER = 'x-augment-route'
export const NEXT_ACTION_ID_HEADER = 'next-action'

export function requestRouteOf(method: string, pathname: string): string {
  return `${method} ${pathname}`
}

export interface RefusalTarget {
  entityType: string
  entityId: string | null
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const RECORD_PATHS: [RegExp, string][] = [
  [new RegExp(`^/candidates/(${UUID})(/|$)`, 'i'), 'patient'],
  [new RegExp(`^/admin/staff/(${UUID})(/|$)`, 'i'), 'staff'],
]

/**
 * The record a refused request was about, from its path (the patient of /candidates/<id>);
 * otherwise the page, or the server action by its id, itself.
 */
export function refusalTargetOf(route: string | null, actionId: string | null): RefusalTarget {
  const path = route?.slice(route.indexOf(' ') + 1) ?? null
  for (const [pattern, entityType] of RECORD_PATHS) {
    const match = path ? pattern.exec(path) : null
    if (match) return { entityType, entityId: match[1]!.toLowerCase() }
  }
  if (actionId) return { entityType: 'action', entityId: actionId }
  return { entityType: 'page', entityId: path }
}
