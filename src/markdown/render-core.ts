// User-supplied Markdown → HTML that is safe to put in a page, synchronously. Two independent layers:
// 1. markdown-it with raw HTML disabled (`html: false`): tags written by the user come out as text;
//    its link validator drops javascript:, vbscript:, file: and non-image data: URLs.
// 2. DOMPurify (on a jsdom window) over the result, with an allowlist of the elements and attributes
//    Markdown produces, so even a renderer bug cannot let a script, event handler, style or frame through.
// Links get rel="noopener noreferrer nofollow ugc" and open in the same tab.
//
// Bounded for any input (issue 10, items 13 and 14):
// - Nesting: markdown-it caps block nesting (maxNesting) but not emphasis, whose delimiters are paired after
//   parsing: `*`×12000 + `a` + `*`×12000 became 6,000 nested <strong>, and the HTML parser's cost grows with
//   the square of nested formatting elements (jsdom: 1,000 levels 0.25 s, 2,000 levels 0.8 s, 6,000 levels a
//   stack overflow after 8 s). A core rule turns every inline tag deeper than INLINE_NESTING_MAX back into
//   its Markdown text, so the HTML is at most BLOCK_NESTING_MAX + INLINE_NESTING_MAX deep.
//   markdown-it drops the content of blocks nested deeper than BLOCK_NESTING_MAX; such a text is shown as
//   plain text instead (fallback.ts), so no character of it is lost.
// - Size: the source is cut at MARKDOWN_MAX characters (the largest text any field accepts).
// - Flat cost: every document jsdom creates (DOMPurify parses each input into a new one) registers its
//   selector engine's event listeners on the window for good, so a long-lived window grows with every call
//   and each call gets slower. The window is replaced every WINDOW_CALLS calls (and after any error).
// Time is bounded in render.ts, which runs this in a worker thread with a deadline.
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import { MARKDOWN_MAX, plainTextHtml } from './fallback.ts';

export const BLOCK_NESTING_MAX = 100;
export const INLINE_NESTING_MAX = 16;
export const WINDOW_CALLS = 200;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false, maxNesting: BLOCK_NESTING_MAX });

/** Inline tags (emphasis, strike-through, links) nested deeper than INLINE_NESTING_MAX become their Markdown text. */
function capInlineNesting(children: Token[]): void {
  const kept: boolean[] = [];
  let depth = 0;
  for (const token of children) {
    if (token.nesting === 1) {
      const keep = depth < INLINE_NESTING_MAX;
      kept.push(keep);
      if (keep) depth++;
      else flatten(token);
    } else if (token.nesting === -1) {
      const keep = kept.pop() ?? true;
      if (keep) depth--;
      else flatten(token);
    }
  }
}

function flatten(token: Token): void {
  // Emphasis and strike-through come back as their delimiters; a link keeps its text, unlinked.
  token.content = /^(?:em|strong|s)_(?:open|close)$/.test(token.type) ? token.markup : '';
  token.type = 'text';
  token.tag = '';
  token.nesting = 0;
  token.attrs = null;
}

md.core.ruler.push('cap_inline_nesting', (state: StateCore) => {
  for (const token of state.tokens) if (token.type === 'inline' && token.children) capInlineNesting(token.children);
});

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'pre',
  'code',
  'em',
  'strong',
  's',
  'del',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
const ALLOWED_ATTR = ['href', 'title', 'src', 'alt', 'start', 'align', 'rel'];
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/?[^:]*$)/i;

function createSanitizer(): { purify: DOMPurify; close: () => void } {
  const window = new JSDOM('').window;
  const purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_URL.test(href)) node.removeAttribute('href');
      node.setAttribute('rel', 'noopener noreferrer nofollow ugc');
    }
    if (node.tagName === 'IMG') {
      // Images only from this site: a remote image would tell a third party who read an embargoed report.
      const src = node.getAttribute('src') ?? '';
      if (!/^\/(?!\/)/.test(src)) node.removeAttribute('src');
    }
  });
  return { purify, close: () => window.close() };
}

let sanitizer: ReturnType<typeof createSanitizer> | null = null;
let calls = 0;
/** How many jsdom windows this thread has created (tests check that the window is recycled). */
export let windowsCreated = 0;

function sanitize(html: string): string {
  if (sanitizer === null || calls >= WINDOW_CALLS) {
    sanitizer?.close();
    sanitizer = createSanitizer();
    windowsCreated++;
    calls = 0;
  }
  calls++;
  try {
    return sanitizer.purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
  } catch (err) {
    calls = WINDOW_CALLS; // a window that failed mid-call is not reused
    throw err;
  }
}

/** Markdown → sanitised HTML, on this thread. Use renderMarkdown (render.ts) in request handling. */
export function renderMarkdownSync(text: string): string {
  const source = text.slice(0, MARKDOWN_MAX);
  const env = {};
  const tokens = md.parse(source, env);
  // markdown-it drops what lies deeper than maxNesting blocks: show such a text as it was written instead.
  if (tokens.some((t) => t.level >= BLOCK_NESTING_MAX - 1)) return plainTextHtml(source);
  return sanitize(md.renderer.render(tokens, md.options, env));
}
