/**
 * The « Classer » tab in file mode (Chromium): a filled decision grid ranked as the core ranks it,
 * a weight moved past its sensitivity threshold hands the first rank over exactly as the core
 * predicted, the total stays 100 %, the annex downloads; a new grid is created from a blank
 * workbook; a bad cell is named. Screenshots at 350 px in French and Arabic.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { classer, poidsDeplaces } from "../../src/core/classement/calcul";
import { planifierClassement } from "../../src/core/classement/classeur";
import { modeleDecisionLivre } from "../../src/core/classement/modele";
import { appliquerPlan, ecrireClasseur, nouveauClasseur, ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { decisionDuClasseur } from "../../src/hosts/xlsx/classement";
import { modeleDuDocx } from "../../src/hosts/docx/document";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();
const CAPTURES = process.env.CAPTURES ?? "/tmp";

const modele = modeleDecisionLivre("choix-scenarios");
const SCENARIOS: [string, number[]][] = [
  ["Logiciel libre hébergé par l'association", [4, 180000, 3, 4, 4]],
  ["Logiciel sous licence, hébergé chez l'éditeur", [3, 420000, 4, 5, 3]],
  ["Dossiers papier améliorés", [2, 60000, 5, 2, 3]],
  ["Tableur partagé sur un serveur interne", [3, 90000, 5, 3, 4]],
];

async function grille(lignes: [string, (number | string)[]][]): Promise<Buffer> {
  const wb = nouveauClasseur("choix.xlsx");
  const options = lignes.map(([libelle, v]) => ({ libelle, valeurs: Object.fromEntries(modele.criteres.map((c, j) => [c.id, v[j] as number])) }));
  await appliquerPlan(wb, planifierClassement({ modele, options, maintenant: "2026-11-25" }));
  return Buffer.from(await ecrireClasseur(wb));
}

async function ouvrir(locale = "fr-FR") {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, locale);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.setViewportSize({ width: 350, height: 1400 });
  await page.goto(`${volets.url}/excel.html`);
  await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
  return { page, contexte, sorties, erreurs };
}

const premier = async (page: Page) => (await page.getByTestId("classement-options").locator("li").first().locator("span").first().textContent())!.trim();

it("classe comme le cœur, bascule au seuil de sensibilité annoncé, garde 100 %, télécharge l'annexe ; français puis arabe à 350 px", async () => {
  const octets = await grille(SCENARIOS);
  const { decision } = await decisionDuClasseur(await ouvrirClasseur(new Uint8Array(octets), "choix.xlsx"));
  const r = classer(decision);
  const { page, contexte, sorties, erreurs } = await ouvrir();
  await page.getByTestId("entree-xlsx").setInputFiles({ name: "choix.xlsx", mimeType: "application/octet-stream", buffer: octets });
  await page.getByRole("tab", { name: "Classer" }).click();
  await page.getByTestId("classement-options").waitFor();
  const lignes = await page.getByTestId("classement-options").locator("li").allTextContents();
  expect(lignes).toEqual(r.classement.map((o) => `${o.libelle} ${String(Math.round(o.score * 100) / 100).replace(".", ",")} / 100`));
  expect(await page.getByTestId("total-poids").textContent()).toBe("Total : 100 %");
  expect(await page.getByTestId("barre").count()).toBe(4);
  await page.screenshot({ path: `${CAPTURES}/volet-classer-fr.png`, fullPage: true });

  // The cost weight: the core says from which weight another option takes the first rank.
  const k = decision.criteres.findIndex((c) => c.id === "couts");
  const seuil = r.sensibilite[k]!.hausse;
  expect(seuil.delta).not.toBeNull();
  const pas = Math.ceil(seuil.delta!);
  const curseur = page.getByTestId("poids-couts");
  await curseur.focus();
  for (let i = 0; i < pas - 1; i++) await page.keyboard.press("ArrowRight");
  expect(await premier(page)).toBe(r.classement[0]!.libelle);
  await page.keyboard.press("ArrowRight");
  expect(await premier(page)).toBe(seuil.nouveauPremier);
  const attendu = classer({ ...decision, criteres: decision.criteres.map((c, j) => ({ ...c, poids: poidsDeplaces(decision.criteres.map((x) => x.poids), k, 20 + pas)[j]! })) });
  expect(await premier(page)).toBe(attendu.classement[0]!.libelle);
  expect(await page.getByTestId("total-poids").textContent()).toBe("Total : 100 %");

  // The annex carries the weights set here.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("annexe-classement").click()]);
  expect(await modeleDuDocx(new Uint8Array(readFileSync((await dl.path())!)))).toBe("annexe-classement");
  await page.getByTestId("retablir-poids").click();
  expect(await premier(page)).toBe(r.classement[0]!.libelle);

  await page.getByRole("button", { name: "العربية" }).click();
  await page.getByText("أوزان المعايير").waitFor();
  expect(await page.locator(".fui-FluentProvider").first().getAttribute("dir")).toBe("rtl");
  // Criteria in Arabic (from the grid's Arabic column), options as the user typed them.
  await page.getByText("الاستدامة التقنية والتنظيمية", { exact: false }).first().waitFor();
  await page.screenshot({ path: `${CAPTURES}/volet-classer-ar.png`, fullPage: true });
  expect(sorties).toEqual([URL_OFFICE_JS]);
  expect(erreurs).toEqual([]);
  await contexte.close();
});

it("crée une grille de classement dans un classeur vierge ; une cellule fautive est nommée", async () => {
  const { page, contexte, erreurs } = await ouvrir();
  await page.getByRole("button", { name: "Classeur vierge" }).click();
  await page.getByRole("tab", { name: "Classer" }).click();
  await page.getByText("Ce classeur n'a pas encore de grille de classement.").waitFor();
  await page.getByTestId("modele-classement").selectOption("priorites-actions");
  await page.getByRole("button", { name: "Créer la grille de classement" }).click();
  await page.getByText(/Grille « Priorités entre des actions » ajoutée/).waitFor();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Télécharger/ }).click()]);
  const cree = await ouvrirClasseur(new Uint8Array(readFileSync((await dl.path())!)), "cree.xlsx");
  expect(cree.etat.feuilles).toEqual(expect.arrayContaining(["Critères", "Classement"]));
  // Empty grid: the pane says so, naming the cell.
  await page.getByText(/feuille « Classement », cellule A2 : aucune option n'est saisie/).waitFor();

  const fautif = await grille([["A", [4, "beaucoup", 3, 4, 4]], ["B", [3, 1000, 4, 5, 3]]]);
  await page.getByTestId("entree-xlsx").setInputFiles({ name: "fautif.xlsx", mimeType: "application/octet-stream", buffer: fautif });
  await page.getByText(/fautif\.xlsx : le classement ne peut pas être calculé/).waitFor();
  await page.getByText(/cellule C2 \(option « A », critère « Coûts d'installation et d'exploitation »\) : « beaucoup » n'est pas un nombre/).waitFor();
  // The message about the previous workbook is gone.
  expect(await page.getByText(/Grille « Priorités entre des actions » ajoutée/).count()).toBe(0);
  await page.screenshot({ path: `${CAPTURES}/volet-classer-erreur.png`, fullPage: true });
  expect(erreurs).toEqual([]);
  await contexte.close();
});
