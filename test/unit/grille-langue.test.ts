/**
 * The grid in Arabic (right-to-left sheet) or bilingual (French and Arabic columns), written by
 * `qualite inject --langue` into a real .xlsx; changing the language keeps every answer.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { executer } from "../../src/cli/main";
import { lireReponses } from "../../src/core/grille";
import { referentielLivre } from "../../src/core/catalogue";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { lettreColonne } from "../../src/core/workbook-plan";

const dossier = mkdtempSync(join(tmpdir(), "qualite-langue-"));
const ref = referentielLivre("eps-maroc");
async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (t: string) => (out += t), err: (t: string) => (err += t) });
  return { code, out, err };
}
const etat = async (f: string) => (await ouvrirClasseur(readFileSync(f), f)).etat;

it("--langue ar : en-têtes et textes arabes, feuille de droite à gauche, mêmes clés de colonnes", async () => {
  const out = join(dossier, "ar.xlsx");
  expect((await lancer("inject", "-r", "eps-maroc", "-o", out, "--langue", "ar", "--categories", "prf")).code).toBe(0);
  const e = await etat(out);
  expect(e.meta).toMatchObject({ langue: "ar", categories: ["prf"] });
  const [entetes, premiere] = e.grille!.valeurs;
  const cles = e.meta!.colonnes;
  expect(entetes![cles.indexOf("intitule")]).toBe("نص المعيار");
  expect(entetes![cles.indexOf("note")]).toBe("النقطة");
  expect(premiere![cles.indexOf("intitule")]).toBe(`${ref.chapitres[0]!.thematiques[0]!.objectifs[0]!.criteres[0]!.libelle.ar} — ${ref.chapitres[0]!.thematiques[0]!.objectifs[0]!.criteres[0]!.elements![0]!.libelle.ar}`);
  expect(premiere![cles.indexOf("objectif")]).toBe(`${ref.chapitres[0]!.thematiques[0]!.objectifs[0]!.libelle.ar} (1.1)`);
  const ligne2111 = e.grille!.valeurs.find((l) => l[0] === "2.11.1")!;
  expect(ligne2111[cles.indexOf("application")]).toBe("لا ينطبق على هذه المؤسسة");
  const xml = await (await JSZip.loadAsync(readFileSync(out))).file("xl/worksheets/sheet1.xml")!.async("string");
  expect(xml).toMatch(/<sheetView[^>]*rightToLeft="1"/);
});

it("--langue bilingue : la colonne arabe à côté de la française ; repasser en français garde chaque réponse", async () => {
  const out = join(dossier, "bi.xlsx");
  expect((await lancer("inject", "-r", "eps-maroc", "-o", out, "--langue", "bilingue")).code).toBe(0);
  const c = await ouvrirClasseur(readFileSync(out), out);
  const e = c.etat;
  const cles = e.meta!.colonnes;
  expect(cles.indexOf("intituleAr")).toBe(cles.indexOf("intitule") + 1);
  expect(e.grille!.valeurs[0]![cles.indexOf("intituleAr")]).toBe("نص المعيار");
  expect(e.grille!.valeurs.find((l) => l[0] === "1.1.4")![cles.indexOf("intituleAr")]).toBe(ref.chapitres[0]!.thematiques[0]!.objectifs[0]!.criteres[3]!.libelle.ar);
  // Answers typed in the bilingual grid, then the grid goes back to French.
  const wb = await enExcelJS(c);
  const ws = wb.getWorksheet(e.meta!.feuilleGrille)!;
  ws.getCell(`${lettreColonne(cles.indexOf("note"))}2`).value = 3;
  ws.getCell(`${lettreColonne(cles.indexOf("commentaire"))}2`).value = "charte vue";
  const { writeFileSync } = await import("node:fs");
  writeFileSync(out, await octetsExcelJS(wb));
  expect((await lancer("inject", "-r", "eps-maroc", "-o", out, "--langue", "fr")).code).toBe(0);
  const apres = await etat(out);
  expect(apres.meta!.colonnes).not.toContain("intituleAr");
  expect(apres.meta!.langue).toBeUndefined();
  expect(lireReponses(apres.grille!.valeurs, apres.meta!.colonnes).get("1.1.1.a")).toEqual({ note: 3, commentaire: "charte vue" });
});

it("une langue inconnue est refusée par la commande", async () => {
  const r = await lancer("inject", "-r", "eps-maroc", "-o", join(dossier, "x.xlsx"), "--langue", "en");
  expect(r.code).not.toBe(0);
  expect(r.err).toMatch(/fr, ar, bilingue/);
});
