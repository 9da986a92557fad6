import type { ProcedureType } from '@/db/schema'

export const PROCEDURE_LABELS: Record<ProcedureType, string> = {
  vertebroplasty: 'Vertebroplasty',
  kyphoplasty: 'Kyphoplasty',
}
