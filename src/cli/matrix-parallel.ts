import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {MatrixPlan, MatrixQuery} from '../engine/reach/matrix.js'
import type {Family} from '../engine/reach/family.js'

/**
 * `acknet matrix` CSV and JSON on two threads (issue #16): worker threads compute and render
 * blocks of source rows, this thread writes them in source order. At most WINDOW blocks are
 * computed ahead of the one being written, so memory stays flat whatever the matrix size.
 */
export interface MatrixWorkerData {
  file: string
  cache: boolean | undefined
  family: Family
  query: Omit<MatrixQuery, 'progress'>
  format: 'csv' | 'json'
  /** What the command planned, so a worker that reads a changed file says so. */
  sources: number
  destinations: number
}

export interface MatrixWorkerRequest {
  block: number
  start: number
  end: number
}

export interface MatrixWorkerReply {
  block: number
  bytes: Uint8Array
  cells: number
}

/**
 * Below this many pairs one thread is faster (each worker loads the model again).
 * ACKNET_MATRIX_PARALLEL_MIN_PAIRS overrides it (benchmarks compare both forms; tests run the
 * parallel one on small files; a value over 10 million keeps every matrix on one thread).
 */
const PARALLEL_MIN_PAIRS = 200_000

function minPairs(): number {
  const asked = Number(process.env.ACKNET_MATRIX_PARALLEL_MIN_PAIRS)
  return process.env.ACKNET_MATRIX_PARALLEL_MIN_PAIRS && Number.isFinite(asked) ? asked : PARALLEL_MIN_PAIRS
}
/** Cells per block: enough to keep a message's cost small, few enough to keep memory flat. */
const BLOCK_CELLS = 20_000
const WINDOW = 8

const WORKER_FILE = fileURLToPath(new URL('../cli/matrix-worker.js', import.meta.url))

/** Whether this matrix is worth spreading over worker threads here. */
export function parallelMatrix(plan: Pick<MatrixPlan, 'sources' | 'total'>, file: string): boolean {
  return plan.total >= minPairs() && plan.sources.length > 1 && file !== '-' && availableParallelism() > 1 && WORKER_FILE.endsWith('.js') && existsSync(WORKER_FILE)
}

/**
 * Writes the rows of `plan` computed by two workers, in order; `write` returns false when the
 * sink wants a drain before more (as stream.write).
 */
export async function writeMatrixInParallel(plan: Pick<MatrixPlan, 'sources' | 'destinations' | 'total'>, data: Omit<MatrixWorkerData, 'sources' | 'destinations'>, out: {write(bytes: Uint8Array): boolean; drained(): Promise<void>}, progress?: (done: number, total: number) => void): Promise<void> {
  // blocks of about BLOCK_CELLS cells, and at least eight blocks so that both threads stay busy to the end
  const rowsPerBlock = Math.max(1, Math.min(Math.floor(BLOCK_CELLS / Math.max(1, plan.destinations.length)), Math.ceil(plan.sources.length / 8)))
  const blocks = Math.ceil(plan.sources.length / rowsPerBlock)
  const workerData: MatrixWorkerData = {...data, sources: plan.sources.length, destinations: plan.destinations.length}
  const workers = Array.from({length: Math.min(2, availableParallelism(), blocks)}, () => new Worker(WORKER_FILE, {workerData}))
  const idle = [...workers]
  const ready = new Map<number, MatrixWorkerReply>()
  let next = 0
  let written = 0
  let cells = 0
  let writing = false
  try {
    await new Promise<void>((resolve, reject) => {
      const dispatch = () => {
        while (idle.length > 0 && next < blocks && next < written + WINDOW) {
          const start = next * rowsPerBlock
          idle.pop()!.postMessage({block: next, start, end: Math.min(plan.sources.length, start + rowsPerBlock)} satisfies MatrixWorkerRequest)
          next++
        }
      }
      const flush = async () => {
        if (writing) return
        writing = true
        try {
          for (let reply = ready.get(written); reply; reply = ready.get(written)) {
            ready.delete(written)
            written++
            cells += reply.cells
            if (!out.write(reply.bytes)) await out.drained()
            progress?.(Math.min(cells, plan.total), plan.total)
            dispatch()
          }
        } finally {
          writing = false
        }
        if (written === blocks) resolve()
      }
      for (const worker of workers) {
        worker.on('message', (reply: MatrixWorkerReply) => {
          ready.set(reply.block, reply)
          idle.push(worker)
          dispatch()
          flush().catch(reject)
        })
        worker.on('error', reject)
        worker.on('exit', (code) => code !== 0 && written < blocks && reject(new Error(`a matrix worker stopped (exit code ${code})`)))
      }
      dispatch()
    })
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
