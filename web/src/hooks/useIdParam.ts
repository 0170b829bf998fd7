import { useParams } from 'react-router';

/** The numeric :id of the route, or 0 when it is not a positive whole number (the API then answers 404/400). */
export function useIdParam(): number {
  const { id } = useParams();
  return id && /^[1-9]\d{0,9}$/.test(id) ? Number(id) : 0;
}
