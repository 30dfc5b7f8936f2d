// Preloaded with `node --require` when /usr/bin/time is absent: writes the process's peak RSS
// (KB) to $ACKNET_BENCH_RSS_FILE at exit, for bench/run.js.
const {writeFileSync} = require('node:fs')
process.on('exit', () => {
  const file = process.env.ACKNET_BENCH_RSS_FILE
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS))
})
