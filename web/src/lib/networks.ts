// Lists of networks (CIDR ranges or single addresses) as typed in a text box: one per line, or separated by
// commas or spaces. Field errors the API gives per entry ("allowedNetworks.2") belong to the whole box.
import type { ApiError } from '../api.ts';

export function parseNetworkList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

export function networkListText(networks: readonly string[]): string {
  return networks.join('\n');
}

/** Messages of the field and of its entries (`field`, `field.0`, `field.1`, …). */
export function listFieldMessages(error: ApiError | undefined, field: string): string[] {
  return (error?.fields ?? []).filter((f) => f.field === field || f.field.startsWith(`${field}.`)).map((f) => f.message);
}

/** Field names the list box shows, for ErrorAlert's shownFields. */
export function listFieldNames(error: ApiError | undefined, field: string): string[] {
  return (error?.fields ?? []).filter((f) => f.field === field || f.field.startsWith(`${field}.`)).map((f) => f.field);
}
