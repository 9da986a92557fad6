import type { StaffRole } from '@/db/schema'

export interface NavItem {
  href: string
  label: string
}

const CLINICAL_NAV: NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/candidates', label: 'Candidates' },
  { href: '/procedures', label: 'Procedures' },
  { href: '/outcomes', label: 'Outcomes' },
]

const ADMIN_NAV: NavItem[] = [
  { href: '/admin/staff', label: 'Staff' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/access-reviews', label: 'Access reviews' },
]

/** The links a role may follow (docs/ui-contract.md#shell-and-navigation); pages re-check. */
export function navFor(role: StaffRole): NavItem[] {
  return role === 'admin' ? ADMIN_NAV : CLINICAL_NAV
}
