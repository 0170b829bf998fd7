// The renderer is bounded for any input (issue 10, items 13 and 14): pathological nesting yields HTML of bounded
// depth without losing text, and the sanitiser's jsdom window does not grow with the number of calls.
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_NESTING_MAX, INLINE_NESTING_MAX, renderMarkdownSync, WINDOW_CALLS } from '../../src/markdown/render-core.ts';

/** The deepest element nesting in the HTML (markdown-it and DOMPurify write well-formed, lower-case tags). */
function depth(html: string): number {
  let d = 0;
  let max = 0;
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (['br', 'hr', 'img'].includes(name!)) continue;
    d += close ? -1 : 1;
    max = Math.max(max, d);
  }
  return max;
}

const count = (text: string, what: string) => text.split(what).length - 1;

describe('nesting bounds', () => {
  const n = 12_000;
  const inputs: [string, string][] = [
    ['nested * emphasis (the report that blocked the server)', '*'.repeat(n) + 'a' + '*'.repeat(n)],
    ['nested _ emphasis', '_'.repeat(n) + 'a' + '_'.repeat(n)],
    ['nested *** emphasis', '***'.repeat(n / 3) + 'a' + '***'.repeat(n / 3)],
    ['nested ~~ strike-through', 'x ' + '~~'.repeat(n / 2) + 'a' + '~~'.repeat(n / 2)],
    ['nested emphasis and links', '*_['.repeat(n / 3) + 'a' + '](/x)_*'.repeat(n / 3)],
    ['nested block quotes', '>'.repeat(n) + ' a'],
    ['nested lists', '- '.repeat(n) + 'a'],
  ];

  it.each(inputs)('%s: HTML at most the configured depth, the text kept', (_name, source) => {
    const html = renderMarkdownSync(source);
    expect(depth(html)).toBeLessThanOrEqual(BLOCK_NESTING_MAX + INLINE_NESTING_MAX + 2);
    expect(html).toContain('a');
  });

  it('shows a text nested deeper than markdown-it keeps as plain text, every character of it', () => {
    const source = '> '.repeat(200) + '<b>deep</b> & more';
    expect(renderMarkdownSync(source)).toBe(`<pre>${'&#62; '.repeat(200)}&#60;b&#62;deep&#60;/b&#62; &#38; more</pre>\n`);
  });

  it('keeps the delimiters beyond the limit as text', () => {
    const html = renderMarkdownSync('*'.repeat(n) + 'a' + '*'.repeat(n));
    const strong = count(html, '<strong>');
    expect(strong).toBe(INLINE_NESTING_MAX);
    expect(count(html, '</strong>')).toBe(INLINE_NESTING_MAX);
    // Each <strong> took two asterisks on each side; every other asterisk is still there.
    expect(count(html, '*') + 4 * strong).toBe(2 * n);
  });

  it('renders ordinary nesting unchanged', () => {
    expect(renderMarkdownSync('> quote with *em **strong ~~gone~~ [link](/x)** em*')).toBe(
      '<blockquote>\n<p>quote with <em>em <strong>strong <s>gone</s> <a href="/x" rel="noopener noreferrer nofollow ugc">link</a></strong> em</em></p>\n</blockquote>\n',
    );
  });
});

describe('the sanitiser window', () => {
  // jsdom registers event listeners on the window for every document it creates, and DOMPurify parses each
  // input into a new document: count the listeners each window holds.
  const require = createRequire(import.meta.url);
  const EventTargetImpl = require('jsdom/lib/jsdom/living/events/EventTarget-impl.js').implementation;
  const original = EventTargetImpl.prototype.addEventListener;
  let mostFocusListeners = 0;
  EventTargetImpl.prototype.addEventListener = function (this: { _eventListeners: Record<string, unknown[]> }, ...args: unknown[]) {
    const result = original.apply(this, args);
    mostFocusListeners = Math.max(mostFocusListeners, this._eventListeners.focus?.length ?? 0);
    return result;
  };
  afterAll(() => {
    EventTargetImpl.prototype.addEventListener = original;
  });

  it(`holds the state of at most ${WINDOW_CALLS} calls, however many there are`, () => {
    const calls = 2 * WINDOW_CALLS + 100;
    for (let i = 0; i < calls; i++) renderMarkdownSync(`Call ${i}: *emphasis* and [a link](/reports/${i}).`);
    expect(mostFocusListeners).toBeGreaterThan(WINDOW_CALLS / 2); // the count sees the growth it bounds
    expect(mostFocusListeners).toBeLessThanOrEqual(WINDOW_CALLS + 2);
  });
});
