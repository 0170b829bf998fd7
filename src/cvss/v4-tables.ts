// The data CVSS 4.0 scoring needs, taken from ae-cvss-calculator (which carries FIRST's tables): the score of
// every macrovector, each equivalence class's depth, and its highest-severity vectors. Built once at load.
// The library's own scoring is exact but costs ~1 ms a vector; v4.ts does the arithmetic (see that file).
import ae from 'ae-cvss-calculator';

/** The part of the library's EQ class that is used here. */
interface EqDefinition {
  getLevel(): string;
  getVectorDepth(): number;
  getHighestSeverityVectorsUnparsed(): string[];
}

/** The part of the library's Cvss4P0MacroVector class that is used here (it is not exported by name). */
interface MacroVectorStatics {
  EQ1_DEFINITIONS: EqDefinition[];
  EQ2_DEFINITIONS: EqDefinition[];
  EQ4_DEFINITIONS: EqDefinition[];
  EQ5_DEFINITIONS: EqDefinition[];
  JOINT_EQ3_EQ6_DEFINITIONS: EqDefinition[];
  /** Looks up the score of the macrovector whose toString() is the six EQ levels, e.g. "000000". */
  getMacroVectorScore(macroVector: { toString(): string }): number;
}

export interface EqClass {
  /** The number of steps from the class's highest-severity vectors to its lowest (the "depth"). */
  depth: number;
  /** Its highest-severity vectors, as metric → value. */
  highest: Record<string, string>[];
}

export interface V4Tables {
  /** Macrovector ("012102") → its score; absent for macrovectors that do not exist. */
  scores: ReadonlyMap<string, number>;
  eq1: EqClass[];
  eq2: EqClass[];
  /** Keyed by the EQ3 level followed by the EQ6 level, e.g. "01". */
  eq3eq6: ReadonlyMap<string, EqClass>;
  eq4: EqClass[];
  eq5: EqClass[];
}

function parseParts(vector: string): Record<string, string> {
  return Object.fromEntries(vector.split('/').map((part) => part.split(':') as [string, string]));
}

function eqClass(def: EqDefinition): EqClass {
  return { depth: def.getVectorDepth(), highest: def.getHighestSeverityVectorsUnparsed().map(parseParts) };
}

function byLevel(defs: EqDefinition[]): EqClass[] {
  return defs.map((def, i) => {
    if (def.getLevel() !== String(i)) throw new Error(`ae-cvss-calculator: unexpected EQ level order (${def.getLevel()} at ${i})`);
    return eqClass(def);
  });
}

function load(): V4Tables {
  const sample = new ae.Cvss4P0('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H');
  const statics = sample.getMacroVector().constructor as unknown as MacroVectorStatics;
  const scores = new Map<string, number>();
  // EQ1, EQ3, EQ4, EQ5 have levels 0–2; EQ2 and EQ6 have 0–1.
  let macrovectors = [''];
  for (const levels of [3, 2, 3, 3, 3, 2]) {
    macrovectors = macrovectors.flatMap((prefix) => Array.from({ length: levels }, (_, level) => `${prefix}${level}`));
  }
  for (const mv of macrovectors) {
    const score = statics.getMacroVectorScore({ toString: () => mv });
    if (!Number.isNaN(score)) scores.set(mv, score);
  }
  const tables: V4Tables = {
    scores,
    eq1: byLevel(statics.EQ1_DEFINITIONS),
    eq2: byLevel(statics.EQ2_DEFINITIONS),
    eq3eq6: new Map(statics.JOINT_EQ3_EQ6_DEFINITIONS.map((def) => [def.getLevel(), eqClass(def)])),
    eq4: byLevel(statics.EQ4_DEFINITIONS),
    eq5: byLevel(statics.EQ5_DEFINITIONS),
  };
  // FIRST's table has 270 macrovectors; anything else means the library changed shape.
  if (scores.size !== 270 || scores.get('000000') !== 10) {
    throw new Error(`ae-cvss-calculator: unexpected CVSS 4.0 lookup table (${scores.size} entries)`);
  }
  return tables;
}

export const V4_TABLES: V4Tables = load();
