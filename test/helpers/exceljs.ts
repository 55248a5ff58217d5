/** ExcelJS as an independent reader and a user's editor in tests (the product reads with lecture.ts). */
import ExcelJS from "exceljs";
import { ecrireClasseur, ouvrirClasseur, type Classeur } from "../../src/hosts/xlsx/classeur";
import type { Valeur } from "../../src/core/workbook-plan";

export async function enExcelJS(x: Uint8Array | Classeur): Promise<ExcelJS.Workbook> {
  const octets = x instanceof Uint8Array ? x : await ecrireClasseur(x);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(octets) as unknown as ExcelJS.Buffer);
  return wb;
}

export async function octetsExcelJS(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** What a user does in Excel: open the file, change cells, save. */
export async function modifier(c: Classeur | Uint8Array, source: string, edition: (wb: ExcelJS.Workbook) => void): Promise<Classeur> {
  const wb = await enExcelJS(c);
  edition(wb);
  return ouvrirClasseur(await octetsExcelJS(wb), source);
}

/** A sheet's values as ExcelJS sees them (formulas give their cached result). */
export function valeursExcelJS(ws: ExcelJS.Worksheet): Valeur[][] {
  const val = (v: ExcelJS.CellValue): Valeur => {
    if (v === null || v === undefined) return null;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) return val((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    return String(v);
  };
  const lignes: Valeur[][] = [];
  const largeur = ws.actualColumnCount ? ws.columnCount : 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const ligne: Valeur[] = [];
    for (let c = 1; c <= largeur; c++) ligne.push(val(row.getCell(c).value));
    lignes.push(ligne);
  }
  return lignes;
}
