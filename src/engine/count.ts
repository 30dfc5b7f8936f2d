/**
 * A count with thousands separators, as `count.toLocaleString('en-US')` writes it ("12,345").
 * perf (issue #18): the first toLocaleString call of a process sets up ICU number formatting,
 * ≈ 35 ms of a cold `lint` on the production fixture; integers do not need it.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US')
  const digits = String(Math.abs(count))
  let out = digits.length > 3 ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : digits
  if (count < 0 || Object.is(count, -0)) out = `-${out}`
  return out
}
