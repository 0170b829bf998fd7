// User-supplied Markdown → HTML that is safe to put in a page. Two independent layers:
// 1. markdown-it with raw HTML disabled (`html: false`): tags written by the user come out as text;
//    its link validator drops javascript:, vbscript:, file: and non-image data: URLs.
// 2. DOMPurify (on a jsdom window) over the result, with an allowlist of the elements and attributes
//    Markdown produces, so even a renderer bug cannot let a script, event handler, style or frame through.
// Links get rel="noopener noreferrer nofollow ugc" and open in the same tab.
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'em', 'strong',
  's', 'del', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const ALLOWED_ATTR = ['href', 'title', 'src', 'alt', 'start', 'align', 'rel'];
const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/?[^:]*$)/i;

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

export const MARKDOWN_MAX = 200_000;

export function renderMarkdown(source: string): string {
  const html = md.render(source.slice(0, MARKDOWN_MAX));
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
}
