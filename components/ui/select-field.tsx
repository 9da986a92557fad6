import { clsx } from 'clsx'

interface SelectFieldProps extends Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'name'> {
  name: string
  label: string
  options: readonly { value: string; label: string }[]
  /** Text of the empty first option ("Any", "Choose…"); none when omitted. */
  placeholder?: string
  errors?: string[] | undefined
}

/** A labelled select whose messages are tied to it with aria-describedby. */
export function SelectField({
  name,
  label,
  options,
  placeholder,
  errors,
  className,
  id,
  ...props
}: SelectFieldProps) {
  const selectId = id ?? `field-${name}`
  const errorId = `${selectId}-error`
  const invalid = Boolean(errors?.length)
  return (
    <div className={clsx('flex flex-col gap-1', className)}>
      <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={selectId}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={clsx(
          'rounded-md border bg-white px-3 py-2 text-sm shadow-sm',
          invalid ? 'border-red-600' : 'border-slate-300',
        )}
        {...props}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {invalid ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/** Options from a value → label record, in the record's order. */
export function optionsFrom<T extends string>(labels: Record<T, string>) {
  return (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }))
}
