import fs from 'node:fs'

export default function removeE2eData() {
  const dir = process.env.E2E_DATA_DIR
  if (dir?.includes('augment-e2e-')) fs.rmSync(dir, { recursive: true, force: true })
}
