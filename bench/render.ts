// Markdown rendering benchmark (issue 10, items 13 and 14): how long the production renderer (worker thread,
// run limit, no cache) takes for the largest text a report field accepts and for the nested-emphasis input,
// before and after many renders (the sanitiser used to get slower with every call), and how long the event
// loop stalled meanwhile (rendering must never block it).
//
//   npm run bench -- render [--renders 10000] [--samples 30] [--json]
//
// Each input is rendered --samples times before and after --renders renders of the default disclosure policy
// (what GET /api/disclosure-policy renders); p50/p99 per phase. The run limit is lifted (see below); "fallbacks"
// counts answers given in plain text anyway (it must stay 0).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { REPORT_TEXT_MAX } from '../src/domain/reports/submission.ts';
import { WINDOW_CALLS } from '../src/markdown/render-core.ts';
import { MarkdownRenderer } from '../src/markdown/render.ts';
import { defaultPolicyMarkdown } from '../src/settings/disclosure-policy-default.ts';
import { flag, integer, parseArgs, rejectUnknown } from './lib/args.ts';
import { progress } from './lib/log.ts';
import { Samples, round, timed } from './lib/stats.ts';

/** A realistic report text of exactly `size` characters: findings with headings, lists, code, tables, quotes. */
export function largestReport(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let n = 1; length < size; n++) {
    const part = `## Finding ${n}: stored XSS in the \`comment\` field

The **preview** endpoint at \`/api/preview?id=${n}\` renders user HTML without escaping. See
[the advisory](https://example.org/advisories/${n}) and *CWE-79*; it affects https://example.org/app/${n} too.

1. Sign in as a regular user.
2. Post a comment containing \`<img src=x onerror=alert(${n})>\`.
3. Open the preview: the handler runs.

\`\`\`http
POST /api/comments HTTP/1.1
Host: example.org
Content-Type: application/json

{"body": "<img src=x onerror=alert(${n})>"}
\`\`\`

| Browser | Version | Result |
| --- | --- | --- |
| Chromium | ${100 + n} | vulnerable |
| Firefox | ${110 + n} | vulnerable |

> Note: the content security policy does not block _inline_ handlers on this page.

`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('').slice(0, size);
}

async function sample(renderer: MarkdownRenderer, text: string, times: number): Promise<Samples> {
  const samples = new Samples();
  for (let i = 0; i < times; i++) samples.add(await timed(() => renderer.render(`${text}\n\n<!-- ${i} -->`)));
  return samples;
}

export async function renderBench(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  rejectUnknown(args, ['renders', 'samples', 'json']);
  const renders = integer(args, 'renders', 10_000);
  const times = integer(args, 'samples', 30);
  const inputs = {
    largestReport: largestReport(REPORT_TEXT_MAX),
    nestedEmphasis: '*'.repeat(12_000) + 'a' + '*'.repeat(12_000),
  };
  const policy = defaultPolicyMarkdown({
    securityEmail: 'security@example.org',
    reportUrl: 'https://example.org/report',
    publicKeyUrl: 'https://example.org/key.asc',
    days: 90,
  });
  // One worker and no cache: every call renders, and all of them share one sanitiser, as in production. The run
  // limit is lifted so that a loaded machine still measures rendering, not the plain-text fallback.
  const renderer = new MarkdownRenderer({ workers: 1, cacheChars: 0, runLimitMs: 120_000, waitLimitMs: 120_000 });
  await renderer.render('warm-up');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const before: Record<string, Samples> = {};
  for (const [name, text] of Object.entries(inputs)) {
    progress(`before: ${name} (${text.length} characters) × ${times}`);
    before[name] = await sample(renderer, text, times);
  }
  progress(`${renders} renders of the disclosure policy (${policy.length} characters)`);
  const first = new Samples();
  const last = new Samples();
  for (let i = 0; i < renders; i++) {
    const ms = await timed(() => renderer.render(`${policy}\n\n<!-- ${i} -->`));
    if (i < 1000) first.add(ms);
    if (i >= renders - 1000) last.add(ms);
    if ((i + 1) % 2000 === 0) progress(`  ${i + 1}`);
  }
  const after: Record<string, Samples> = {};
  for (const [name, text] of Object.entries(inputs)) {
    progress(`after: ${name} × ${times}`);
    after[name] = await sample(renderer, text, times);
  }
  loop.disable();
  const stats = renderer.stats();
  await renderer.close();

  const result = {
    benchmark: 'render',
    renders,
    samplesPerPhase: times,
    windowCalls: WINDOW_CALLS,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([name, text]) => {
        const b = before[name]!.summary();
        const a = after[name]!.summary();
        return [name, { characters: text.length, beforeMs: b, afterMs: a, p99AfterOverBefore: round(a.p99 / b.p99, 2) }];
      }),
    ),
    policyRenders: { first1000Ms: first.summary(), last1000Ms: last.summary() },
    eventLoopDelayMs: { p50: round(loop.percentile(50) / 1e6), p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
    fallbacks: stats.fallbacks,
  };
  if (flag(args, 'json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const line = (label: string, s: { p50: number; p99: number }) =>
    `${label.padEnd(40)} p50 ${String(s.p50).padStart(9)} ms   p99 ${String(s.p99).padStart(9)} ms`;
  const out: string[] = [];
  for (const [name, r] of Object.entries(result.inputs)) {
    out.push(line(`${name} (${r.characters} chars), before`, r.beforeMs), line(`${name}, after ${renders} renders`, r.afterMs));
  }
  out.push(
    line('policy, first 1000 renders', result.policyRenders.first1000Ms),
    line('policy, last 1000 renders', result.policyRenders.last1000Ms),
  );
  out.push(
    `event loop delay: p99 ${result.eventLoopDelayMs.p99} ms, max ${result.eventLoopDelayMs.max} ms; fallbacks ${JSON.stringify(result.fallbacks)}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
