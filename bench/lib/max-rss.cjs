// Preloaded with `node --require` by bench/run.js when /usr/bin/time is absent: writes the
// process's peak RSS (KB) and CPU time (seconds, user + system) to $ACKNET_BENCH_RSS_FILE at exit.
const {writeFileSync} = require('node:fs')
process.on('exit', () => {
  const file = process.env.ACKNET_BENCH_RSS_FILE
  if (!file) return
  const usage = process.resourceUsage()
  writeFileSync(file, JSON.stringify({maxRssKB: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6}))
})
