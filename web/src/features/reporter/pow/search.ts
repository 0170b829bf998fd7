// The proof-of-work search, shared by the Web Worker and the in-page fallback: try nonces start, start+step,
// ... until SHA-256(challengeId + ':' + nonce) (WebCrypto) has `difficulty` leading zero bits.

/** How many digests are in flight at once (WebCrypto digests are asynchronous; batching hides the latency). */
const BATCH = 2048;

export interface SearchTask {
  challengeId: string;
  difficulty: number;
  /** First nonce this searcher tries, and the distance between its nonces (one stride per worker). */
  start: number;
  step: number;
}

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Searches until a nonce is found or `stopped()` says so. `progress(n)` is called after each batch with the
 * number of hashes tried in it. Returns the nonce (decimal digits), or undefined when stopped.
 */
export async function search(task: SearchTask, progress: (hashes: number) => void, stopped: () => boolean): Promise<string | undefined> {
  const prefix = new TextEncoder().encode(`${task.challengeId}:`);
  const subtle = globalThis.crypto.subtle;
  let nonce = task.start;
  while (!stopped()) {
    const nonces: number[] = [];
    const digests: Promise<ArrayBuffer>[] = [];
    for (let i = 0; i < BATCH; i++) {
      const text = String(nonce);
      const data = new Uint8Array(prefix.length + text.length);
      data.set(prefix);
      for (let j = 0; j < text.length; j++) data[prefix.length + j] = text.charCodeAt(j);
      nonces.push(nonce);
      digests.push(subtle.digest('SHA-256', data));
      nonce += task.step;
    }
    const results = await Promise.all(digests);
    for (const [i, digest] of results.entries()) {
      if (leadingZeroBits(new Uint8Array(digest)) >= task.difficulty) return String(nonces[i]);
    }
    progress(BATCH);
  }
  return undefined;
}
