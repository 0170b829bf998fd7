// `parapet cvss VECTOR`: one JSON object with the vector's scores (exit 1 and { "error" } when it is not
// valid). `parapet cvss --jsonl`: one vector a line on stdin, one JSON object a line on stdout, same order;
// an invalid line gives { "error": message } for that line and the rest go on.
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { scoreVectorOrError } from '../cvss/index.ts';
import { argument, type CommandInput } from './commands.ts';

export function cvssCommand({ args }: CommandInput): number {
  const result = scoreVectorOrError(argument(args));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 'error' in result ? 1 : 0;
}

export async function cvssLinesCommand(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let batch = '';
  for await (const line of lines) {
    batch += `${JSON.stringify(scoreVectorOrError(line))}\n`;
    if (batch.length >= 64 * 1024) {
      if (!output.write(batch)) await once(output, 'drain');
      batch = '';
    }
  }
  if (batch) output.write(batch);
  return 0;
}
