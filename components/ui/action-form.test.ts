import { describe, expect, it } from 'vitest'
import { idleActionState, INVALID_FIELDS_MESSAGE, type ActionResult } from '@/lib/action-result'
import { actionFormView } from './action-form'

const refused = (values: Record<string, string>, fieldErrors?: Record<string, string[]>) =>
  ({ ok: false, message: INVALID_FIELDS_MESSAGE, fieldErrors, values }) satisfies ActionResult

describe('actionFormView', () => {
  it('shows the saved values and no messages before the first submit', () => {
    const view = actionFormView(idleActionState)
    expect(view.value('note', 'saved')).toBe('saved')
    expect(view.value('note')).toBeUndefined()
    expect(view.checked('symptomatic', true)).toBe(true)
    expect(view.errors('note')).toBeUndefined()
  })

  it('keeps what was typed after a refusal about the fields, with their messages', () => {
    const view = actionFormView(refused({ note: 'typed', painNrs: '' }, { painNrs: ['0 to 10'] }))
    expect(view.value('note', 'saved')).toBe('typed')
    // An emptied field stays empty rather than falling back to the saved value.
    expect(view.value('painNrs', '7')).toBe('')
    expect(view.errors('painNrs')).toEqual(['0 to 10'])
    expect(view.errors('note')).toBeUndefined()
  })

  it('keeps what was typed after any other refusal too', () => {
    const view = actionFormView({ ok: false, message: 'Forbidden', values: { note: 'typed' } })
    expect(view.value('note', 'saved')).toBe('typed')
  })

  it('reads a checkbox as sent: absent from the refused values is unchecked', () => {
    const view = actionFormView(refused({ 'levels.L1.treated': 'on' }))
    expect(view.checked('levels.L1.treated', false)).toBe(true)
    expect(view.checked('levels.L2.treated', true)).toBe(false)
  })

  it('starts again from the saved values after a success', () => {
    const view = actionFormView({ ok: true, message: 'Saved.' })
    expect(view.value('note', 'saved')).toBe('saved')
    expect(view.checked('symptomatic', false)).toBe(false)
  })

  it('shows the record once the page shows a newer version than the one typed against', () => {
    const lostRace = refused({ version: '3', cement: 'typed' })
    expect(actionFormView(lostRace, 3).value('cement', 'saved')).toBe('typed')
    expect(actionFormView(lostRace, 4).value('cement', 'saved')).toBe('saved')
    // Values that do not say their version are kept.
    expect(actionFormView(refused({ cement: 'typed' }), 4).value('cement', 'saved')).toBe('typed')
  })

  it('gives the fields a new key when what they show changes', () => {
    const keys = [
      actionFormView(idleActionState).fieldsKey,
      actionFormView(refused({ note: 'a' })).fieldsKey,
      actionFormView(refused({ note: 'b' })).fieldsKey,
      actionFormView(idleActionState, 2).fieldsKey,
    ]
    expect(new Set(keys).size).toBe(keys.length)
    expect(actionFormView(refused({ note: 'a' })).fieldsKey).toBe(keys[1])
  })
})
