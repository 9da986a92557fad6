/** A refusal the command line shows as is: nothing was changed. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupRefusedError'
  }
}
