// The web UI's one TanStack Query client. Pages load their data when they are shown (as before the library):
// no retries (the error shows at once, with its message from the server), no refetch on window focus, and
// data nobody shows is dropped at once, so coming back to a page loads it afresh.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, gcTime: 0 },
    mutations: { retry: false },
  },
});
