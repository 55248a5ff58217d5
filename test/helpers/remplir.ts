import type ExcelJS from "exceljs";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS } from "./exceljs";
import { lettreColonne } from "../../src/core/workbook-plan";
import { estCleNote } from "../../src/core/grille";
import type { Metadonnees } from "../../src/core/metadata";

export type Saisie = (number | "NC" | "RI" | null)[][];

/**
 * Writes notes into the grid of an ExcelJS workbook: saisie[row][evaluator]; `retenues[row]`
 * goes to the « Note retenue » column of a participative grid.
 */
export function remplirGrille(wb: ExcelJS.Workbook, meta: Metadonnees, saisie: Saisie, retenues: (number | "NC" | "RI" | null)[] = []): void {
  const ws = wb.getWorksheet(meta.feuilleGrille)!;
  const colonnes = meta.colonnes.map((c, i) => [c, i] as const).filter(([c]) => estCleNote(c));
  saisie.forEach((notes, r) => {
    colonnes.forEach(([, i], k) => {
      const v = notes[k] ?? null;
      ws.getCell(`${lettreColonne(i)}${r + 2}`).value = v;
    });
  });
  const iRetenue = meta.colonnes.indexOf("retenue");
  if (iRetenue >= 0) retenues.forEach((v, r) => (ws.getCell(`${lettreColonne(iRetenue)}${r + 2}`).value = v));
}

/** What a user does with a grid file: open it in a spreadsheet (ExcelJS here), type the notes, save as `vers`. */
export async function remplirFichier(depuis: string, vers: string, saisie: Saisie): Promise<void> {
  const c = await ouvrirClasseur(readFileSync(depuis), basename(depuis));
  const wb = await enExcelJS(c);
  remplirGrille(wb, c.etat.meta!, saisie);
  writeFileSync(vers, await octetsExcelJS(wb));
}
