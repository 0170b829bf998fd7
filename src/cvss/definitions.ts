// The metrics of CVSS 2.0, 3.0/3.1 and 4.0 live in src/shared/cvss-metrics.ts, which the web's calculator
// reads too; the scoring code imports them from here.
export * from '../shared/cvss-metrics.ts';
