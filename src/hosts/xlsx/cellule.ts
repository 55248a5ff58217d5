/**
 * A cell's value as Qualité EPS reads it, the same for the one reader (lecture.ts) and the light
 * reading of a consolidation (lecture-consolidation.ts): one function, so that both give the same
 * value for the same cell.
 */
import { lettreColonne, type Valeur } from "../../core/workbook-plan";

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

/**
 * A sheet's values as its cells are read (the one reader and the light reading put them here):
 * rows made at their final size, only as far as the last row holding a value.
 */
export class ValeursLues {
  readonly lignes: Valeur[][] = [];
  readonly natures = new Map<string, Nature>();
  private largeur = 0;

  /** `largeurGardee`: the rows' width when only some columns are kept (0: rows grow as needed). */
  constructor(
    private readonly largeurGardee: number,
    private readonly signaler: ReadonlySet<number>,
  ) {}

  /** The cell just read (`cellule`) at its place; a formula or a date in a column of `signaler` is noted. */
  poser(col: number, ligne: number, cellule: CelluleLue): void {
    const { v, nature } = cellule;
    if (nature && this.signaler.has(col)) this.natures.set(`${lettreColonne(col)}${ligne + 1}`, nature);
    if (v === null || v === "") return;
    const lignes = this.lignes;
    while (lignes.length <= ligne) lignes.push(this.largeurGardee ? new Array<Valeur>(this.largeurGardee).fill(null) : []);
    lignes[ligne]![col] = v;
    if (col >= this.largeur) this.largeur = col + 1;
  }

  /** The values: dense rows (null where nothing was read) unless only some columns were kept. */
  resultat(): { valeurs: Valeur[][]; natures: Map<string, Nature> } {
    if (!this.largeurGardee) {
      for (const l of this.lignes) {
        for (let i = 0; i < this.largeur; i++) if (l[i] === undefined) l[i] = null;
      }
    }
    return { valeurs: this.lignes, natures: this.natures };
  }
}
