// Measuring text the way Parapet's limits count it, on the server and in the web UI.

/**
 * The number of characters in a text as every length limit counts it: Unicode code points, like PostgreSQL's
 * char_length (an emoji is one, a flag or a letter with a combining accent two), never UTF-16 code units.
 */
export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
