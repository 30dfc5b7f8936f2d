/**
 * perf (issue #18): what acknet's commands take from @oclif/core, imported from its subpath
 * exports. The package root loads oclif's whole surface at import time (help, ux, colour
 * detection, plugin management); the build (scripts/build.mjs) points `@oclif/core` here so a
 * command run evaluates only these modules, and cuts the few links from them into oclif's help
 * and error handler (OCLIF_STUBS there). Commands extend acknet's own Command (command.ts), not
 * oclif's. Sources run from tsx/vitest import the package root.
 */
export * as Args from '@oclif/core/args'
export * as Errors from '@oclif/core/errors'
export * as Flags from '@oclif/core/flags'
export * as Parser from '@oclif/core/parser'
