import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {csvRecord, FORGING_CHARACTER, isWorkflowCommand, runnerLines} from '../helpers/unforgeable.js'
import {csvCell, dotText, markdownText, mermaidText, neutralizeWorkflowCommands, terminalText} from '../../src/render/escape.js'

/** One escaping layer per output format (issue #15): what each guarantees, for any string. */
const HOSTILE = 'x\n::error file=a::pwned\r##[error]old\u001b[2J\u001b]8;;http://evil\u0007link\u009b31m\u202egnp.exe\u2066|`<b>&@team'
const anyText = fc.string({unit: fc.oneof(fc.constantFrom('\n', '\r', '\u001b', '\u0085', '\u009b', '\u202e', '\u2066', '\u2028', ':', '#', '[', '|', '"', ',', '=', '+', '-', '@', '\t', '%', '<', '`'), fc.string({minLength: 1, maxLength: 1}))})

describe('terminalText', () => {
  it('shows control characters, ESC/OSC/CSI and bidi overrides as visible escapes', () => {
    expect(terminalText(HOSTILE)).toBe('x\\n::error file=a::pwned\\r##[error]old\\u001b[2J\\u001b]8;;http://evil\\u0007link\\u009b31m\\u202egnp.exe\\u2066|`<b>&@team')
  })
  it('never leaves a control or bidi character (2,000 strings)', () => {
    fc.assert(fc.property(anyText, (value) => {
      expect(terminalText(value)).not.toMatch(FORGING_CHARACTER)
      expect(terminalText(value)).not.toMatch(/[\n\t]/)
    }), {numRuns: 2_000, seed: 15})
  })
})

describe('neutralizeWorkflowCommands', () => {
  it('escapes a line that the GitHub runner would read as a command, after trimming, in both forms', () => {
    expect(neutralizeWorkflowCommands('ok\n::error::x\n   ::warning::y\n\t##[error]z\na ::error::fine')).toBe('ok\n\\u003a:error::x\n   \\u003a:warning::y\n\t\\u0023#[error]z\na ::error::fine')
    expect(neutralizeWorkflowCommands('\u3000\u00a0::error::x\r\n\u0085::debug::y')).toBe('\u3000\u00a0\\u003a:error::x\r\n\u0085\\u003a:debug::y')
    expect(neutralizeWorkflowCommands('::error file=a,line=1::x')).toBe('\\u003a:error file=a,line=1::x')
  })
  it('escapes the legacy ##[command] anywhere in a line: the runner looks for it with IndexOf', () => {
    expect(neutralizeWorkflowCommands('pod web##[add-mask]secret')).toBe('pod web\\u0023#[add-mask]secret')
    expect(isWorkflowCommand('pod web##[add-mask]secret')).toBe(true)
    expect(isWorkflowCommand(neutralizeWorkflowCommands('pod web##[add-mask]secret'))).toBe(false)
  })
  it('prints IPv6 routes and addresses as they are: `::/0` starts no command', () => {
    for (const line of ['::/0         ipv6gw:prod-ipv6gw   system', '::/0 → ipv6gw:gw (2001:db8::/32 stays local)', '::1', '::ffff:10.0.0.1/128  local']) {
      expect(neutralizeWorkflowCommands(line)).toBe(line)
      expect(isWorkflowCommand(line)).toBe(false)
    }
    // a word before a second `::` is a command name, even an unregistered one (a stop token)
    expect(neutralizeWorkflowCommands('::resume-token::x')).toBe('\\u003a:resume-token::x')
  })
  it('leaves no line the runner reads as a command, even after a stop token (3,000 texts)', () => {
    const piece = fc.oneof(
      fc.constantFrom('::', '##[', ']', ' ', '\n', '\r', '\u0085', '\u3000', '\u2028', 'error', 'add-mask', 'stop-commands', 'tok', 'ERROR', '/0', 'ffff', '2001:db8', ':', '#', '[', 'file=a,line=1'),
      fc.string({maxLength: 3}),
    )
    fc.assert(fc.property(fc.array(piece, {maxLength: 14}).map((parts) => parts.join('')), (value) => {
      for (const line of runnerLines(neutralizeWorkflowCommands(value))) expect(isWorkflowCommand(line, 'tok'), JSON.stringify(line)).toBe(false)
    }), {numRuns: 3_000, seed: 15})
    fc.assert(fc.property(anyText, (value) => {
      for (const line of runnerLines(neutralizeWorkflowCommands(value))) expect(isWorkflowCommand(line, 'tok')).toBe(false)
    }), {numRuns: 2_000, seed: 15})
  })
})

describe('csvCell', () => {
  it('quotes, doubles quotes and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\\tx")
    expect(csvCell(443)).toBe('443')
    expect(csvCell('pod:web/a')).toBe('pod:web/a')
  })

  it('every record stays one line and reads back to the same number of cells, none a formula (2,000 rows)', () => {
    fc.assert(fc.property(fc.array(anyText, {minLength: 1, maxLength: 6}), (values) => {
      const line = values.map(csvCell).join(',')
      expect(line).not.toMatch(/[\r\n]/)
      const cells = csvRecord(line)
      expect(cells).toHaveLength(values.length)
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }), {numRuns: 2_000, seed: 15})
  })
})

describe('markdownText', () => {
  it('keeps a table cell one cell: no raw pipe, tag, code span or mention', () => {
    expect(markdownText('a|b `c` <img src=x> & @org/team *x* [l](u)')).toBe('a\\|b \\`c\\` &lt;img src=x&gt; &amp; &#64;org/team \\*x\\* \\[l\\](u)')
  })
  it('leaves no unescaped pipe, < or control character (2,000 strings)', () => {
    fc.assert(fc.property(anyText, (value) => {
      const cell = markdownText(value)
      expect(cell.replace(/\\\\/g, '')).not.toMatch(/(^|[^\\])[|`]/)
      expect(cell).not.toMatch(/[<>]/)
      expect(cell).not.toMatch(FORGING_CHARACTER)
    }), {numRuns: 2_000, seed: 15})
  })
})

describe('mermaidText and dotText', () => {
  it('cannot close a label, start a %% directive or break a line', () => {
    fc.assert(fc.property(anyText, (value) => {
      const mermaid = mermaidText(value)
      expect(mermaid).not.toMatch(/["%<>|`\n\r]/)
      const dot = dotText(value)
      expect(dot.replace(/\\\\/g, '').replace(/\\"/g, '')).not.toMatch(/["\n\r]/)
    }), {numRuns: 2_000, seed: 15})
    expect(mermaidText('%%{init: {"theme": "dark"}}%%')).toBe('#37;#37;{init: {#quot;theme#quot;: #quot;dark#quot;}}#37;#37;')
  })
})
