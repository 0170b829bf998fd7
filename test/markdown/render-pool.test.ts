// The renderer's worker threads (issue 10, item 13): rendering never runs on the event loop, a text that takes
// too long or breaks its worker is answered with its plain-text form within the limits, the worker is replaced,
// and texts already rendered are not rendered again.
import { afterEach, describe, expect, it } from 'vitest';
import { MarkdownRenderer, renderMarkdown } from '../../src/markdown/render.ts';

const misbehaving = new URL('./fixtures/misbehaving-worker.js', import.meta.url);
const renderers: MarkdownRenderer[] = [];
function renderer(options: ConstructorParameters<typeof MarkdownRenderer>[0]) {
  const r = new MarkdownRenderer(options);
  renderers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(renderers.splice(0).map((r) => r.close()));
});

describe('the Markdown renderer', () => {
  it('renders in a worker: the event loop turns while a text is rendered', async () => {
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const pending = renderMarkdown('*Rendered* in a worker');
    expect(pending).toBeInstanceOf(Promise);
    expect(turned).toBe(false);
    expect(await pending).toBe('<p><em>Rendered</em> in a worker</p>\n');
    expect(turned).toBe(true);
  });

  it('renders the report that blocked the server, with its nesting bounded', async () => {
    const html = await renderMarkdown('*'.repeat(12_000) + 'a' + '*'.repeat(12_000));
    expect(html.split('<strong>').length - 1).toBe(16);
    expect(html).toContain('a');
  });

  it('answers a text that runs out of time in plain text, ends that worker and goes on with a new one', async () => {
    const r = renderer({ workerUrl: misbehaving, workers: 1, runLimitMs: 300 });
    expect(await r.render('first')).toBe('<p>first</p>');
    expect(await r.render('hang')).toBe('<pre>hang</pre>\n');
    expect(await r.render('after')).toBe('<p>after</p>');
    expect(r.stats()).toMatchObject({ rendered: 2, fallbacks: { time: 1, wait: 0, failed: 0 }, workersStarted: 2 });
    // The text that ran out of time is not tried again for a while.
    expect(await r.render('hang')).toBe('<pre>hang</pre>\n');
    expect(r.stats()).toMatchObject({ cacheHits: 1, workersStarted: 2 });
  });

  it('answers texts waiting behind a stuck one within the wait limit', async () => {
    const r = renderer({ workerUrl: misbehaving, workers: 1, runLimitMs: 60_000, waitLimitMs: 300 });
    await r.render('ready');
    const [stuck, waiting] = await Promise.all([r.render('hang'), r.render('<b>queued</b>')]);
    expect(stuck).toBe('<pre>hang</pre>\n');
    expect(waiting).toBe('<pre>&#60;b&#62;queued&#60;/b&#62;</pre>\n');
    expect(r.stats().fallbacks).toEqual({ time: 0, wait: 2, failed: 0 });
  });

  it('answers in plain text when the worker crashes or runs out of memory, and recovers', async () => {
    const r = renderer({ workerUrl: misbehaving, workers: 1, workerHeapMb: 32 });
    expect(await r.render('crash')).toBe('<pre>crash</pre>\n');
    expect(await r.render('oom')).toBe('<pre>oom</pre>\n');
    expect(await r.render('fine')).toBe('<p>fine</p>');
    expect(r.stats()).toMatchObject({ rendered: 1, fallbacks: { failed: 2 }, workersStarted: 3 });
  });

  it('renders a text once: later calls and concurrent ones share the result', async () => {
    const r = renderer({ workerUrl: misbehaving, workers: 1 });
    const all = await Promise.all([r.render('same'), r.render('same'), r.render('other')]);
    expect(all).toEqual(['<p>same</p>', '<p>same</p>', '<p>other</p>']);
    expect(await r.render('same')).toBe('<p>same</p>');
    expect(r.stats()).toMatchObject({ rendered: 2, cacheHits: 1 });
  });

  // Each entry holds about 180 characters (text and HTML): ten fit.
  it('keeps the cache within its size', async () => {
    const r = renderer({ workerUrl: misbehaving, workers: 1, cacheChars: 2_000 });
    for (let i = 0; i < 20; i++) await r.render(`text ${i} ${'x'.repeat(80)}`);
    await r.render(`text 19 ${'x'.repeat(80)}`);
    await r.render(`text 0 ${'x'.repeat(80)}`);
    expect(r.stats()).toMatchObject({ rendered: 21, cacheHits: 1 });
  });
});
