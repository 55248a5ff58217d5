/**
 * A WorkbookPlan is plain data describing the sheets a workbook must have. Host adapters
 * (Office.js Excel, ExcelJS) render it; they hold no domain rule.
 */

/** A live formula (without the leading "="). Every plain string is written as literal text. */
export interface Formule {
  formule: string;
}
export type Valeur = string | number | boolean | null;
export type ValeurPlan = Valeur | Formule;

export interface ColonnePlan {
  key: string;
  entete: string;
  /** Width in characters of the default font. */
  largeur: number;
  /** Locked columns cannot be edited once the sheet is protected. */
  verrouillee: boolean;
  retourALaLigne?: boolean;
  /** "@" forces text: nothing typed there is ever read as a formula. */
  format?: string;
}

export interface ValidationListePlan {
  /** A1 range, e.g. "I2:I40". */
  plage: string;
  valeurs: (string | number)[];
  titreErreur: string;
  messageErreur: string;
  titreInvite?: string;
  invite?: string;
}

export interface MiseEnFormeConditionnellePlan {
  plage: string;
  /** Formula relative to the top-left cell of the range, without "=". */
  formule: string;
  fond: string;
  police?: string;
}

export interface TableauPlan {
  nom: string;
  style: string;
}

export interface ProtectionPlan {
  /** No password: the protection guards against accidents, not against people. */
  autoriserFiltre: boolean;
  autoriserTri: boolean;
  autoriserFormatColonnes: boolean;
  autoriserFormatLignes: boolean;
}

/** A chart drawn from ranges of its own sheet. */
export interface GraphiquePlan {
  type: "radar";
  titre: string;
  /** A1 ranges on the same sheet, one column each. */
  categories: string;
  valeurs: string;
  nomSerie: string;
  /** Top-left and bottom-right cells the chart covers. */
  de: string;
  a: string;
  min: number;
  max: number;
}

/** A number format on a range (e.g. "0.00", "0%"). */
export interface FormatPlan {
  plage: string;
  format: string;
}

export interface FeuillePlan {
  nom: string;
  visibilite: "visible" | "veryHidden";
  colonnes: ColonnePlan[];
  /** Header row first, then data rows; written from A1 as one 2-D block. */
  lignes: ValeurPlan[][];
  tableau?: TableauPlan;
  validations: ValidationListePlan[];
  misesEnForme: MiseEnFormeConditionnellePlan[];
  figer?: { lignes: number; colonnes: number };
  protection?: ProtectionPlan;
  droiteAGauche?: boolean;
  graphiques?: GraphiquePlan[];
  formats?: FormatPlan[];
  /** Three-colour scales (red → amber → green) over score ranges: heat maps. */
  echelles?: { plage: string; min: number; max: number }[];
  /** Rows (1-based) written in bold: titles and headers. */
  lignesGras?: number[];
}

export interface WorkbookPlan {
  /** Sheets of ours that are rebuilt: the renderer deletes them before writing. */
  supprimer: string[];
  feuilles: FeuillePlan[];
  /** Sheet to show when done. */
  activer?: string;
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function lettreColonne(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Address of the block written from A1: "A1:L158". */
export function plageBloc(lignes: number, colonnes: number): string {
  return `A1:${lettreColonne(Math.max(colonnes, 1) - 1)}${Math.max(lignes, 1)}`;
}

export function estFormule(v: ValeurPlan): v is Formule {
  return typeof v === "object" && v !== null && "formule" in v;
}

/** Excel's rules for sheet names: 1–31 characters, none of : \ / ? * [ ], no leading/trailing quote. */
export function nomFeuilleValide(nom: string): string {
  const propre = nom.replace(/[:\\/?*[\]]/g, " ").replace(/^'+|'+$/g, "").trim();
  return (propre || "Feuille").slice(0, 31);
}

/** A sheet name not yet used (case-insensitive, as Excel compares them): "Grille", "Grille (2)"… */
export function nomLibre(souhaite: string, pris: Iterable<string>): string {
  const prisMin = new Set([...pris].map((n) => n.toLocaleLowerCase("fr")));
  const base = nomFeuilleValide(souhaite);
  if (!prisMin.has(base.toLocaleLowerCase("fr"))) return base;
  for (let i = 2; ; i++) {
    const suffixe = ` (${i})`;
    const nom = base.slice(0, 31 - suffixe.length) + suffixe;
    if (!prisMin.has(nom.toLocaleLowerCase("fr"))) return nom;
  }
}
