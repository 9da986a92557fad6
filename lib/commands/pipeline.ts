import 'server-only'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import type { z } from 'zod'
import { getDb, type Transaction } from '@/db/client'
import type { StaffRole } from '@/db/schema'
import {
  formFields,
  invalidInput,
  refused,
  submittedForm,
  submittedValues,
  type ActionResult,
  type Refusal,
} from '@/lib/action-result'
import { requestAddress } from '@/lib/auth'
import { requireRole, type CurrentStaff } from '@/lib/auth/session'
import { lockPatient, STALE_RECORD_MESSAGE, type LockedPatient } from './patient'
import { patientWriteTransaction } from './restricted-refusal'

// One write pipeline for every form that changes data: 1. authorize (the command's roles, the
// staff row re-read) before the form is read, 2. parse with the command's schema, 3. one
// transaction: the patient locked and its version checked where the command says so, then the
// command's body, which writes its change and audit row, 4. a refusal rolls the transaction back
// (it writes nothing), 5. revalidate what the command reports it changed, 6. the form's result,
// or a redirect.

/** What a command's body returns: its data, or a refusal for the form. */
export type Outcome<T = undefined> = { ok: true; data: T } | Refusal

export const done = <T>(data: T): { ok: true; data: T } => ({ ok: true, data })

/** What a command's body gets: the transaction, who acts, from where. */
export interface WriteContext {
  tx: Transaction
  me: CurrentStaff
  ipAddress: string
  /** The patient the command locks (`lockPatient`), once locked; null when it locks none. */
  patient: LockedPatient | null
}

/** A path whose pages show what the command changed: revalidated after it commits. */
export type ChangedPath = string | { path: string; type: 'layout' }

export interface Command<Input, Data, Shown = never, Prepared = undefined> {
  /** Who may run it, declared once: checked before anything of the request is read. */
  roles: readonly [StaffRole, ...StaffRole[]]
  schema: z.ZodType<Input>
  /** The schema's input from the submitted fields, when it is not the fields themselves. */
  formInput?: (fields: Record<string, FormDataEntryValue>, form: FormData) => unknown
  /**
   * The patient to lock before the body runs, and the version the form was opened at: a missing
   * patient or another version refuses the command.
   */
  locks?: (input: Input) => { patientId: string; version?: number }
  /** Slow work done before the transaction opens (e.g. hashing), handed to the body. */
  prepare?: () => Promise<Prepared>
  run: (context: WriteContext, input: Input, prepared: Prepared) => Promise<Outcome<Data>>
  /** The refusal an error of the write stands for (e.g. a unique index that decided a race). */
  refusalFor?: (error: unknown, input: Input) => Refusal | undefined
  /** The pages to revalidate, from what the command wrote (never from the form). */
  changed?: (data: Data) => ChangedPath[]
  /** After success: the form's message (and data it shows), or the page to open. */
  then:
    | { message: string | ((input: Input) => string); shows?: (data: Data) => Shown }
    | { redirect: (data: Data) => string }
}

/** Declares a command (an identity: it lets TypeScript infer the command's types). */
export function defineCommand<Input, Data, Shown = never, Prepared = undefined>(
  command: Command<Input, Data, Shown, Prepared>,
): Command<Input, Data, Shown, Prepared> {
  return command
}

// A refusal travels out of the transaction as this error, so the transaction rolls back.
class RolledBack extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message)
  }
}

async function write<Input, Data, Shown, Prepared>(
  command: Command<Input, Data, Shown, Prepared>,
  input: Input,
  me: CurrentStaff,
): Promise<Outcome<Data>> {
  const [ipAddress, db, prepared] = await Promise.all([
    requestAddress(),
    getDb(),
    command.prepare?.() as Promise<Prepared>,
  ])
  try {
    return await patientWriteTransaction(db, me, async (tx) => {
      const outcome = await runLocked(
        command,
        { tx, me, ipAddress, patient: null },
        input,
        prepared,
      )
      if (!outcome.ok) throw new RolledBack(outcome)
      return outcome
    })
  } catch (error) {
    if (error instanceof RolledBack) return error.refusal
    const refusal = command.refusalFor?.(error, input)
    if (refusal) return refusal
    throw error
  }
}

async function runLocked<Input, Data, Shown, Prepared>(
  command: Command<Input, Data, Shown, Prepared>,
  context: WriteContext,
  input: Input,
  prepared: Prepared,
): Promise<Outcome<Data>> {
  const lock = command.locks?.(input)
  if (!lock) return command.run(context, input, prepared)
  const patient = await lockPatient(context.tx, lock.patientId, context.me)
  if (!patient) return refused('No such patient.')
  // Two people acting on the same view: the second is refused, not merged.
  if (lock.version !== undefined && patient.version !== lock.version)
    return refused(STALE_RECORD_MESSAGE)
  return command.run({ ...context, patient }, input, prepared)
}

/** Runs a command on input already parsed (the data-access layer's entry, as tests call it). */
export async function perform<Input, Data, Shown, Prepared>(
  command: Command<Input, Data, Shown, Prepared>,
  input: Input,
): Promise<Outcome<Data>> {
  return write(command, input, await requireRole(...command.roles))
}

/** A command as a data-access function on parsed input (as the integration tests call it). */
export function dataAccess<Input, Data, Shown, Prepared>(
  command: Command<Input, Data, Shown, Prepared>,
): (input: Input) => Promise<Outcome<Data>> {
  return (input) => perform(command, input)
}

/**
 * A command as a form's server action (React's useActionState signature). In a 'use server'
 * file: `export const addFractureAction = bindForm(addFractureCommand)`.
 */
export function bindForm<Input, Data, Shown, Prepared>(
  command: Command<Input, Data, Shown, Prepared>,
): (previous: ActionResult<Shown>, formData: FormData) => Promise<ActionResult<Shown>> {
  return async (_previous, formData) => {
    const me = await requireRole(...command.roles)
    const input = parseForm(command, formData)
    if (!input.ok) return input
    return respond(command, input.data, await write(command, input.data, me), formData)
  }
}

/** A form's fields through the command's schema: the input, or every field's message. */
export function parseForm<Input>(
  command: Pick<Command<Input, unknown>, 'schema' | 'formInput'>,
  formData: FormData,
  secretFields: readonly string[] = [],
): { ok: true; data: Input } | Refusal {
  const fields = formFields(formData)
  const input = command.schema.safeParse(
    command.formInput ? command.formInput(fields, submittedForm(formData)) : fields,
  )
  return input.success ? done(input.data) : invalidInput(input.error, formData, secretFields)
}

/** What a form's command declares about its response: the pages it changed, what follows. */
export type FormResponse<Input, Data, Shown> = Pick<Command<Input, Data, Shown>, 'changed' | 'then'>

/**
 * The last step of every form: a refusal keeps what was typed (less `secretFields`, never sent
 * back), unless it shows the record as it is now; a success revalidates what changed and shows
 * the message, or opens the next page.
 */
export function respond<Input, Data, Shown>(
  command: FormResponse<Input, Data, Shown>,
  input: Input,
  outcome: Outcome<Data>,
  formData: FormData,
  secretFields: readonly string[] = [],
): ActionResult<Shown> {
  if (!outcome.ok) {
    return { ...outcome, values: outcome.values ?? submittedValues(formData, secretFields) }
  }
  for (const changed of command.changed?.(outcome.data) ?? []) {
    if (typeof changed === 'string') revalidatePath(changed)
    else revalidatePath(changed.path, changed.type)
  }
  const then = command.then
  // Outside any try: redirect() works by throwing.
  if ('redirect' in then) redirect(then.redirect(outcome.data))
  const message = typeof then.message === 'string' ? then.message : then.message(input)
  return { ok: true, message, data: then.shows?.(outcome.data) }
}
