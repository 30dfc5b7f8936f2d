/**
 * Where a JSON text first goes wrong, as an offset. Node 20's JSON.parse messages do not say
 * where ("Unexpected token ','... is not valid JSON"), and an import of a 40 MB kubectl dump
 * needs a line and column. A strict recursive-descent scan, run only after JSON.parse failed.
 */
export function jsonErrorAt(text: string): {offset: number; message: string} | undefined {
  let i = 0
  const fail = (message: string): never => {
    throw {offset: i, message}
  }
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const describe = () => (i >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`)
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('bad escape')
      } else if (text.charCodeAt(i) < 0x20) fail('control character in a string')
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail(`${describe()}, expected a "key"`)
        string()
        ws()
        if (text[i] !== ':') fail(`${describe()}, expected ":"`)
        i++
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return
        }
        fail(`${describe()}, expected "," or "}"`)
      }
    } else if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return
        }
        fail(`${describe()}, expected "," or "]"`)
      }
    } else if (c === '"') string()
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
      if (!m) fail('bad number')
      i += m![0].length
    } else if (text.startsWith('true', i)) i += 4
    else if (text.startsWith('false', i)) i += 5
    else if (text.startsWith('null', i)) i += 4
    else fail(`${describe()}, expected a value`)
  }
  try {
    value()
    ws()
    if (i < text.length) fail(`${describe()} after the JSON value`)
    return undefined
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as {offset: number; message: string}
    throw error
  }
}
