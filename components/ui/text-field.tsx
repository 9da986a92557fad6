import { clsx } from 'clsx'

type TextFieldProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name'> & {
  name: string
  label: string
  errors?: string[] | undefined
  hint?: string
}

/** A labelled input whose messages are tied to it with aria-describedby. */
export function TextField({ name, label, errors, hint, className, id, ...props }: TextFieldProps) {
  const inputId = id ?? `field-${name}`
  const errorId = `${inputId}-error`
  const hintId = `${inputId}-hint`
  const invalid = Boolean(errors?.length)
  const describedBy =
    [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={clsx('flex flex-col gap-1', className)}>
      <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={clsx(
          'rounded-md border bg-white px-3 py-2 text-sm shadow-sm',
          invalid ? 'border-red-600' : 'border-slate-300',
        )}
        {...props}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
