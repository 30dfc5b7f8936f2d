#!/usr/bin/env -S node --import tsx --no-warnings
// Runs the TypeScript sources directly (no build step) for development.
import {execute} from '@oclif/core'

try {
  await execute({development: true, dir: import.meta.url})
} catch (error) {
  const {reportError} = await import('../src/cli/report-error.ts')
  process.exitCode = reportError(error)
}
