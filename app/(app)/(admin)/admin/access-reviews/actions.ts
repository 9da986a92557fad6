'use server'

import { markAccessReviewedCommand } from '@/lib/access-reviews/reviews'
import { bindForm } from '@/lib/commands/pipeline'

export const markAccessReviewedAction = bindForm(markAccessReviewedCommand)
