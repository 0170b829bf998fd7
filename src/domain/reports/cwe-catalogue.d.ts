// Types for the CWE list shipped (untyped) with @secvisogram/csaf-validator-lib.
declare module '@secvisogram/csaf-validator-lib/cwe.js' {
  export const weaknesses: { id: string; name: string }[];
}
