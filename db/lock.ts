import fs from 'node:fs'
import path from 'node:path'

export class DatabaseFolderInUseError extends Error {
  constructor(
    readonly pid: number,
    dir: string,
  ) {
    super(`database folder in use by PID ${pid}: ${dir}`)
    this.name = 'DatabaseFolderInUseError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite does not lock its folder, and a second process writing to it corrupts it. Take an
 * exclusive lock file holding our PID; a lock left by a dead process is taken over.
 * Returns the release function.
 */
export function lockDatabaseFolder(dir: string): () => void {
  // Owner-only whatever the umask: the folder will hold patient data.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const lockPath = path.join(dir, 'augment.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
      let released = false
      return () => {
        if (released) return
        released = true
        fs.rmSync(lockPath, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10)
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DatabaseFolderInUseError(holder, dir)
      }
      fs.rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`could not lock database folder ${dir}`)
}
