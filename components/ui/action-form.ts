import type { ActionResult } from '@/lib/action-result'

/** What a form shows after its action's last result: the values to show and the messages. */
export interface ActionFormView {
  /** Changes with what the fields show: the element holding them takes it as its `key`. */
  fieldsKey: string
  /** The field's messages from the last refusal. */
  errors: (name: string) => string[] | undefined
  /** What the field shows: what was typed, after a refusal; else `saved` (the record, a default). */
  value: (name: string, saved?: string) => string | undefined
  /** A checkbox: as it was sent, after a refusal (a box left clear is not sent); else `saved`. */
  checked: (name: string, saved: boolean) => boolean
}

/**
 * What was typed survives every refusal (the action echoes it as `values`), and a success starts
 * again from the record or the defaults. The one exception is a lost race
 * (docs/ui-contract.md#general-rules): once the page shows a newer version of the record the
 * form edits than the one the values were typed against (the `version` they echo), the form
 * shows that record.
 */
export function actionFormView(state: ActionResult<unknown>, version?: number): ActionFormView {
  const refusal = state.ok ? undefined : state
  const typedAgainst = refusal?.values?.version
  const overtaken =
    version !== undefined && typedAgainst !== undefined && typedAgainst !== String(version)
  const typed = overtaken ? undefined : refusal?.values
  const fieldErrors = refusal?.fieldErrors ?? {}
  return {
    // React resets a form's fields after its action, and a select keeps the option it mounted
    // with: new values need new fields.
    fieldsKey: JSON.stringify([version ?? null, typed ?? null]),
    errors: (name) => fieldErrors[name],
    value: (name, saved) => typed?.[name] ?? saved,
    checked: (name, saved) => (typed ? typed[name] === 'on' : saved),
  }
}
