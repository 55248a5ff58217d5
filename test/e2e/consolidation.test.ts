/**
 * The pane (file mode, Chromium) and the CLI (built command, two reader threads) consolidate
 * the same files into the same figures; LibreOffice opens the national workbook and the report.
 */
import { referentielLivre } from "../../src/core/catalogue";
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { enExcelJS } from "../helpers/exceljs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { genererClasseurs } from "../../bench/classeurs";
import { ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(180_000);
const RACINE = join(__dirname, "..", "..");
const dossier = mkdtempSync(join(tmpdir(), "qualite-conso-e2e-"));
const volets = voletsServis();
let fichiers: string[];

beforeAll(async () => {
  fichiers = await genererClasseurs(join(dossier, "classeurs"), 12, 11);
  writeFileSync(join(dossier, "classeurs", "abime.xlsx"), "PK\u0003\u0004 tronqué");
  fichiers.push(join(dossier, "classeurs", "abime.xlsx"));
});

it("le volet et la ligne de commande donnent les mêmes chiffres", async () => {
  const national = join(dossier, "national.xlsx");
  const rapport = join(dossier, "rapport.docx");
  const sortie = execFileSync("node", [join(RACINE, "bin", "qualite.cjs"), "consolider", join(dossier, "classeurs"), "--out", national, "--rapport", rapport], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(sortie).toMatch(/13 classeurs lus : 12 établissements retenus \(0 migrés\), 1 écartés\./);

  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  await page.goto(`${volets.url}/excel.html`);
  await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
  await page.getByRole("tab", { name: "Consolider" }).click();
  await page.getByTestId("entree-consolidation").setInputFiles(fichiers);
  await page.getByText(/12 établissements consolidés/).waitFor({ timeout: 60_000 });
  expect(await page.getByTestId("statuts").textContent()).toMatch(/refusé ?abime\.xlsx/);
  // Previewed first (first establishments, national means by thematic name), written on request.
  expect(await page.getByTestId("apercu-matrice").locator("tbody tr").count()).toBe(5);
  await page.getByText("Les 5 premiers établissements sur 12 : le classeur consolidé les contient tous.").waitFor();
  expect(await page.getByTestId("apercu-thematiques").textContent()).toContain("Bientraitance et éthique");
  expect(await page.getByRole("button", { name: /^Télécharger/ }).count()).toBe(0);
  await page.getByTestId("ecrire-consolidation").click();
  await page.getByText(/ont été ajoutées au classeur/).waitFor();
  // The capitalisation report, from the pane, by the same code as the CLI's --rapport.
  await page.getByTestId("organisme").fill("Association Al Amal");
  const [docx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("rapport-capitalisation").click()]);
  expect(docx.suggestedFilename()).toBe("capitalisation-eps-maroc-association-al-amal.docx");
  const rapportVolet = join(dossier, "rapport-volet.docx");
  writeFileSync(rapportVolet, readFileSync((await docx.path())!));
  await page.getByText(/capitalisation-eps-maroc-association-al-amal\.docx téléchargé/).waitFor();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Télécharger/ }).click()]);
  const volet = await ouvrirClasseur(new Uint8Array(readFileSync((await dl.path())!)), "volet.xlsx");
  const cli = await ouvrirClasseur(new Uint8Array(readFileSync(national)), "national.xlsx");
  for (const f of ["Matrice thématiques", "Matrice chapitres", "Matrice objectifs", "Impératifs manqués", "Classement"]) {
    expect({ f, v: await valeursFeuille(volet, f) }).toEqual({ f, v: await valeursFeuille(cli, f) });
  }
  // The only address off this machine: office.js on Microsoft's CDN (it fails here: no internet).
    expect(sorties).toEqual([URL_OFFICE_JS]);
  await contexte.close();

  // LibreOffice opens both outputs.
  await convertir(profilLibreOffice(), [national, rapport, rapportVolet], "pdf", dossier);
  for (const r of ["rapport.pdf", "rapport-volet.pdf"]) {
    const texte = execFileSync("pdftotext", [join(dossier, r), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(texte).toContain("Synthèse nationale");
    expect(texte).toContain(`12 établissements évalués sur le référentiel eps-maroc ${referentielLivre("eps-maroc").version}`);
    expect(texte).toContain("Impératifs les plus souvent manqués");
  }
  expect(execFileSync("pdftotext", [join(dossier, "rapport-volet.pdf"), "-"], { encoding: "utf8" })).toContain("Association Al Amal");
  expect(execFileSync("pdftotext", [join(dossier, "national.pdf"), "-"], { encoding: "utf8" })).toContain("Moyenne nationale");
});

it("le volet classe avec complétion et impératifs, écarte sous la complétion minimale et anonymise", async () => {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/excel.html`);
  await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
  await page.getByRole("tab", { name: "Consolider" }).click();
  await page.getByTestId("completion-min").fill("cent");
  await page.getByText("Un pourcentage de 0 à 100.").waitFor();
  await page.getByTestId("completion-min").fill("85");
  await page.getByTestId("anonymiser").check();
  await page.getByTestId("entree-consolidation").setInputFiles(fichiers);
  await page.getByText(/12 établissements consolidés/).waitFor({ timeout: 60_000 });
  const classement = (await page.getByTestId("classement").textContent())!;
  expect(classement).toMatch(/EPS-\d\d.*complétion \d+ % · \d+ impératifs non atteints/);
  expect(await page.getByTestId("tous-imperatifs").textContent()).toMatch(/Établissements atteignant tous les impératifs : \d+ sur 12/);
  expect(await page.locator("body").textContent()).not.toMatch(/EPS[ -]000\d/);
  await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-consolidation-fr.png`, fullPage: true });
  await page.getByTestId("ecrire-consolidation").click();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Télécharger/ }).click()]);
  const volet = await enExcelJS(new Uint8Array(readFileSync((await dl.path())!)));
  const cellules = volet.worksheets.flatMap((w) => w.getSheetValues().flat(2).map((v) => String(v ?? ""))).join("|");
  expect(cellules).not.toMatch(/EPS[ -]000\d/);
  expect(cellules).toContain("EPS-12");
  await page.getByRole("button", { name: "العربية" }).click();
  await page.getByText(/الترتيب/).first().waitFor();
  await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-consolidation-ar.png`, fullPage: true });
  expect(sorties.filter((u) => u !== URL_OFFICE_JS)).toEqual([]);
  await contexte.close();
});
