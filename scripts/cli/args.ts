import { parseArgs, type ParseArgsConfig } from 'node:util'

/** parseArgs with a usage line on error, for the small command-line tools in this folder. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: ${usage}`)
    process.exit(2)
  }
}

export function fail(message: string): never {
  console.error(message)
  process.exit(1)
}
