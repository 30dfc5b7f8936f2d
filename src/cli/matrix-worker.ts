import {parentPort, workerData} from 'node:worker_threads'
import {planMatrix} from '../engine/reach/matrix.js'
import {ReachSession} from '../engine/reach/session.js'
import {loadModelOrThrow} from '../engine/topology/index.js'
import {matrixCsvLine, matrixJsonItem} from '../render/reach/matrix.js'
import {modelCacheFor} from './model-cache.js'
import type {MatrixWorkerData, MatrixWorkerReply, MatrixWorkerRequest} from './matrix-parallel.js'

/**
 * A matrix worker thread (src/cli/matrix-parallel.ts): loads the same file as the command, plans
 * the same matrix, and renders the rows of the source blocks it is sent, encoded, back to the
 * command that writes them in order.
 */
const data = workerData as MatrixWorkerData
const {model} = loadModelOrThrow(data.file, undefined, {cache: modelCacheFor(data.cache)})
const plan = planMatrix(new ReachSession(model, data.family), data.query)
const port = parentPort!
if (plan.sources.length !== data.sources || plan.destinations.length !== data.destinations) {
  throw new Error(`${data.file} changed while the matrix was computed (${plan.sources.length} × ${plan.destinations.length} endpoints instead of ${data.sources} × ${data.destinations})`)
}
port.on('message', (request: MatrixWorkerRequest) => {
  let text = ''
  for (const entry of plan.rows(request.start, request.end)) text += data.format === 'csv' ? `${matrixCsvLine(entry)}\n` : matrixJsonItem(entry)
  const bytes = new TextEncoder().encode(text)
  const reply: MatrixWorkerReply = {block: request.block, bytes, cells: (request.end - request.start) * plan.destinations.length}
  port.postMessage(reply, [bytes.buffer])
})
