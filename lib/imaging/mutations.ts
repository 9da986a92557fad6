import 'server-only'
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm'
import { imagingOrders } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import { claimFormKey } from '@/lib/idempotency'
import {
  auditPatientChange,
  lockPatient,
  patientRecordChanged,
  recordTransition,
} from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { addImagingFindingSchema, completeImagingSchema, orderImagingSchema } from './schemas'

/** Orders imaging; a referred patient moves on to "imaging" in the same transaction. */
export const orderImagingCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: orderImagingSchema,
  locks: (input) => ({ patientId: input.patientId }),
  async run({ tx, me, ipAddress, patient }, input) {
    const { formKey, ...order } = input
    // A second post of the same form: the first one's order is the answer.
    if (formKey && !(await claimFormKey(tx, me.id, 'imaging.order', formKey))) {
      return done({ patientId: input.patientId })
    }
    const [created] = await tx
      .insert(imagingOrders)
      .values({ ...order, orderedBy: me.id })
      .returning({ id: imagingOrders.id })
    await auditPatientChange(tx, {
      action: 'imaging.ordered',
      patientId: input.patientId,
      actor: me,
      ipAddress,
      details: { orderId: created!.id, modality: input.modality },
    })
    if (patient?.status === 'referred') {
      await recordTransition(tx, {
        patientId: input.patientId,
        from: 'referred',
        to: 'imaging',
        kind: 'manual',
        note: 'Imaging ordered',
        actor: me,
        ipAddress,
      })
    }
    return done({ patientId: input.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Imaging ordered.' },
})

const alreadyCompleted = refused('That order is already completed: the page now shows it.')

/**
 * Records the result of an order. When the last pending order of a patient in "imaging" is
 * completed, the patient moves on to evaluation.
 */
export const completeImagingCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: completeImagingSchema,
  async run({ tx, me, ipAddress }, input) {
    const [order] = await tx
      .select({ patientId: imagingOrders.patientId, orderedOn: imagingOrders.orderedOn })
      .from(imagingOrders)
      .where(and(eq(imagingOrders.id, input.orderId), isNull(imagingOrders.completedOn)))
    if (!order) return alreadyCompleted
    // Authorized before the order is checked: its date quoted to a member who may not see the
    // record would tell them about it.
    const patient = await lockPatient(tx, order.patientId, me)
    if (input.completedOn < order.orderedOn)
      return fieldError('completedOn', 'The completion date cannot be before the order date')
    // Conditional on still being open: of two people completing one order, one wins.
    const completed = await tx
      .update(imagingOrders)
      .set({ completedOn: input.completedOn, finding: input.finding, updatedAt: sql`now()` })
      .where(and(eq(imagingOrders.id, input.orderId), isNull(imagingOrders.completedOn)))
      .returning({ id: imagingOrders.id })
    if (completed.length === 0) return alreadyCompleted
    await auditPatientChange(tx, {
      action: 'imaging.completed',
      patientId: order.patientId,
      actor: me,
      ipAddress,
      details: {
        orderId: input.orderId,
        changed: input.finding ? ['completedOn', 'finding'] : ['completedOn'],
        ...(input.finding ? {} : { reportToFollow: true }),
      },
    })
    const [pending] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(imagingOrders)
      .where(and(eq(imagingOrders.patientId, order.patientId), isNull(imagingOrders.completedOn)))
    if (patient?.status === 'imaging' && pending?.n === 0) {
      await recordTransition(tx, {
        patientId: order.patientId,
        from: 'imaging',
        to: 'evaluation',
        kind: 'manual',
        note: 'Imaging completed',
        actor: me,
        ipAddress,
      })
    }
    return done({ patientId: order.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Imaging completed.' },
})

const reportAlreadyIn = refused(
  'That study is not waiting for its report any more: the page now shows it.',
)

/** Adds the finding of a study completed with its report to follow (once: later ones are amendments). */
export const addImagingFindingCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: addImagingFindingSchema,
  async run({ tx, me, ipAddress }, input) {
    const [order] = await tx
      .select({ patientId: imagingOrders.patientId })
      .from(imagingOrders)
      .where(eq(imagingOrders.id, input.orderId))
    if (!order) return reportAlreadyIn
    await lockPatient(tx, order.patientId, me)
    // Only a completed study still waiting for its report: of two people adding it, one wins.
    const added = await tx
      .update(imagingOrders)
      .set({ finding: input.finding, updatedAt: sql`now()` })
      .where(
        and(
          eq(imagingOrders.id, input.orderId),
          isNotNull(imagingOrders.completedOn),
          isNull(imagingOrders.finding),
        ),
      )
      .returning({ id: imagingOrders.id })
    if (added.length === 0) return reportAlreadyIn
    await auditPatientChange(tx, {
      action: 'imaging.finding_added',
      patientId: order.patientId,
      actor: me,
      ipAddress,
      details: { orderId: input.orderId, changed: ['finding'] },
    })
    return done({ patientId: order.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Imaging report added.' },
})

export const addImagingFinding = dataAccess(addImagingFindingCommand)
export const orderImaging = dataAccess(orderImagingCommand)
export const completeImaging = dataAccess(completeImagingCommand)
