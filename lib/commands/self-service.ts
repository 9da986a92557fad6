import 'server-only'
import type { ActionResult } from '@/lib/action-result'
import { requireStaff } from '@/lib/auth/session'
import { parseForm, respond, type Command, type Outcome } from './pipeline'

// The pipeline for what a member does with their own sign-in (signing in, enrolling, their
// password and two-factor settings), where no role decides: 1. authorize the audience (anyone,
// or the signed-in member with the exceptions the step needs) before the form is read, 2. parse,
// 3. the body, whose data-access function re-reads the member and keeps its own transactions
// (a refused guess must still commit its lockout count), 4. the same response as every form,
// with passwords, codes and tokens never sent back.

/** Who may run a self-service command. */
export type Audience =
  /** Public by design: the form's own secret (password, code, link token) is the credential. */
  | 'anyone'
  /** The signed-in member, on the pages `requireStaff` lets through with these exceptions. */
  | { member: Parameters<typeof requireStaff>[0] }

export interface SelfServiceCommand<Input, Data, Shown = never> extends Pick<
  Command<Input, Data, Shown>,
  'schema' | 'formInput' | 'changed' | 'then'
> {
  audience: Audience
  /** Fields never sent back to the browser, valid or not. */
  secretFields: readonly string[]
  run: (input: Input) => Promise<Outcome<Data>>
}

/** Declares a self-service command (an identity, for TypeScript's inference). */
export function defineSelfServiceCommand<Input, Data, Shown = never>(
  command: SelfServiceCommand<Input, Data, Shown>,
): SelfServiceCommand<Input, Data, Shown> {
  return command
}

/** A self-service command as a form's server action, as `bindForm` does for role commands. */
export function bindSelfServiceForm<Input, Data, Shown>(
  command: SelfServiceCommand<Input, Data, Shown>,
): (previous: ActionResult<Shown>, formData: FormData) => Promise<ActionResult<Shown>> {
  return async (_previous, formData) => {
    if (command.audience !== 'anyone') await requireStaff(command.audience.member)
    const input = parseForm(command, formData, command.secretFields)
    if (!input.ok) return input
    const outcome = await command.run(input.data)
    return respond(command, input.data, outcome, formData, command.secretFields)
  }
}
