// A polite confirmation ("Group created") announced without moving focus.
import type { ReactNode } from 'react';

export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
