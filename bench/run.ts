// Entry point of `npm run bench -- <name> [...args]`. Each benchmark prints its result on stdout (one JSON
// object with --json) and its progress on stderr.
import { UsageError } from './lib/args.ts';
import { aclBench } from './acl.ts';
import { intakeBench } from './intake.ts';
import { startBench } from './start.ts';
import { renderBench } from './render.ts';
import { stuffingBench } from './stuffing.ts';

const BENCHMARKS: Record<string, { run: (argv: string[]) => Promise<void>; summary: string }> = {
  acl: { run: aclBench, summary: 'read-access filter: Parapet vs administrator vs naive vs row-level security' },
  intake: { run: intakeBench, summary: 'report intake under load, with the server killed once: no acknowledged report lost' },
  start: { run: startBench, summary: 'npm start until Parapet listens: first start (new database) and restart, with baselines' },
  render: { run: renderBench, summary: 'Markdown rendering: largest report text and nested emphasis, before and after 10,000 renders' },
  stuffing: { run: stuffingBench, summary: 'credential stuffing against sign-in while a legitimate user signs in' },
};

const [name, ...rest] = process.argv.slice(2);
const bench = name === undefined ? undefined : BENCHMARKS[name];
if (!bench) {
  process.stderr.write(
    `usage: npm run bench -- <name> [...args]\n${Object.entries(BENCHMARKS)
      .map(([n, b]) => `  ${n.padEnd(8)} ${b.summary}`)
      .join('\n')}\n`,
  );
  process.exit(name === undefined ? 0 : 2);
}
try {
  await bench.run(rest);
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
