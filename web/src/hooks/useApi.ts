// Loads data from the API for a page through TanStack Query: { data, error, loading, reload }. The key names
// the data (its first part the API call, then every input), so components that show the same data share one
// request and a mutation can refresh or replace it (queryClient.invalidateQueries / setQueryData). While a
// new key loads, the previous answer stays on screen, as the pages expect.
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { asApiError, type ApiError } from '../api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApiQuery<T>(key: QueryKey, load: () => Promise<T>): Loaded<T> {
  // Boxed, because a query's data may not be undefined and some loads answer nothing.
  const query = useQuery({ queryKey: key, queryFn: async () => ({ value: await load() }), placeholderData: keepPreviousData });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data?.value, error: query.error ? asApiError(query.error) : undefined, loading: query.isFetching, reload };
}
