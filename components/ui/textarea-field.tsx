import { clsx } from 'clsx'

interface TextareaFieldProps extends Omit<
  React.TextareaHTMLAttributes<HTMLTextAreaElement>,
  'name'
> {
  name: string
  label: string
  errors?: string[] | undefined
}

export function TextareaField({
  name,
  label,
  errors,
  id,
  className,
  ...props
}: TextareaFieldProps) {
  const inputId = id ?? `field-${name}`
  const errorId = `${inputId}-error`
  const invalid = Boolean(errors?.length)
  return (
    <div className={clsx('flex flex-col gap-1', className)}>
      <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={inputId}
        name={name}
        rows={3}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={clsx(
          'rounded-md border bg-white px-3 py-2 text-sm shadow-sm',
          invalid ? 'border-red-600' : 'border-slate-300',
        )}
        {...props}
      />
      {invalid ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
