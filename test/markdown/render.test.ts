// The Markdown renderer against the XSS corpus: every payload, alone and embedded in Markdown constructs,
// yields HTML with no script, no event handler, no javascript:/data:/vbscript: URL, no srcdoc, no style,
// no frame/object/embed/form, and no remote image.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/markdown/render.ts';
import { CONFORMANCE } from '../helpers/paths.ts';

const payloads = readFileSync(path.join(CONFORMANCE, 'xss_payloads.txt'), 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.trim() !== '');

const FORBIDDEN_ELEMENTS =
  'script, iframe, frame, frameset, object, embed, form, input, button, style, link, meta, base, svg, math, template, textarea, select';

const { document } = new JSDOM('<!doctype html><body></body>').window;

function dangers(html: string): string[] {
  // A <template> parses the HTML like a page would, without running or loading anything.
  const holder = document.createElement('template');
  holder.innerHTML = html;
  const root = holder.content;
  const found: string[] = [];
  for (const el of root.querySelectorAll(FORBIDDEN_ELEMENTS)) found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      const value = el.getAttribute(attr) ?? '';
      if (/^on/i.test(attr)) found.push(`${attr}=`);
      if (['srcdoc', 'style', 'formaction', 'xlink:href', 'action', 'background', 'dynsrc', 'lowsrc'].includes(attr.toLowerCase()))
        found.push(`${attr}=`);
      // eslint-disable-next-line no-control-regex -- browsers ignore C0 controls and spaces in a URL, so the check does too
      if (['href', 'src'].includes(attr) && /^\s*(javascript|vbscript|data|file):/i.test(value.replace(/[\u0000-\u0020]/g, '')))
        found.push(`${attr}=${value}`);
      if (attr === 'src' && !value.startsWith('/')) found.push(`remote src=${value}`);
    }
  }
  return found;
}

describe('markdown rendering', () => {
  it(`has ${payloads.length} payloads to try`, () => {
    expect(payloads.length).toBeGreaterThanOrEqual(500);
  });

  const wrappers: [string, (p: string) => string][] = [
    ['as is', (p) => p],
    ['in a link', (p) => `[click](${p})`],
    ['as a link title', (p) => `[click](https://example.com "${p}")`],
    ['in an image', (p) => `![${p}](${p})`],
    ['in emphasis and a list', (p) => `- *${p}*\n- **${p}**`],
    ['in a table', (p) => `| a | b |\n|---|---|\n| ${p} | x |`],
    ['in an autolink', (p) => `<${p}>`],
    ['in inline code', (p) => `\`${p}\``],
    ['after a reference', (p) => `[r][1]\n\n[1]: ${p}`],
  ];

  it(`every payload, in ${wrappers.length} Markdown contexts, renders harmless HTML`, async () => {
    // One document per payload holding every context (separated by blank lines, so each is parsed on its own).
    const bad: { payload: string; found: string[] }[] = [];
    for (const p of payloads) {
      const found = dangers(await renderMarkdown(wrappers.map(([, wrap]) => wrap(p)).join('\n\n')));
      if (found.length > 0) bad.push({ payload: p, found });
    }
    expect(bad).toEqual([]);
  });

  it.each(wrappers)('the check above finds an unsanitised payload %s', (_name, wrap) => {
    // Guard against a check that can never fail: raw payload HTML (no renderer) is caught for most payloads.
    const caught = payloads.filter((p) => dangers(wrap(p)).length > 0).length;
    expect(caught).toBeGreaterThan(payloads.length / 4);
  });

  it('keeps ordinary Markdown', async () => {
    expect(await renderMarkdown('# Title\n\nSome *text* with [a link](https://example.com/a?b=c) and `code`.')).toBe(
      '<h1>Title</h1>\n<p>Some <em>text</em> with <a href="https://example.com/a?b=c" rel="noopener noreferrer nofollow ugc">a link</a> and <code>code</code>.</p>\n',
    );
    expect(await renderMarkdown('1. one\n2. two')).toBe('<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n');
  });
});
