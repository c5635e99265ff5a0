// The README's Phoenix snippets, read from the README itself so that the tests run exactly what
// a reader pastes: the code blocks under "## Phoenix 1.7 and later" and "## Custom events from
// LiveView", each given a role by what it is. A JavaScript block the tests do not know makes
// them fail: every such snippet must be run somewhere.

import { readFileSync } from 'node:fs'

/** The README the tests read: the repository's, or LYT_README's (to check a test goes red on a broken snippet). */
export const README_PATH = process.env.LYT_README || new URL('../../../README.md', import.meta.url)

export interface Block {
  lang: string
  code: string
  /** Its first line's number in the README, for messages. */
  line: number
}

/** The fenced code blocks of the README's sections with these `## ` headings. */
export function readmeBlocks(headings: string[], text = readFileSync(README_PATH, 'utf8')): Block[] {
  const lines = text.split('\n')
  const blocks: Block[] = []
  let inSection = false
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) inSection = headings.includes(lines[i].slice(3).trim())
    if (!inSection) continue
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i])
    if (!open) continue
    const indent = open[1].length
    const start = i + 1
    let end = start
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++
    blocks.push({
      lang: open[2],
      code: lines
        .slice(start, end)
        .map((l) => l.slice(indent))
        .join('\n'),
      line: start + 1,
    })
    i = end
  }
  return blocks
}

export const PHOENIX_SECTIONS = ['Phoenix 1.7 and later', 'Custom events from LiveView']

const LIVE_SOCKET = /^(const|let) liveSocket = new LiveSocket\(/m

/** The Phoenix sections' snippets, by role. */
export function phoenixSnippets(text?: string) {
  const blocks = readmeBlocks(PHOENIX_SECTIONS, text)
  const js = blocks.filter((b) => b.lang === 'js' || b.lang === 'javascript')
  const one = (what: string, test: (code: string) => boolean) => {
    const found = js.filter((b) => test(b.code))
    if (found.length !== 1) throw new Error(`README: expected one JavaScript snippet for ${what}, found ${found.length}`)
    return found[0].code
  }
  const snippets = {
    stub: one('the stub', (c) => /lyt\.q\s*=\s*lyt\.q/.test(c)),
    hooks: one('the hooks object', (c) => /const Hooks\s*=/.test(c)),
    liveSocket18: one('the Phoenix 1.8 LiveSocket call', (c) => LIVE_SOCKET.test(c) && c.includes('colocatedHooks')),
    liveSocket17: one('the Phoenix 1.7 LiveSocket call', (c) => LIVE_SOCKET.test(c) && !c.includes('colocatedHooks')),
    pushEvent: one('the phx:lyt listener', (c) => c.includes('phx:lyt')),
  }
  const known = new Set(Object.values(snippets))
  const unknown = js.filter((b) => !known.has(b.code))
  if (unknown.length) throw new Error(`README: JavaScript snippets no test runs (lines ${unknown.map((b) => b.line).join(', ')})`)
  const heex = blocks.filter((b) => b.lang === 'heex').map((b) => b.code)
  const tag = (file: string) => {
    const found = heex.filter((code) => code.includes(`~p"/`) && code.includes(file) && !code.includes('data-auto'))
    if (found.length !== 1) throw new Error(`README: expected one heex tag of ${file}, found ${found.length}`)
    return found[0]
  }
  return {
    ...snippets,
    blocks,
    /** The tags of step 2, as written (heex). */
    coreTag: tag('lyt.min.js'),
    fullTag: tag('lyt.full.min.js'),
    /** The hook's element and the tagged elements of "Custom events from LiveView" (heex that is plain HTML). */
    hookElement: heex.find((code) => code.includes('phx-hook='))!,
    taggedElements: heex.find((code) => code.includes('data-lyt-event='))!,
  }
}

/** A heex tag as the browser gets it: `src={~p"/js/x.js"}` → `src="/js/x.js"`. */
export const heexToHtml = (heex: string) => heex.replace(/\{~p"([^"]*)"\}/g, '"$1"')
