/**
 * The « Compétences » tab of the Excel pane, in file mode (Chromium, no network), at 350 px in
 * French and Arabic: a staff CSV becomes a competence workbook, a filled workbook shows its needs
 * and gives the training plan (.docx); a wrong CSV is refused naming its line and column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { FEUILLES, G, F } from "../../src/core/competences/classeur";
import { lireClasseurCompetences } from "../../src/hosts/xlsx/competences";
import { identiteDocx } from "../../src/hosts/docx/document";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(180_000);
const volets = voletsServis();
const dossier = mkdtempSync(join(tmpdir(), "qualite-volet-competences-"));
const CAPTURES = process.env.CAPTURES ?? "/tmp";
const csv = join(dossier, "equipe.csv");
writeFileSync(csv, "Nom;Métier;Service\nAmina Benali;Mère SOS;Village 1\nKhadija Alaoui;Mère SOS;Village 2\nYoussef El Idrissi;Éducateur;Foyer\nNadia Bennani;Cheffe de service;Direction\n");
let rempli = "";

async function ouvrir(locale: "fr-FR" | "ar-MA") {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, locale);
  const page = await contexte.newPage();
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/excel.html`);
  await page.getByText(locale === "fr-FR" ? "Mode fichier" : "وضع الملفات", { exact: false }).waitFor({ timeout: 20_000 });
  await page.getByRole("tab", { name: locale === "fr-FR" ? "Compétences" : "الكفايات" }).click();
  return { contexte, sorties, page };
}

const largeur = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** The pane is idle again: its buttons are enabled (before a screenshot). */
const libre = (page: Page) => page.waitForFunction(() => !document.querySelector("[data-testid=comp-plan]")?.hasAttribute("disabled"));

it("en français : la liste du personnel donne le classeur, le classeur rempli donne les besoins et le plan de formation", async () => {
  const { contexte, sorties, page } = await ouvrir("fr-FR");
  await page.getByTestId("comp-etablissement").fill("EPS Agadir");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("entree-personnel").setInputFiles(csv)]);
  expect(dl.suggestedFilename()).toBe("competences-eps-agadir.xlsx");
  await page.getByText("Classeur competences-eps-agadir.xlsx téléchargé — personnes : 4.", { exact: false }).waitFor();
  const octets = new Uint8Array(readFileSync((await dl.path())!));
  const { donnees } = await lireClasseurCompetences(octets, "volet.xlsx");
  expect(donnees.personnes.map((p) => [p.nom, p.metier, p.etablissement])).toEqual([
    ["Amina Benali", "mere-sos", "EPS Agadir"],
    ["Khadija Alaoui", "mere-sos", "EPS Agadir"],
    ["Youssef El Idrissi", "educateur", "EPS Agadir"],
    ["Nadia Bennani", "chef-service", "EPS Agadir"],
  ]);
  expect(await largeur(page)).toBeLessThanOrEqual(350);
  await page.screenshot({ path: `${CAPTURES}/volet-competences-creer-fr.png`, fullPage: true });

  // Filled as in Excel: levels for three people, one quality training held.
  const wb = await enExcelJS(octets);
  const ws = wb.getWorksheet(FEUILLES.grille)!;
  ws.eachRow((row, r) => {
    if (r > 1 && row.getCell(G.nom).value !== "Nadia Bennani" && ["C1.1", "C2.1", "C5.1"].includes(String(row.getCell(G.ref).value))) row.getCell(G.manager).value = 1;
  });
  ws.getCell(`${G.retenu}3`).value = 9;
  const reg = wb.getWorksheet(FEUILLES.formations)!;
  reg.getCell(`${F.titre}2`).value = "Référentiel qualité";
  reg.getCell(`${F.participants}2`).value = "Nadia Bennani; amina benali";
  reg.getCell(`${F.competences}2`).value = "C5.1";
  rempli = join(dossier, "rempli.xlsx");
  writeFileSync(rempli, await octetsExcelJS(wb));

  await page.getByTestId("entree-competences").setInputFiles(rempli);
  await page.getByTestId("comp-qualite").waitFor();
  expect(await page.getByTestId("comp-qualite").textContent()).toBe("Formé·es à la démarche qualité : 2 sur 4 (50\u00a0%)");
  const besoins = (await page.getByTestId("comp-besoins").textContent())!;
  expect(besoins).toMatch(/C1\.1.*Repérer les signes de danger.*3 sous le niveau requis sur 3 positionnées/);
  await page.getByText(/Valeurs ignorées : 1\. Par exemple : feuille « Positionnement », cellule M3/).waitFor();
  const [plan] = await Promise.all([page.waitForEvent("download"), page.getByTestId("comp-plan").click()]);
  expect(plan.suggestedFilename()).toBe("plan-formation-eps-agadir.docx");
  expect(await identiteDocx(new Uint8Array(readFileSync((await plan.path())!)), "plan")).toBe("plan-formation");
  await page.getByText("Plan de formation téléchargé.").waitFor();
  await libre(page);
  expect(await largeur(page)).toBeLessThanOrEqual(350);
  await page.screenshot({ path: `${CAPTURES}/volet-competences-plan-fr.png`, fullPage: true });

  // A wrong staff list: the line and the column are named; nothing is downloaded.
  const faux = join(dossier, "faux.csv");
  writeFileSync(faux, "nom;métier;service\nAmina;Mère SOS;V1\nSaid;jardinier;V2\n");
  let telecharge = false;
  page.on("download", () => (telecharge = true));
  await page.getByTestId("entree-personnel").setInputFiles(faux);
  await page.getByText(/ligne 3, colonne 2 \(« métier »\) : métier « jardinier » inconnu/).waitFor();
  expect(telecharge).toBe(false);
  expect(sorties).toEqual([URL_OFFICE_JS]);
  await contexte.close();
});

it("en arabe, de droite à gauche, à 350 px : les besoins du classeur rempli et le plan, sans barre horizontale", async () => {
  expect(rempli).not.toBe("");
  const { contexte, sorties, page } = await ouvrir("ar-MA");
  expect(await page.evaluate(() => document.documentElement.dir || document.body.dir || getComputedStyle(document.body).direction)).toBe("rtl");
  await page.getByTestId("entree-competences").setInputFiles(rempli);
  await page.getByTestId("comp-qualite").waitFor();
  expect(await page.getByTestId("comp-qualite").textContent()).toBe("المستفيدون من تكوين في مقاربة الجودة: 2 من 4 (50\u00a0%)");
  // The competences read in Arabic, from the referential.
  expect(await page.getByTestId("comp-besoins").textContent()).toContain("رصد علامات الخطر أو سوء المعاملة");
  const [plan] = await Promise.all([page.waitForEvent("download"), page.getByTestId("comp-plan").click()]);
  expect(plan.suggestedFilename()).toBe("plan-formation-eps-agadir.docx");
  await page.getByText("تم تنزيل مخطط التكوين.").waitFor();
  await libre(page);
  expect(await largeur(page)).toBeLessThanOrEqual(350);
  await page.screenshot({ path: `${CAPTURES}/volet-competences-ar.png`, fullPage: true });
  expect(sorties).toEqual([URL_OFFICE_JS]);
  await contexte.close();
});
