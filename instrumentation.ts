// Opens (and migrates) the database before the first request, so a broken migration or a
// locked PGlite folder stops the server at start instead of failing requests later.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  if (process.env.NEXT_PHASE === 'phase-production-build') return
  const { startServer } = await import('./lib/server-start')
  await startServer()
}
