/**
 * The whole of oclif — help, topics, "did you mean", plugins — for the argument lists bin/run.js
 * does not dispatch itself (src/cli/main.ts). Built as its own bundle (scripts/build.mjs): the
 * command bundles carry a cut-down oclif (oclif-slim.ts), this one the real thing.
 */
export {execute} from '@oclif/core/execute'
