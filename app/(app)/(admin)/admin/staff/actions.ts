'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import type { ActionResult } from '@/lib/action-result'
import { requestAddress } from '@/lib/auth'
import { deactivateStaff } from '@/lib/staff/queries'

const deactivateInput = z.object({ staffId: z.uuid() })

export async function deactivateStaffAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = deactivateInput.safeParse({ staffId: formData.get('staffId') })
  if (!input.success) return { ok: false, message: 'Unknown staff member.' }
  const outcome = await deactivateStaff(input.data.staffId, await requestAddress())
  if (!outcome.ok) return outcome
  revalidatePath('/admin/staff')
  return { ok: true, message: 'Account deactivated. Its sessions have ended.' }
}
