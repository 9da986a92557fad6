'use client'

import { Button } from '@/components/ui/button'
import { Disclosure } from '@/components/ui/disclosure'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordImagingOrder } from '@/lib/candidates/record-model'
import { MODALITY_LABELS } from '@/lib/imaging/labels'
import { formatDate } from '@/lib/clinic-time'

interface ImagingSectionProps {
  patientId: string
  orders: RecordImagingOrder[]
  today: string
  /** Made by the server for this render: a double post of the order form orders once. */
  orderFormKey: string
  orderAction: FormAction
  completeAction: FormAction
  addFindingAction: FormAction
}

export function ImagingSection({
  patientId,
  orders,
  today,
  orderFormKey,
  orderAction,
  completeAction,
  addFindingAction,
}: ImagingSectionProps) {
  return (
    <div className="flex flex-col gap-4">
      {orders.length === 0 ? (
        <p className="text-sm text-slate-600">No imaging ordered.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200">
          {orders.map((order) => (
            <li
              key={order.id}
              aria-label={`${MODALITY_LABELS[order.modality]} ordered ${formatDate(order.orderedOn)}`}
              className="flex flex-col gap-2 p-3 text-sm"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{MODALITY_LABELS[order.modality]}</span>
                <span className="text-slate-600">ordered {formatDate(order.orderedOn)}</span>
                {order.completedOn ? (
                  <span className="rounded bg-green-100 px-2 py-0.5 text-green-900">
                    completed {formatDate(order.completedOn)}
                  </span>
                ) : null}
                {order.completedOn && !order.finding ? (
                  <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">
                    report to follow
                  </span>
                ) : null}
                {order.completedOn ? null : (
                  <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">pending</span>
                )}
              </div>
              {order.finding ? <p className="text-slate-800">{order.finding}</p> : null}
              {order.finding ? null : (
                <ImagingResultForm
                  action={order.completedOn ? addFindingAction : completeAction}
                  patientId={patientId}
                  order={order}
                  today={today}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <Disclosure label="Order imaging" variant="primary">
        <OrderImagingForm
          action={orderAction}
          patientId={patientId}
          today={today}
          formKey={orderFormKey}
        />
      </Disclosure>
    </div>
  )
}

function OrderImagingForm({
  action,
  patientId,
  today,
  formKey,
}: {
  action: FormAction
  patientId: string
  today: string
  formKey: string
}) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-wrap items-end gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="formKey" value={formKey} />
      <SelectField
        name="modality"
        id="order-modality"
        label="Modality"
        placeholder="Choose…"
        options={optionsFrom(MODALITY_LABELS)}
        defaultValue={value('modality', '')}
        errors={errors('modality')}
      />
      <TextField
        name="orderedOn"
        id="order-ordered-on"
        label="Ordered on"
        type="date"
        max={today}
        defaultValue={value('orderedOn', today)}
        errors={errors('orderedOn')}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save order'}
      </Button>
    </form>
  )
}

/**
 * A pending order's result (the finding, or none while the report is to follow, and the date),
 * or the report of a study completed without it.
 */
function ImagingResultForm({
  action,
  patientId,
  order,
  today,
}: {
  action: FormAction
  patientId: string
  order: RecordImagingOrder
  today: string
}) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  const completing = !order.completedOn
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="orderId" value={order.id} />
      <TextField
        id={`finding-${order.id}`}
        name="finding"
        label={completing ? 'Finding' : 'Report finding'}
        className="min-w-72 flex-1"
        hint={
          completing ? 'Leave empty when the study is done and its report is to follow.' : undefined
        }
        defaultValue={value('finding')}
        errors={errors('finding')}
      />
      {completing ? (
        <TextField
          id={`completed-on-${order.id}`}
          name="completedOn"
          label="Completed on"
          type="date"
          min={order.orderedOn}
          max={today}
          defaultValue={value('completedOn', today)}
          errors={errors('completedOn')}
        />
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {completing ? 'Mark completed' : 'Add report'}
      </Button>
      {!state.ok && !state.fieldErrors ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  )
}
