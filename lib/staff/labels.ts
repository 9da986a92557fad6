import type { StaffRole } from '@/db/schema'
import type { StaffStatusFilter } from './list-params'

export const ROLE_LABELS: Record<StaffRole, string> = {
  coordinator: 'Coordinator',
  physician: 'Physician',
  admin: 'Admin',
}

export const STAFF_STATUS_LABELS: Record<StaffStatusFilter, string> = {
  active: 'Active',
  inactive: 'Inactive',
  locked: 'Locked',
}
