// The server's resident memory, read from /proc while the load runs.
import fs from 'node:fs'

const RSS_SAMPLE_MS = 250

/** Resident memory of a process and its descendants, in kB, from /proc. */
function treeRssKb(rootPid: number): number {
  let total = 0
  const pending = [rootPid]
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
      for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
        const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        pending.push(...children.split(' ').filter(Boolean).map(Number))
      }
    } catch {
      // It exited between two reads: it holds no memory any more.
    }
  }
  return total
}

/** Samples the server's RSS every 250 ms; `peakMb()` is the highest since the last reset. */
export function sampleRss(pid: number) {
  let overallKb = 0
  let phaseKb = 0
  const timer = setInterval(() => {
    const kb = treeRssKb(pid)
    overallKb = Math.max(overallKb, kb)
    phaseKb = Math.max(phaseKb, kb)
  }, RSS_SAMPLE_MS)
  return {
    resetPhase: () => (phaseKb = 0),
    phasePeakMb: () => phaseKb / 1024,
    overallPeakMb: () => overallKb / 1024,
    stop: () => clearInterval(timer),
  }
}

export type RssSampler = ReturnType<typeof sampleRss>
