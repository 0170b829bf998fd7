// What every rendering path shares without loading the renderer: the size limit, and the plain-text form
// shown when a text cannot be rendered in time (the text itself, escaped, in a <pre>).

/** The longest Markdown source rendered (the largest field, a page body, holds 200,000 characters). */
export const MARKDOWN_MAX = 200_000;

export function plainTextHtml(source: string): string {
  const escaped = source.slice(0, MARKDOWN_MAX).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<pre>${escaped}</pre>\n`;
}
