import { describe, expect, it } from 'vitest'
import { actorName, detailsJson, displayText, summarizeDetails } from './display'
import { ACTION_OPTION_GROUPS, AUDIT_ACTIONS, actionLabel, entityLabel } from './labels'

describe('displayText', () => {
  it('leaves ordinary text alone', () => {
    expect(displayText('203.0.113.7', 45)).toBe('203.0.113.7')
  })

  it('shortens long values with an ellipsis, counting characters not code units', () => {
    expect(displayText('abcdefghij', 5)).toBe('abcd…')
    expect(displayText('😀😀😀😀😀😀', 4)).toBe('😀😀😀…')
  })

  it('makes control and direction-override characters visible', () => {
    expect(displayText('admin\u202Egro.elpmaxe@', 80)).toBe('admin\uFFFDgro.elpmaxe@')
    expect(displayText('a\nb\u0000c\u200Bd', 80)).toBe('a\uFFFDb\uFFFDc\uFFFDd')
  })
})

describe('summarizeDetails', () => {
  it('is empty without details', () => {
    expect(summarizeDetails(null)).toBe('')
    expect(summarizeDetails(undefined)).toBe('')
  })

  it('lists changed fields first, then the context', () => {
    expect(
      summarizeDetails({ fractureId: 'f-1', level: 'L1', changed: ['heightLossPct', 'mri_edema'] }),
    ).toBe('Changed: height loss pct, mri edema · fracture id: f-1 · level: L1')
    expect(summarizeDetails({ reason: 'wrong_password' })).toBe('reason: wrong_password')
  })

  it('shows nested values as text and markup as it is, never interpreted', () => {
    const summary = summarizeDetails({
      filters: { status: 'closed', searched: true },
      note: '<img src=x onerror=alert(1)>',
    })
    expect(summary).toBe(
      'filters: status=closed, searched=true · note: <img src=x onerror=alert(1)>',
    )
  })

  it('cuts long values and long lists of keys', () => {
    const long = summarizeDetails({ note: 'x'.repeat(500) })
    expect(long).toBe(`note: ${'x'.repeat(79)}…`)
    const many = summarizeDetails(Object.fromEntries([...Array(12)].map((_, i) => [`k${i}`, i])))
    expect(many.endsWith('+4 more')).toBe(true)
    expect(
      Array.from(
        summarizeDetails({
          a: 'y'.repeat(59),
          b: 'y'.repeat(59),
          c: 'y'.repeat(59),
          d: 'y'.repeat(59),
          e: 'y'.repeat(59),
        }),
      ).length,
    ).toBeLessThanOrEqual(240)
  })

  it('shows an empty nested object as none, and deeper nesting as JSON', () => {
    expect(summarizeDetails({ filters: {} })).toBe('filters: none')
    expect(summarizeDetails({ a: { b: { c: 1 } } })).toBe('a: b={"c":1}')
  })

  it('copes with details that are not an object', () => {
    expect(summarizeDetails(['a', 'b'])).toBe('a, b')
    expect(summarizeDetails('text')).toBe('text')
    expect(summarizeDetails(42)).toBe('42')
  })

  it('gives the whole JSON for the file and a bounded one for a tooltip', () => {
    const details = { note: 'z'.repeat(3_000) }
    expect(detailsJson(details)).toBe(JSON.stringify(details))
    expect(Array.from(detailsJson(details, 2_000))).toHaveLength(2_000)
    expect(detailsJson(null)).toBe('')
  })
})

describe('actorName', () => {
  it('names the member, or says why there is none', () => {
    expect(actorName({ actorId: 'id', actorName: 'Ada Admin', actorEmail: 'a@x.org' })).toBe(
      'Ada Admin',
    )
    expect(actorName({ actorId: 'id', actorName: null, actorEmail: 'a@x.org' })).toBe(
      'Former staff member',
    )
    expect(actorName({ actorId: null, actorName: null, actorEmail: 'typed@x.org' })).toBe(
      'Anonymous',
    )
    expect(actorName({ actorId: null, actorName: null, actorEmail: null })).toBe('System')
  })
})

describe('action and entity labels', () => {
  it('labels every action once, in a group', () => {
    const listed = ACTION_OPTION_GROUPS.flatMap((group) => group.options.map((o) => o.value))
    expect(listed.sort()).toEqual([...AUDIT_ACTIONS].sort())
    expect(actionLabel('auth.sign_in')).toBe('Sign in')
    expect(actionLabel('audit.export')).toBe('Audit log exported')
  })

  it('shows an unknown stored value as it is, even a prototype key', () => {
    expect(actionLabel('legacy.thing')).toBe('legacy.thing')
    expect(actionLabel('constructor')).toBe('constructor')
    expect(entityLabel('__proto__')).toBe('__proto__')
    expect(entityLabel('patient')).toBe('Patient')
  })
})
