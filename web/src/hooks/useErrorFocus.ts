// Focus management after a failed submit: the first input the server marked invalid, or else the error
// message itself, receives focus so keyboard and screen-reader users land on what needs attention.
import { useEffect, useRef } from 'react';
import type { ApiError } from '../api.ts';

export function useErrorFocus(error: ApiError | undefined) {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!error) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? alertRef.current)?.focus();
  }, [error]);
  return { formRef, alertRef };
}
