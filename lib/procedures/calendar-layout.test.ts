import { describe, expect, it } from 'vitest'
import { layoutLanes } from './calendar-layout'

const block = (start: string, end: string) => {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3))
  return { name: start, startMinute: minutes(start), endMinute: minutes(end) }
}
const lanesOf = (blocks: ReturnType<typeof block>[]) =>
  layoutLanes(blocks).map(({ name, lane, lanes }) => `${name} ${lane}/${lanes}`)

describe('layoutLanes', () => {
  it('keeps bookings that do not overlap in one full-width lane, back to back included', () => {
    expect(
      lanesOf([block('08:00', '09:00'), block('09:00', '10:00'), block('11:00', '11:30')]),
    ).toEqual(['08:00 0/1', '09:00 0/1', '11:00 0/1'])
  })

  it('puts overlapping bookings side by side, the whole group at one width', () => {
    expect(
      lanesOf([
        block('08:00', '10:00'),
        block('08:30', '09:30'),
        block('09:30', '10:30'),
        block('13:00', '14:00'),
      ]),
    ).toEqual(['08:00 0/2', '08:30 1/2', '09:30 1/2', '13:00 0/1'])
  })

  it('uses as many lanes as bookings share one minute', () => {
    expect(
      lanesOf([block('08:00', '09:00'), block('08:00', '09:00'), block('08:15', '08:45')]),
    ).toEqual(['08:00 0/3', '08:00 1/3', '08:15 2/3'])
    expect(layoutLanes([])).toEqual([])
  })
})
