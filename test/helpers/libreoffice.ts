import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";

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

/**
 * Words of the document's table cells broken over two lines in its PDF: a fragment at the end of a
 * line whose continuation starts the next line of the same cell joins into a word of the tables.
 * Returns the table words too, so a test can check it measured something.
 */
export async function motsCoupesDansTableaux(docx: string, pages: { page: number; x: number; y: number; mot: string }[][]): Promise<{ motsTableaux: Set<string>; coupes: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const xml = await zip.file("word/document.xml")!.async("string");
  const motsTableaux = new Set(
    [...xml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)]
      .flatMap((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]!.replace(/&apos;/g, "'").replace(/&amp;/g, "&")))
      .flatMap((t) => t.split(/\s+/))
      .filter((m) => m.length >= 3),
  );
  const coupes: string[] = [];
  for (const mots of pages) {
    mots.forEach((a, i) => {
      const b = mots[i + 1];
      if (b && b.y > a.y + 2 && b.x <= a.x + 1 && !motsTableaux.has(a.mot) && motsTableaux.has(a.mot + b.mot)) coupes.push(`page ${a.page} : ${a.mot}/${b.mot}`);
    });
  }
  return { motsTableaux, coupes };
}
