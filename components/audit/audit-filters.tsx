import { FilterForm } from '@/components/data-table/filter-form'
import { SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { ACTION_OPTION_GROUPS, entityLabel } from '@/lib/audit-log/labels'
import { auditLogQuery, NO_USER, type AuditLogParams } from '@/lib/audit-log/params'
import type { AuditActorOption } from '@/lib/audit-log/queries'

interface AuditFiltersProps {
  params: AuditLogParams
  actors: AuditActorOption[]
  entityTypes: string[]
  timeZone: string
}

export function AuditFilters({ params, actors, entityTypes, timeZone }: AuditFiltersProps) {
  const userOptions = [
    { value: NO_USER, label: 'System or anonymous (no user)' },
    ...actors.map((actor) => ({
      value: actor.id,
      label: `${actor.name} (${actor.email})${actor.active ? '' : ' — inactive'}`,
    })),
  ]
  return (
    <div className="flex flex-col gap-2">
      <FilterForm
        action="/admin/audit"
        label="Filter audit log"
        keep={{ size: params.size }}
        clearHref="/admin/audit"
        urlState={auditLogQuery(params)}
      >
        <SelectField
          id="audit-filter-user"
          name="user"
          label="User"
          placeholder="Anyone"
          options={userOptions}
          defaultValue={params.user ?? ''}
          className="max-w-72"
        />
        <TextField
          id="audit-filter-email"
          name="email"
          label="Email"
          type="search"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          placeholder="Exact address"
          defaultValue={params.email ?? ''}
        />
        <ActionSelect value={params.action ?? ''} />
        <SelectField
          id="audit-filter-entity"
          name="entity"
          label="Entity"
          placeholder="Any"
          options={entityTypes.map((type) => ({ value: type, label: entityLabel(type) }))}
          defaultValue={params.entity ?? ''}
        />
        <TextField
          id="audit-filter-entity-id"
          name="entityId"
          label="Entity id"
          type="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          defaultValue={params.entityId ?? ''}
          className="w-80"
        />
        <TextField
          id="audit-filter-from"
          name="from"
          label="From"
          type="date"
          defaultValue={params.from ?? ''}
        />
        <TextField
          id="audit-filter-to"
          name="to"
          label="To"
          type="date"
          defaultValue={params.to ?? ''}
        />
      </FilterForm>
      <p className="text-xs text-slate-600">
        Dates and times are in the clinic&apos;s time zone ({timeZone}); From and To include their
        whole day. Email matches one address exactly, including failed sign-ins.
      </p>
    </div>
  )
}

/** The Action filter: every audited action by its readable name, grouped by area. */
function ActionSelect({ value }: { value: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="audit-filter-action" className="text-sm font-medium text-slate-800">
        Action
      </label>
      <select
        id="audit-filter-action"
        name="action"
        defaultValue={value}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
      >
        <option value="">Any</option>
        {ACTION_OPTION_GROUPS.map(({ group, options }) => (
          <optgroup key={group} label={group}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  )
}
