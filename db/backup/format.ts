import fs from 'node:fs'

export type BackupKind = 'postgres' | 'pglite'

/** Which backend wrote `file`, from its first bytes; null for anything else. */
export function backupKindOf(file: string): BackupKind | null {
  const head = Buffer.alloc(512)
  const fd = fs.openSync(file, 'r')
  let length: number
  try {
    length = fs.readSync(fd, head, 0, head.length, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres'
  // gzip (PGlite's dump), or a plain tar ("ustar" at 257).
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite'
  if (length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite'
  return null
}

export function backendLabel(kind: BackupKind): string {
  return kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
}
