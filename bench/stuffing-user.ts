// The legitimate user of the stuffing benchmark, in a process of its own (a different machine in real life):
// signs in once a second until stdin closes, then prints its sign-in times as JSON.
const [base, username, password, ip] = process.argv.slice(2) as [string, string, string, string];
const times: number[] = [];
let failures = 0;
let fiveHundreds = 0;
let running = true;
process.stdin.on('end', () => {
  running = false;
});
process.stdin.resume();

while (running) {
  const tick = performance.now();
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  if (res.status === 200) times.push(performance.now() - tick);
  else failures++;
  if (res.status >= 500) fiveHundreds++;
  const wait = 1000 - (performance.now() - tick);
  if (wait > 0 && running) await new Promise((resolve) => setTimeout(resolve, wait));
}
process.stdout.write(`${JSON.stringify({ times, failures, fiveHundreds })}\n`);
