import fs from 'node:fs'
import path from 'node:path'

// The PGlite folder, ./data (demo auth secret) and backups hold patient data: files this
// process creates are readable by its own user only, and a data folder someone opened to
// the group or the world is refused rather than used.

/** Owner-only permissions for everything the process creates from now on (0700 / 0600). */
export const PRIVATE_UMASK = 0o077

export function restrictNewFilesToOwner(): void {
  process.umask(PRIVATE_UMASK)
}

export class ExposedDataFolderError extends Error {
  constructor(
    readonly folder: string,
    mode: number,
  ) {
    super(
      `${folder} is readable by other users of this machine (mode ${(mode & 0o777).toString(8).padStart(3, '0')}). ` +
        `It holds patient data: make it private with \`chmod -R go-rwx ${shellQuote(folder)}\` and start again.`,
    )
    this.name = 'ExposedDataFolderError'
  }
}

/** Throws ExposedDataFolderError when `folder` exists and its group or others have any access. */
export function assertPrivateFolder(folder: string): void {
  let mode: number
  try {
    mode = fs.statSync(folder).mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if ((mode & 0o077) !== 0) throw new ExposedDataFolderError(path.resolve(folder), mode)
}

function shellQuote(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}
