import readline from 'node:readline'
import { Writable } from 'node:stream'

/** Asks on the terminal without echoing the answer; null when there is no terminal. */
export async function promptHidden(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null
  let muted = false
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk)
      done()
    },
  })
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true })
  const answer = new Promise<string>((resolve) => rl.question(question, resolve))
  muted = true
  const value = await answer
  rl.close()
  process.stdout.write('\n')
  return value
}
