// Progress goes to stderr so that stdout carries only the result (one JSON object with --json).

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
