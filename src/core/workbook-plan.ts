/**
 * A WorkbookPlan is plain data describing the sheets a workbook must have. Host adapters
 * (Office.js Excel, ExcelJS) render it; they hold no domain rule.
 */
import { lignesRetour } from "./mesure-texte";

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
  /** A helper column (intermediate calculations): hidden and grouped, shown with the outline button. */
  masquee?: boolean;
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

/** A chart drawn from ranges of its own sheet (several per sheet allowed). */
export interface GraphiquePlan {
  /**
   * « barres »: vertical bars at a fixed size, values shown (percentages when max is 1), series in
   * a row (a survey question's answers); « barresH »: horizontal bars spanning their cells, one per
   * category of a column, value axis in percent (the follow-up's progress per indicator).
   */
  type: "radar" | "barres" | "barresH";
  titre: string;
  /** A1 ranges on the same sheet, one column (or, for « barres », one row) each. */
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

/** How a sheet prints: page, scaling, repeated rows, running header and footer. */
export interface MiseEnPagePlan {
  orientation: "portrait" | "paysage";
  /** Scaled to fit one page wide, as many pages tall as needed. Paper is always A4. */
  uneLargeur: boolean;
  /** Top rows printed again at the top of every page (1 = the header row). */
  lignesRepetees?: number;
  /** Range printed, when not the whole used range (A1 notation). */
  zone?: string;
  /** Running header, plain text (renderers escape it): left, centre, right. */
  enTete: { gauche?: string; centre?: string; droite?: string };
  /** The footer says « Page X sur Y ». */
  numeroPage: boolean;
  /** Cell gridlines printed (a grid filled in by hand on paper). */
  quadrillage?: boolean;
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
  /** Row heights in points, by row index (0 = the first row); null keeps the default height. */
  hauteurs?: (number | null)[];
  miseEnPage?: MiseEnPagePlan;
}

/** Excel header/footer text for one section: "&" is doubled, the codes are ours. */
function echapperEnTete(s: string): string {
  return s.replace(/&/g, "&&");
}

/** Each section of the header and footer in Excel's codes ("&&" for "&", "&P" page, "&N" pages). */
export function sectionsEnTete(m: MiseEnPagePlan): { gauche: string; centre: string; droite: string; piedCentre: string } {
  return {
    gauche: echapperEnTete(m.enTete.gauche ?? ""),
    centre: echapperEnTete(m.enTete.centre ?? ""),
    droite: echapperEnTete(m.enTete.droite ?? ""),
    piedCentre: m.numeroPage ? "Page &P sur &N" : "",
  };
}

/** The header and footer of a print layout as one string each ("&L…&C…&R…"), as SpreadsheetML stores them. */
export function codesEnTete(m: MiseEnPagePlan): { enTete: string; pied: string } {
  const s = sectionsEnTete(m);
  const enTete = [s.gauche ? `&L${s.gauche}` : "", s.centre ? `&C${s.centre}` : "", s.droite ? `&R${s.droite}` : ""].join("");
  return { enTete, pied: s.piedCentre ? `&C${s.piedCentre}` : "" };
}

/** Excel's default row height for one line of Calibri 11, in points. */
export const HAUTEUR_LIGNE_PT = 15;

/**
 * Text width, in points of 11-point DejaVu Sans, of a column `largeur` characters wide. A column's
 * width counts digits of the workbook's font, and each application converts it with the font it
 * actually has: measured in digits, Calibri in Excel and its substitute in LibreOffice wrap alike.
 * A digit of DejaVu Sans at 11 points is 7 points; 5 points go to the cell's padding.
 */
export function largeurColonnePt(largeur: number): number {
  return largeur * 7 - 5;
}

export interface WorkbookPlan {
  /** Sheets of ours that are rebuilt: the renderer deletes them before writing. */
  supprimer: string[];
  feuilles: FeuillePlan[];
  /** Sheet to show when done. */
  activer?: string;
}

/**
 * Row heights that fit wrapped text: for each row, the most lines any wrapping column needs at
 * its width (11-point text), times a line's height. Excel and LibreOffice both honour explicit
 * heights; neither grows a row by itself once the file is written. null: one line is enough.
 */
export function hauteursAjustees(colonnes: ColonnePlan[], lignes: ValeurPlan[][], o: { grasLignes?: number[] } = {}): (number | null)[] {
  return lignes.map((l, r) => {
    let n = 1;
    colonnes.forEach((c, i) => {
      const v = l[i];
      if (!c.retourALaLigne || c.masquee || v === null || v === undefined || estFormule(v)) return;
      n = Math.max(n, lignesRetour(String(v), largeurColonnePt(c.largeur), 11, r === 0 || (o.grasLignes ?? []).includes(r + 1)));
    });
    return n > 1 ? Math.ceil(n * HAUTEUR_LIGNE_PT + 2) : null;
  });
}

/** 0-based row and column bounds of an A1 range ("C6:C10", "C7"). */
export function bornesPlage(plage: string): { l0: number; c0: number; l1: number; c1: number } {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(plage);
  if (!m) throw new Error(`plage invalide : ${plage}`);
  const col = (x: string) => [...x].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { l0: Number(m[2]) - 1, c0: col(m[1]!), l1: Number(m[4] ?? m[2]) - 1, c1: col(m[3] ?? m[1]!) };
}

/** The number format of every cell of the block: its column's, or a `formats` range's. */
export function formatsCellules(f: FeuillePlan): string[][] {
  const out = f.lignes.map(() => f.colonnes.map((c) => c.format ?? "General"));
  for (const fp of f.formats ?? []) {
    const b = bornesPlage(fp.plage);
    for (let l = b.l0; l <= Math.min(b.l1, out.length - 1); l++) for (let c = b.c0; c <= Math.min(b.c1, f.colonnes.length - 1); c++) out[l]![c] = fp.format;
  }
  return out;
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
