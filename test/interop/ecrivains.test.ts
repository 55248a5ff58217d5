/**
 * Interop with other writers, files made at test time (nothing binary is committed):
 * - a filled grid re-saved by openpyxl, LibreOffice, xlsxwriter and SheetJS is scored, planned and
 *   consolidated with the same figures as the original;
 * - `qualite inject` then `qualite paq` on users' workbooks with charts (xlsxwriter, openpyxl),
 *   macros (.xlsm, xlsxwriter's sample VBA project) and a pivot table (LibreOffice DataPilot)
 *   leave every part of the user's package byte-identical, and LibreOffice still opens the file.
 * Needs `npm run build` (the real bin), Debian python3-openpyxl, python3-xlsxwriter, python3-uno.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as XLSX from "xlsx";
import { Paquet } from "../../src/hosts/ooxml/zip";
import { injecterDansClasseur, nouveauClasseur, ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(300_000);
const RACINE = join(__dirname, "..", "..");
const BIN = join(RACINE, "bin", "qualite.cjs");
const ECRIVAINS = join(__dirname, "outils", "ecrivains.py");
const PYTHON = "/usr/bin/python3";
const dossier = mkdtempSync(join(tmpdir(), "qualite-ecrivains-"));
const profil = profilLibreOffice();

const qualite = (...args: string[]) => execFileSync("node", [BIN, ...args], { cwd: RACINE, encoding: "utf8" });
const python = (...args: string[]) => execFileSync(PYTHON, [ECRIVAINS, ...args], { encoding: "utf8", timeout: 120_000 });

async function contenus(chemin: string): Promise<Map<string, Buffer>> {
  const p = new Paquet(new Uint8Array(readFileSync(chemin)), chemin);
  const out = new Map<string, Buffer>();
  for (const nom of p.entrees.keys()) out.set(nom, Buffer.from(await p.octetsDe(nom)));
  return out;
}

describe("une grille réenregistrée par un autre programme donne les mêmes chiffres", () => {
  const original = join(dossier, "original.xlsx");
  const copies: Record<string, string> = {};

  beforeAll(async () => {
    const c = nouveauClasseur("original.xlsx");
    await injecterDansClasseur(c, { referentiel: referentielLivre("eps-maroc"), source: "original.xlsx", etablissement: "EPS « L'Espoir » & Cie", periode: "2026", evaluateurs: ["Amina", "Youssef"] });
    const wb = await enExcelJS(c);
    const g = wb.getWorksheet(FEUILLE_GRILLE)!;
    // Notes on 40 rows, both evaluators, with NC, an unmet imperative, a disagreement and a comment.
    for (let r = 2; r < 42; r++) {
      g.getCell(`J${r}`).value = r % 7 === 0 ? "NC" : 1 + (r % 4);
      g.getCell(`K${r}`).value = 1 + ((r * 3) % 4);
    }
    g.getCell("J2").value = 1;
    g.getCell("K2").value = 1;
    g.getCell("M3").value = "Vu au registre — « procédure » & photos <ok>";
    writeFileSync(original, await octetsExcelJS(wb));
    copies.openpyxl = join(dossier, "openpyxl.xlsx");
    python("openpyxl-reenregistre", original, copies.openpyxl);
    copies.xlsxwriter = join(dossier, "xlsxwriter.xlsx");
    python("xlsxwriter-copie", original, copies.xlsxwriter);
    copies.sheetjs = join(dossier, "sheetjs.xlsx");
    XLSX.writeFile(XLSX.read(readFileSync(original), { cellFormula: true, cellStyles: true }), copies.sheetjs, { bookType: "xlsx" });
    await convertir(profil, [original], "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
    copies.libreoffice = join(dossier, "libreoffice.xlsx");
    copyFileSync(join(dossier, "lo", "original.xlsx"), copies.libreoffice);
  });

  const score = (f: string) => {
    const j = JSON.parse(qualite("score", f, "--json"));
    return { global: j.global, completion: j.completion, thematiques: j.thematiques, criteres: j.criteres, imperatifs: j.imperatifsNonAtteints, desaccords: j.desaccords, anomalies: j.anomalies };
  };

  it.each(["openpyxl", "libreoffice", "xlsxwriter", "sheetjs"])("%s : scores, plan d'amélioration et consolidation identiques", async (ecrivain) => {
    const f = copies[ecrivain]!;
    const attendu = score(original);
    expect(attendu.global).not.toBeNull();
    expect(score(f)).toEqual(attendu);
    // The improvement plan: same rows as the one drafted on the original.
    const pOriginal = join(dossier, `paq-original-${ecrivain}.xlsx`);
    copyFileSync(original, pOriginal);
    qualite("paq", pOriginal);
    qualite("paq", f);
    const lignes = async (chemin: string) => (await valeursFeuille(await ouvrirClasseur(readFileSync(chemin), chemin), "Plan d'amélioration"))!.map((l) => l.slice(0, 5));
    expect(await lignes(f)).toEqual(await lignes(pOriginal));
    // The scores are read again after our write into their package.
    expect(score(f)).toEqual(attendu);
    // Consolidation: same national figures from the copy as from the original.
    const conso = (chemin: string, nom: string) => {
      const d = join(dossier, `conso-${ecrivain}-${nom}`);
      mkdirSync(d, { recursive: true });
      copyFileSync(chemin, join(d, `${nom}.xlsx`));
      const j = JSON.parse(qualite("consolider", d, "--out", join(d, "national.xlsx"), "--json"));
      return { global: j.global, thematiques: j.thematiques, imperatifs: j.imperatifs, etablissements: j.etablissements.map((e: { etablissement: string; global: number }) => [e.etablissement, e.global]) };
    };
    expect(conso(f, ecrivain)).toEqual(conso(original, "original"));
  });
});

describe("inject puis paq gardent intactes les parties étrangères du classeur", () => {
  const cas: [string, string, RegExp][] = [
    ["xlsxwriter-graphique", "graphique.xlsx", /^xl\/charts\//],
    ["xlsxwriter-macros", "macros.xlsm", /^xl\/vbaProject\.bin$/],
    ["openpyxl-graphique", "openpyxl.xlsx", /^xl\/charts\//],
    ["libreoffice-tcd", "tcd.xlsx", /^xl\/pivotTables\//],
  ];

  it.each(cas)("%s : chaque partie de l'utilisateur est identique octet pour octet, LibreOffice ouvre le résultat", async (action, nom, attendue) => {
    const chemin = join(dossier, nom);
    if (action === "libreoffice-tcd") python(action, chemin, profilLibreOffice());
    else python(action, chemin);
    const avant = await contenus(chemin);
    expect([...avant.keys()].some((n) => attendue.test(n))).toBe(true);
    qualite("inject", "-r", "eps-maroc", "-o", chemin, "-e", "EPS Agadir");
    qualite("paq", chemin);
    // A second injection removes and rebuilds our sheets: still nothing of theirs is touched.
    qualite("inject", "-r", "eps-maroc", "-o", chemin);
    const apres = await contenus(chemin);
    const nos = new Set(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/calcChain.xml"]);
    const differentes = [...avant].filter(([n, o]) => !nos.has(n) && !apres.get(n)?.equals(o)).map(([n]) => n);
    expect(differentes).toEqual([]);
    const { etat } = await ouvrirClasseur(readFileSync(chemin), nom);
    expect(etat.feuilles).toEqual(expect.arrayContaining(["Effectifs", FEUILLE_GRILLE, "Synthèse", "QualiteEPS_meta", "Plan d'amélioration"]));
    expect(etat.meta?.etablissement).toBe("EPS Agadir");
    // LibreOffice opens it: the user's data and our grid are both printed.
    const sortie = join(dossier, `pdf-${action}`);
    await convertir(profil, [chemin], "pdf", sortie);
    const texte = execFileSync("pdftotext", [join(sortie, nom.replace(/\.xls[xm]$/, ".pdf")), "-"], { encoding: "utf8" });
    expect(texte).toContain("Enfants");
    expect(texte).toContain("1.1.1.a");
  });
});
