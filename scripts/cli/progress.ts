// A one-line progress bar with the rate and the time left, redrawn at most once a second.

const WIDTH = 24

export function progressLine(
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
): string {
  const share = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(share * WIDTH)
  const perSecond = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0
  const left = perSecond > 0 ? (total - done) / perSecond : 0
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ` +
    `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${label} · ` +
    `${Math.round(perSecond).toLocaleString('en-US')}/s` +
    (done < total ? ` · ${formatSeconds(left)} left` : '')
  )
}

function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds)
  return whole >= 60
    ? `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`
    : `${whole}s`
}

/** Reports progress on one rewritten line; the last call (done = total) ends the line. */
export function progressReporter(label: string, out: NodeJS.WriteStream = process.stdout) {
  const started = performance.now()
  let lastDrawn = 0
  return (done: number, total: number) => {
    const now = performance.now()
    if (done < total && now - lastDrawn < 1_000) return
    lastDrawn = now
    out.write(`\r  ${progressLine(label, done, total, now - started)}${done >= total ? '\n' : ''}`)
  }
}
