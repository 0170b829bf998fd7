// The product catalogue API as the UI uses it: the public list, and the administrators' changes to
// products, their role groups and their versions.
import { call } from '../../../api.ts';
import type { Product, ProductVersion } from '../../../contract.ts';

export type { Product, ProductVersion } from '../../../contract.ts';

export type ProductRoleGroups = NonNullable<Product['roleGroups']>;
export type RoleGroupRef = NonNullable<ProductRoleGroups['team']>;

export type RoleField = 'teamGroupId' | 'incidentManagerGroupId' | 'boardGroupId' | 'technicalGroupId';

export interface ProductInput {
  name: string;
  description?: string;
  /** A number; the text as typed when it is not one (the server names the field). */
  disclosureDays?: number | string;
  teamGroupId?: number | null;
  incidentManagerGroupId?: number | null;
  boardGroupId?: number | null;
  technicalGroupId?: number | null;
}

export const productsApi = {
  list: () => call<{ items: Product[] }>('GET', '/api/products'),
  get: (id: number) => call<Product>('GET', `/api/products/${id}`),
  create: (input: ProductInput) => call<Product>('POST', '/api/products', input),
  update: (id: number, input: Partial<ProductInput>) => call<Product>('PATCH', `/api/products/${id}`, input),
  remove: (id: number) => call<{ ok: true }>('DELETE', `/api/products/${id}`),
  addVersion: (id: number, input: { version: string; releasedOn: string }) =>
    call<ProductVersion>('POST', `/api/products/${id}/versions`, input),
  updateVersion: (id: number, versionId: number, input: { version?: string; releasedOn?: string }) =>
    call<ProductVersion>('PATCH', `/api/products/${id}/versions/${versionId}`, input),
  removeVersion: (id: number, versionId: number) => call<{ ok: true }>('DELETE', `/api/products/${id}/versions/${versionId}`),
};

/** The days as typed: a whole number when it is one, else the text itself for the server to refuse by name. */
export function daysValue(text: string): number | string {
  const t = text.trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : t;
}
