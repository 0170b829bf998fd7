// The page to go to once the current sign-in step is done: the ?returnTo= of the address, when it is a
// same-origin path (see safeReturnTo), else the start page.
import { useSearchParams } from 'react-router';
import type { NextStep } from '../../api.ts';
import { STEP_PATHS, safeReturnTo, withReturnTo } from './returnTo.ts';
import { stepPath } from '../../session.tsx';

export function useReturnTo(): string {
  const [params] = useSearchParams();
  return safeReturnTo(params.get('returnTo'), '/', STEP_PATHS);
}

/** Where to go after a sign-in step answered `next`: the following step (keeping returnTo), or returnTo. */
export function pathAfterStep(next: NextStep, returnTo: string): string {
  const step = stepPath(next);
  return step ? withReturnTo(step, returnTo) : returnTo;
}
