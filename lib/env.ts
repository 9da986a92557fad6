import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { TrustedProxies } from '@/lib/auth/client-address'
import { isTimeZone } from '@/db/time-zone'

const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true')

const envSchema = z.object({
  AUGMENT_DEMO: flag,
  // Who must set up two-factor sign-in before anything else (see twoFactorRequirement).
  AUGMENT_REQUIRE_2FA: z
    .enum(['all', 'admins', 'off'], 'AUGMENT_REQUIRE_2FA must be all, admins or off')
    .optional(),
  // Replaced by AUGMENT_REQUIRE_2FA: refused by name, so a deployment that set it is not
  // silently moved to a different rule.
  AUGMENT_REQUIRE_ADMIN_2FA: z
    .string()
    .optional()
    .refine(
      (value) => !value,
      'AUGMENT_REQUIRE_ADMIN_2FA was replaced by AUGMENT_REQUIRE_2FA=all|admins|off (all is the default outside demo mode): remove it',
    ),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  // Test hook: in demo mode, every demo account gets this password instead of a random one.
  AUGMENT_DEMO_PASSWORD: z.string().min(8).optional(),
  // The clinic's IANA time zone: every date-time is typed and shown in it (the server's if unset).
  AUGMENT_TIME_ZONE: z
    .string()
    .optional()
    .refine(
      (zone) => !zone || isTimeZone(zone),
      'AUGMENT_TIME_ZONE must be an IANA time zone name such as Europe/London or America/Denver',
    ),
  PORT: z.coerce.number().int().positive().default(3000),
  // Reverse proxies whose X-Forwarded-For is believed (addresses and CIDR ranges, comma-separated).
  // None by default: the client address is the socket's peer and the header is ignored.
  AUGMENT_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((spec, context) => {
      try {
        return new TrustedProxies(spec)
      } catch (error) {
        context.addIssue({ code: 'custom', message: `AUGMENT_TRUSTED_PROXIES: ${String(error)}` })
        return z.NEVER
      }
    }),
})

export type AppEnv = z.infer<typeof envSchema>

let parsed: AppEnv | undefined
export function appEnv(): AppEnv {
  parsed ??= envSchema.parse(process.env)
  return parsed
}

/** Demo mode is explicit (AUGMENT_DEMO=1), never inferred from NODE_ENV. */
export function isDemoMode(): boolean {
  return appEnv().AUGMENT_DEMO
}

/** The proxies whose X-Forwarded-For hops are believed (none unless configured). */
export function trustedProxies(): TrustedProxies {
  return appEnv().AUGMENT_TRUSTED_PROXIES
}

export { clinicTimeZone } from '@/db/time-zone'

export type TwoFactorRequirement = 'all' | 'admins' | 'off'

/**
 * Who must enrol in two-factor sign-in: `all` (every role, each can read patient data or manage
 * those who can) unless set, `off` in demo mode. Read on each call (not cached with the rest),
 * so tests can switch it.
 */
export function twoFactorRequirement(): TwoFactorRequirement {
  const schema = envSchema.shape.AUGMENT_REQUIRE_2FA
  const configured = schema.parse(process.env.AUGMENT_REQUIRE_2FA || undefined)
  if (configured) return configured
  return flag.parse(process.env.AUGMENT_DEMO) ? 'off' : 'all'
}

/** Whether a member of `role` must have two-factor sign-in on before using the app. */
export function isTwoFactorRequiredFor(role: 'admin' | 'coordinator' | 'physician'): boolean {
  const requirement = twoFactorRequirement()
  return requirement === 'all' || (requirement === 'admins' && role === 'admin')
}

export class MissingAuthSecretError extends Error {
  constructor() {
    super(
      'AUTH_SECRET is not set. Generate one with `openssl rand -base64 32` and set it in the ' +
        "server's environment (it signs session tokens). Demo mode (AUGMENT_DEMO=1) creates one.",
    )
    this.name = 'MissingAuthSecretError'
  }
}

let demoSecret: string | undefined
/** The session-signing secret; in demo mode one is generated once and kept in ./data. */
export function authSecret(): string {
  const configured = appEnv().AUTH_SECRET
  if (configured) return configured
  if (!isDemoMode()) throw new MissingAuthSecretError()
  demoSecret ??= readOrCreateDemoSecret()
  return demoSecret
}

function readOrCreateDemoSecret(): string {
  const file = path.join(process.cwd(), 'data', 'auth-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const secret = crypto.randomBytes(32).toString('base64url')
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (error) {
    // Another process (the proxy's module instance) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return fs.readFileSync(file, 'utf8').trim()
    throw error
  }
}
