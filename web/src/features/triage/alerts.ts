// The signed-in user's unread alert count, shared by the navigation bar and the dashboard's alert list: one
// small store, refreshed on navigation and whenever alerts are marked read.
import { useSyncExternalStore } from 'react';
import { reportsApi } from './reportsApi.ts';

let unread: number | undefined;
const listeners = new Set<() => void>();
let ticket = 0;

function publish(value: number | undefined): void {
  unread = value;
  for (const l of listeners) l();
}

/** Asks the server again; a failure leaves the count unknown (no badge), never an error on every page. */
export async function refreshUnreadAlerts(): Promise<void> {
  const mine = ++ticket;
  try {
    const { items } = await reportsApi.notifications();
    if (mine === ticket) publish(items.filter((a) => !a.read).length);
  } catch {
    if (mine === ticket) publish(undefined);
  }
}

/** Sets the count from a list the page has just loaded. */
export function setUnreadAlerts(count: number): void {
  ticket += 1;
  publish(count);
}

export function useUnreadAlerts(): number | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => unread,
  );
}
