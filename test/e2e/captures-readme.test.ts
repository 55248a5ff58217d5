/**
 * The README's pictures of the panes, taken by this test on the built panes (file mode, Chromium,
 * 350 px wide: a task pane) so they show what the code does today. Each picture is taken only
 * once the state it shows is checked.
 *
 * `QUALITE_CAPTURES=1 npx jest test/e2e/captures-readme` writes them into docs/images/ (then
 * commit them); without it they go to bench/out/captures/readme/ and docs/images/ is left alone.
 * The test also checks that the README shows each of them with an alternative text.
 *
 * The Excel pane is driven by its visible labels (tabs, buttons, fields), not by its layout.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { injecterDansClasseur, nouveauClasseur } from "../../src/hosts/xlsx/classeur";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { genererClasseurs } from "../../bench/classeurs";
import { modifier } from "../helpers/exceljs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(180_000);
const volets = voletsServis();
const RACINE = join(__dirname, "..", "..");
const IMAGES = join(RACINE, "docs", "images");
const DESTINATION = process.env.QUALITE_CAPTURES === "1" ? IMAGES : join(RACINE, "bench", "out", "captures", "readme");
const LARGEUR = 350;
const HAUTEUR = 760;

/** The pictures the README shows, by file name. */
const IMAGES_README = ["volet-excel-grille.png", "volet-excel-resultats.png", "volet-excel-consolidation.png", "volet-word-section.png", "volet-word-qualite.png", "volet-word-arabe.png"];

async function ouvrir(volet: "excel" | "word"): Promise<{ page: Page; fermer: () => Promise<void>; erreurs: string[] }> {
  const { contexte } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  await page.setViewportSize({ width: LARGEUR, height: HAUTEUR });
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.goto(`${volets.url}/${volet}.html`);
  await page.getByText("Mode fichier", { exact: false }).first().waitFor({ timeout: 20_000 });
  return { page, fermer: () => contexte.close(), erreurs };
}

/** One picture of the pane as the user sees it (the visible part, `haut` at the top). */
async function capturer(page: Page, nom: string, haut?: ReturnType<Page["getByText"]>): Promise<void> {
  mkdirSync(DESTINATION, { recursive: true });
  // The same picture at every run: no hover or focus left on the last button clicked, Fluent's
  // transitions over, and nothing wider than the pane.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(LARGEUR);
  if (haut) await haut.evaluate((e) => window.scrollTo(0, Math.max(0, e.getBoundingClientRect().top + window.scrollY - 12)));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(DESTINATION, nom) });
}

/** A graded assessment workbook: Amina and Youssef, a few criteria scored, one disagreement. */
async function evaluation(): Promise<Buffer> {
  const vierge = nouveauClasseur("evaluation.xlsx");
  await injecterDansClasseur(vierge, { referentiel: referentielLivre("eps-maroc"), source: "evaluation.xlsx", evaluateurs: ["Amina", "Youssef"], etablissement: "EPS Al Amal", periode: "2026" });
  const wb = await modifier(vierge, "evaluation.xlsx", (x) => {
    const g = x.getWorksheet(FEUILLE_GRILLE)!;
    for (let ligne = 2; ligne <= 60; ligne++) {
      g.getCell(`J${ligne}`).value = ((ligne * 7) % 4) + 1;
      g.getCell(`K${ligne}`).value = ((ligne * 5) % 4) + 1;
    }
  });
  return Buffer.from(wb.lu!.paquet.octets);
}

describe("images du README, prises sur les volets construits", () => {
  it("volet Excel : la grille insérée", async () => {
    const { page, fermer, erreurs } = await ouvrir("excel");
    await page.getByRole("button", { name: "Classeur vierge" }).click();
    await page.getByLabel("Établissement").fill("EPS Al Amal");
    await page.getByLabel("Période").fill("2026");
    await page.getByRole("button", { name: "Insérer le référentiel" }).click();
    await page.getByText("Grille prête").waitFor();
    await capturer(page, "volet-excel-grille.png");
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("volet Excel : les résultats d'une grille remplie", async () => {
    const { page, fermer, erreurs } = await ouvrir("excel");
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "evaluation.xlsx", mimeType: "application/octet-stream", buffer: await evaluation() });
    await page.getByText("Classeur : evaluation.xlsx").waitFor();
    await page.getByRole("tab", { name: "Résultats" }).click();
    await page.getByRole("button", { name: "Calculer" }).click();
    await page.getByText("Score global", { exact: false }).first().waitFor();
    await capturer(page, "volet-excel-resultats.png", page.getByRole("tablist"));
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("volet Excel : la consolidation de plusieurs établissements", async () => {
    const dossier = mkdtempSync(join(tmpdir(), "qualite-captures-"));
    const fichiers = await genererClasseurs(join(dossier, "classeurs"), 6, 3);
    const { page, fermer, erreurs } = await ouvrir("excel");
    await page.getByRole("tab", { name: "Consolider" }).click();
    await page.getByTestId("entree-consolidation").setInputFiles(fichiers);
    await page.getByText(/6 établissements consolidés/).waitFor({ timeout: 60_000 });
    await capturer(page, "volet-excel-consolidation.png", page.getByRole("tablist"));
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("volet Word : une section guidée, sa pastille et ce qui reste à compléter", async () => {
    const { page, fermer, erreurs } = await ouvrir("word");
    await page.getByLabel("Nom de l'établissement *").fill("EPS Al Amal");
    await page.getByTestId("plan").getByRole("button", { name: "Prévention et lutte contre la maltraitance" }).click();
    await page.getByLabel("Repérage des risques *").fill("Une grille de repérage par maison, revue chaque trimestre avec les mères SOS.");
    expect(await page.getByTestId("etat-section").textContent()).toBe("en cours");
    await page.getByTestId("reste-a-completer").waitFor();
    await capturer(page, "volet-word-section.png", page.getByRole("button", { name: "← Toutes les sections" }));
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("volet Word : la section qualité prête, classeur d'évaluation joint", async () => {
    const { page, fermer, erreurs } = await ouvrir("word");
    await page.getByTestId("plan").getByRole("button", { name: "Démarche qualité et gestion des risques" }).click();
    await page.getByTestId("entree-evaluation").setInputFiles({ name: "evaluation-2026.xlsx", mimeType: "application/octet-stream", buffer: await evaluation() });
    await page.getByTestId("evaluation-jointe").waitFor();
    await page.getByLabel("Enseignements de l'évaluation *").fill("Trois points forts : l'accueil, la scolarité, le lien avec les familles. Deux impératifs à reprendre avant la prochaine évaluation.");
    expect(await page.getByTestId("etat-section").textContent()).toBe("prête");
    await capturer(page, "volet-word-qualite.png", page.getByRole("button", { name: "← Toutes les sections" }));
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("volet Word en arabe, un champ tableau ouvert : des cartes, de droite à gauche", async () => {
    const { page, fermer, erreurs } = await ouvrir("word");
    await page.getByTestId("plan").getByRole("button", { name: "Partenariats et réseau territorial" }).click();
    await page.getByRole("button", { name: "+ Ajouter une ligne" }).click();
    await page.getByLabel("Partenaire 1").fill("Hôpital d'enfants");
    await page.getByLabel("Domaine 1").fill("Santé (suivi pédiatrique)");
    await page.getByRole("button", { name: "العربية" }).click();
    await page.getByText("الشراكات والشبكة الترابية").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await capturer(page, "volet-word-arabe.png", page.getByRole("button", { name: "← كل الأقسام" }));
    expect(erreurs).toEqual([]);
    await fermer();
  });

  it("le README montre chaque image avec un texte de remplacement, et chaque image est dans docs/images", () => {
    const readme = readFileSync(join(RACINE, "README.md"), "utf8");
    for (const nom of IMAGES_README) {
      const lien = new RegExp(`!\\[([^\\]]*)\\]\\(docs/images/${nom.replace(".", "\\.")}\\)`).exec(readme);
      expect({ nom, alt: (lien?.[1] ?? "").trim().length > 10 }).toEqual({ nom, alt: true });
      expect({ nom, present: existsSync(join(IMAGES, nom)) }).toEqual({ nom, present: true });
    }
  });
});
