/**
 * A cell's value as Qualité EPS reads it, the same for the one reader (lecture.ts) and the light
 * reading of a consolidation (lecture-consolidation.ts): one function, so that both give the same
 * value for the same cell.
 */
import type { Valeur } from "../../core/workbook-plan";

export type Nature = "formule" | "date";

/** What `lireCellule` gives: written into one object per sheet, not one per cell (a million-row grid stays light). */
export interface CelluleLue {
  v: Valeur;
  /** A formula or a date: the core refuses them as notes. */
  nature: Nature | null;
}

/**
 * A cell's value from its type (`t`), the text of its `<v>`, its inline text, its style (does its
 * number format show a date?) and whether it holds a formula: shared strings by index, booleans,
 * ISO dates ("AAAA-MM-JJ"), numbers, and text as it is when it is not a number.
 */
export function lireCellule(
  sortie: CelluleLue,
  type: string,
  texte: string | null,
  inline: string | null,
  style: number,
  formule: boolean,
  dates: readonly boolean[],
  chaine: (i: number) => string | null | undefined,
  enDate: (serie: number) => string,
): void {
  let v: Valeur = null;
  let nature: Nature | null = formule ? "formule" : null;
  if (type === "inlineStr") v = inline !== null ? inline : texte;
  else if (texte === null) v = null;
  else if (type === "s") v = chaine(Number(texte)) ?? null;
  else if (type === "str" || type === "e") v = texte;
  else if (type === "b") v = texte === "1" || texte === "true";
  else if (type === "d") {
    v = texte.slice(0, 10);
    nature ??= "date";
  } else {
    const n = Number(texte);
    if (texte.trim() === "" || !Number.isFinite(n)) v = texte;
    else if (dates[style]) {
      v = enDate(n);
      nature ??= "date";
    } else v = n;
  }
  sortie.v = v;
  sortie.nature = nature;
}
