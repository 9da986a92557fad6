import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  DATABASE_UNAVAILABLE_DIGEST,
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  rethrowDatabaseError,
} from './errors'

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => null,
    (error: unknown) => error,
  )
}

describe('isDatabaseUnavailable', () => {
  it('recognises a PostgreSQL that cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    const pool = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2_000,
    })
    const error = await failureOf(() => pool.query('select 1'))
    await pool.end()
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: error }))).toBe(true)
  })

  it('sees through the wrapper Auth.js puts around what authorize() threw', async () => {
    const { CallbackRouteError } = await import('@auth/core/errors')
    // As Auth.js's callback route builds it: the thrown error as the first argument (its
    // types say a message string).
    const wrap = (error: Error) => new CallbackRouteError(error as unknown as string)
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(isDatabaseUnavailable(wrap(lost))).toBe(true)
    expect(isDatabaseUnavailable(wrap(new Error('boom')))).toBe(false)
  })

  it('leaves ordinary query errors alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(
      false,
    )
    expect(isDatabaseUnavailable(new Error('duplicate key value'))).toBe(false)
  })

  it('rethrows a lost connection with the digest the error page recognises', () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(() => rethrowDatabaseError(lost)).toThrow(DatabaseUnavailableError)
    try {
      rethrowDatabaseError(lost)
    } catch (error) {
      expect((error as DatabaseUnavailableError).digest).toBe(DATABASE_UNAVAILABLE_DIGEST)
    }
    const other = new Error('something else')
    expect(() => rethrowDatabaseError(other)).toThrow(other)
  })
})
