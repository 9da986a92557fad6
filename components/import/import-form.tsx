'use client'

import Link from 'next/link'
import { useState } from 'react'
import { ImportErrors } from '@/components/import/import-errors'
import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/text-field'
import {
  formatCount,
  MAX_IMPORT_ROWS,
  MAX_UPLOAD_BYTES,
  parseImportEvent,
  UPLOAD_FIELD_NAME,
  type ImportOutcome,
  type ImportProgress,
} from '@/lib/import/protocol'

interface ImportFormProps {
  /** The route handler that takes the upload and streams NDJSON progress. */
  uploadUrl: string
  /** Where the imported patients can be seen. */
  listUrl: string
}

type ImportState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'running'; progress: ImportProgress }
  | { status: 'finished'; outcome: ImportOutcome }

const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES / 1024 / 1024

export function ImportForm({ uploadUrl, listUrl }: ImportFormProps) {
  const [state, setState] = useState<ImportState>({ status: 'idle' })
  const [fileError, setFileError] = useState<string | null>(null)
  const busy = state.status === 'uploading' || state.status === 'running'

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const formData = new FormData(form)
    const file = formData.get(UPLOAD_FIELD_NAME)
    // Said at once, without a round trip; the server checks the same again.
    if (!(file instanceof File) || file.size === 0) {
      setFileError(file instanceof File && file.name ? 'The file is empty.' : 'Choose a CSV file.')
      return
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setFileError(`The file is larger than ${MAX_UPLOAD_MB} MB. Split it into smaller files.`)
      return
    }
    setFileError(null)
    setState({ status: 'uploading' })
    const outcome = await upload(uploadUrl, formData, (progress) =>
      setState({ status: 'running', progress }),
    )
    setState({ status: 'finished', outcome })
    // The same file must not go in twice by a second click.
    if (outcome.phase === 'done') form.reset()
  }

  return (
    <div className="flex flex-col gap-4">
      <form
        onSubmit={(event) => void handleSubmit(event)}
        className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:flex-row sm:items-end"
        noValidate
      >
        <TextField
          name={UPLOAD_FIELD_NAME}
          label="CSV file"
          type="file"
          accept=".csv,text/csv"
          required
          hint={`UTF-8 CSV, at most ${MAX_UPLOAD_MB} MB and ${formatCount(MAX_IMPORT_ROWS)} rows.`}
          errors={fileError ? [fileError] : undefined}
          className="grow"
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </Button>
      </form>
      {fileError ? (
        <p role="alert" className="sr-only">
          {fileError}
        </p>
      ) : null}
      {state.status === 'uploading' || state.status === 'running' ? (
        <ImportProgressBar progress={state.status === 'running' ? state.progress : null} />
      ) : null}
      {state.status === 'finished' ? (
        <ImportResult outcome={state.outcome} listUrl={listUrl} />
      ) : null}
    </div>
  )
}

function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const { phase, label, done, total } = describeProgress(progress)
  return (
    <div className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-5">
      {/* Only the phase is announced: a count changing every second would drown the reader. */}
      <p aria-live="polite" className="text-sm font-medium text-slate-800">
        {phase}
      </p>
      <label htmlFor="import-progress" className="text-sm text-slate-600">
        {label}
      </label>
      {/* Without a value the bar is indeterminate: the phase has no count to show. */}
      <progress
        id="import-progress"
        className="h-2 w-full accent-brand-600"
        max={total ?? undefined}
        value={done ?? undefined}
      />
    </div>
  )
}

function describeProgress(progress: ImportProgress | null): {
  phase: string
  label: string
  done: number | null
  total: number | null
} {
  const of = (done: number, total: number) => `${formatCount(done)} of ${formatCount(total)}`
  if (progress === null) {
    return { phase: 'Uploading', label: 'Sending the file…', done: null, total: null }
  }
  switch (progress.phase) {
    case 'reading':
      return { phase: 'Reading', label: 'Reading the file…', done: null, total: null }
    case 'validating':
      return {
        phase: 'Validating',
        label: `Validating rows: ${of(progress.done, progress.total)}`,
        done: progress.done,
        total: progress.total,
      }
    case 'checking':
      return {
        phase: 'Checking MRNs',
        label: `Looking for the file's ${formatCount(progress.total)} MRNs among stored patients…`,
        done: null,
        total: null,
      }
    case 'writing':
      return {
        phase: 'Writing',
        label: `Saving patients: ${of(progress.done, progress.total)}`,
        done: progress.done,
        total: progress.total,
      }
  }
}

function ImportResult({ outcome, listUrl }: { outcome: ImportOutcome; listUrl: string }) {
  if (outcome.phase === 'done') {
    return (
      <div role="status" className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800">
        Imported {formatCount(outcome.imported)} {outcome.imported === 1 ? 'patient' : 'patients'}.{' '}
        <Link href={listUrl} className="underline">
          See the candidates
        </Link>
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-3">
      <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800">
        {outcome.message}
      </p>
      {outcome.errors.length > 0 ? (
        <ImportErrors errors={outcome.errors} errorCount={outcome.errorCount} />
      ) : null}
    </div>
  )
}

const failed = (message: string): ImportOutcome => ({
  phase: 'failed',
  message,
  errors: [],
  errorCount: 0,
})

/** Posts the file and follows the NDJSON progress lines to the final outcome. */
async function upload(
  url: string,
  formData: FormData,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  let response: Response
  try {
    // Manual: a redirect here means the session ended, not a page to read as progress.
    response = await fetch(url, { method: 'POST', body: formData, redirect: 'manual' })
  } catch {
    return failed('The file could not be sent. Check the connection and try again.')
  }
  if (response.type === 'opaqueredirect') {
    return failed('Your session has ended. Sign in again, then import the file.')
  }
  if (!response.ok || !response.body) return refusal(response)

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (value) buffered += value
      const lines = buffered.split('\n')
      buffered = done ? '' : (lines.pop() ?? '')
      for (const line of lines) {
        if (line.trim() === '') continue
        const event = parseImportEvent(line)
        if (event?.phase === 'done' || event?.phase === 'failed') return event
        if (event) onProgress(event)
      }
      if (done) break
    }
  } catch {
    // Falls through: the outcome never arrived.
  }
  return failed(
    'The connection closed before the import finished. Check the candidates list before ' +
      'importing the file again: it was imported whole or not at all.',
  )
}

async function refusal(response: Response): Promise<ImportOutcome> {
  const event = parseImportEvent(await response.text().catch(() => ''))
  if (event?.phase === 'failed') return event
  if (response.status === 403) return failed('Your role cannot import patients.')
  return failed(`The import was refused (HTTP ${response.status}). Nothing was imported.`)
}
