// The page's one h1. It takes focus when the page appears, so after navigation keyboard and screen-reader
// users start at the new page's title; it also names the browser tab.
import { useEffect, useRef, type ReactNode } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';

export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children ?? title}
    </h1>
  );
}
