'use client'

import type { ActionFormView } from '@/components/ui/action-form'
import { TextField } from '@/components/ui/text-field'
import type { RecordTreatedLevel } from '@/lib/candidates/record-model'
import { MAX_CEMENT_ML, MIN_CEMENT_ML } from '@/lib/procedures/rules'

type LevelNumber =
  'cementVolumeMl' | 'kyphoticAngleBeforeDeg' | 'kyphoticAngleAfterDeg' | 'heightRestoredPct'

const FIELDS: { name: LevelNumber; id: string; label: string }[] = [
  { name: 'cementVolumeMl', id: 'cement', label: 'Cement (mL)' },
  { name: 'kyphoticAngleBeforeDeg', id: 'before', label: 'Angle before (°)' },
  { name: 'kyphoticAngleAfterDeg', id: 'after', label: 'Angle after (°)' },
  { name: 'heightRestoredPct', id: 'height', label: 'Height restored (%)' },
]

/**
 * One treated level's numbers (cement volume, angles, height restored), posted as
 * levels.<LEVEL>.<field>: at completion (empty) and in an amendment (`saved`).
 */
export function TreatedLevelFields({
  prefix,
  level,
  value,
  saved,
}: {
  prefix: string
  level: string
  value: ActionFormView['value']
  saved?: RecordTreatedLevel
}) {
  return FIELDS.map(({ name, id, label }) => {
    const stored = saved?.[name]
    return (
      <TextField
        key={name}
        id={`${prefix}-${level}-${id}`}
        name={`levels.${level}.${name}`}
        label={`${label} ${level}`}
        type="number"
        step="0.1"
        {...(name === 'cementVolumeMl' ? { min: MIN_CEMENT_ML, max: MAX_CEMENT_ML } : {})}
        defaultValue={value(
          `levels.${level}.${name}`,
          stored === null || stored === undefined ? undefined : String(stored),
        )}
      />
    )
  })
}
