// An id for a DOM element, to tie a label, a hint or a message to its control (htmlFor, aria-describedby):
// the prefix, then React's useId with only letters, digits, _ and - (safe in selectors and fragments).
import { useId } from 'react';

export function useDomId(prefix: string): string {
  return `${prefix}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}
