interface CheckboxFieldProps extends Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  'name' | 'type'
> {
  name: string
  label: string
}

export function CheckboxField({ name, label, id, ...props }: CheckboxFieldProps) {
  const inputId = id ?? `field-${name}`
  return (
    <div className="flex items-start gap-2">
      <input
        id={inputId}
        name={name}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-400"
        {...props}
      />
      <label htmlFor={inputId} className="text-sm text-slate-800">
        {label}
      </label>
    </div>
  )
}
