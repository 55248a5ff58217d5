import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const executer = promisify(execFile);
export const SOFFICE = process.env.SOFFICE_PATH ?? "soffice";

/**
 * A private LibreOffice profile that recalculates every formula on load (LibreOffice otherwise
 * keeps the cached results written in the file).
 */
export function profilLibreOffice(): string {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-lo-"));
  mkdirSync(join(dossier, "user"), { recursive: true });
  writeFileSync(
    join(dossier, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return dossier;
}

/** Converts files with LibreOffice headless (one process for all of them); returns stdout. */
export async function convertir(profil: string, fichiers: string[], filtre: string, sortie: string): Promise<string> {
  const { stdout } = await executer(
    SOFFICE,
    [`-env:UserInstallation=file://${profil}`, "--headless", "--norestore", "--convert-to", filtre, "--outdir", sortie, ...fichiers],
    { timeout: 180_000 },
  );
  return stdout;
}

/** CSV of every sheet (UTF-8, comma, quoted): LibreOffice writes one file per sheet, "<nom>-<feuille>.csv". */
export const FILTRE_CSV_TOUTES_FEUILLES = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** The words of a PDF page by page, in reading order, with their boxes (pdftotext -bbox). */
export function motsPdf(pdfChemin: string): { page: number; x: number; y: number; mot: string }[][] {
  const xhtml = execFileSync("pdftotext", ["-bbox", pdfChemin, "-"], { encoding: "utf8" });
  return xhtml.split("<page ").slice(1).map((p, page) =>
    [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ page: page + 1, x: Number(m[1]), y: Number(m[2]), mot: m[3]!.replace(/&apos;/g, "'").replace(/&amp;/g, "&").replace(/&quot;/g, '"') })),
  );
}
