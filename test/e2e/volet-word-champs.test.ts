/**
 * The Word pane as a field educator uses it (file mode, Debian's Chromium, 350 px): table fields
 * as stacked cards that fit the pane; a section's badge that agrees with the « [À compléter] » of
 * the downloaded document; the quality section ready once the assessment is attached and the
 * lessons written; the PE period of five years at most; warnings in yellow, by label. Each state
 * is captured at 350 px in French and in Arabic (bench/out/captures).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { injecterDansClasseur, nouveauClasseur } from "../../src/hosts/xlsx/classeur";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { modifier } from "../helpers/exceljs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();
const CAPTURES = join(__dirname, "..", "..", "bench", "out", "captures");

async function ouvrir(largeur = 350): Promise<{ page: Page; fermer: () => Promise<void>; erreurs: string[] }> {
  const { contexte } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  await page.setViewportSize({ width: largeur, height: 900 });
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.goto(`${volets.url}/word.html`);
  await page.getByTestId("plan").waitFor({ timeout: 20_000 });
  return { page, fermer: () => contexte.close(), erreurs };
}

async function capturer(page: Page, nom: string): Promise<void> {
  mkdirSync(CAPTURES, { recursive: true });
  await page.screenshot({ path: join(CAPTURES, `${nom}.png`), fullPage: true });
}

/** Text of an element, without the Unicode isolates that keep French names whole in Arabic sentences. */
const lire = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").replace(/[\u2066-\u2069]/g, "");
const basculer = (page: Page, vers: "ar" | "fr") => page.getByRole("button", { name: vers === "ar" ? "العربية" : "Français" }).click();
const section = (page: Page, titre: string) => page.getByTestId("plan").getByRole("button", { name: titre }).click();
const etat = async (page: Page, titre: string) => (await page.getByTestId("plan").locator("li", { hasText: titre }).textContent())!.replace(titre, "");

/** Text of the downloaded document. */
async function telechargerTexte(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Assembler et télécharger le .docx" }).click()]);
  const xml = await (await JSZip.loadAsync(readFileSync((await dl.path())!))).file("word/document.xml")!.async("string");
  return xml.replace(/<w:p[ >]/g, "\n$&").replace(/<[^>]+>/g, "").replace(/&apos;/g, "'");
}

async function identite(page: Page, fin = "2030"): Promise<void> {
  await page.getByLabel("Nom de l'établissement *").fill("EPS Al Amal");
  await page.getByLabel("Organisme gestionnaire (association) *").fill("Association Enfance Maroc");
  await page.getByLabel("Première année du projet *").fill("2026");
  await page.getByLabel("Dernière année du projet (cinq ans au plus) *").fill(fin);
}

it("un champ tableau devient des cartes empilées qui tiennent dans 350 px, côte à côte au-delà de 500 px, en français et en arabe", async () => {
  const { page, fermer, erreurs } = await ouvrir();
  await section(page, "Partenariats et réseau territorial");
  await page.getByRole("button", { name: "+ Ajouter une ligne" }).click();
  await page.getByRole("button", { name: "+ Ajouter une ligne" }).click();
  await page.getByLabel("Partenaire 1").fill("Hôpital d'enfants Abderrahim Harouchi");
  await page.getByLabel("Domaine 1").fill("Santé");
  const boites = async () => Promise.all(["Partenaire 1", "Domaine 1", "Convention ou pratique 1"].map(async (l) => (await page.getByLabel(l).boundingBox())!));
  for (const langue of ["fr", "ar"] as const) {
    if (langue === "ar") await basculer(page, "ar");
    // Nothing wider than the pane: no horizontal scroll bar, no content pushed out of view (the blank Arabic pane).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
    const [a, b, c] = await boites();
    expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y);
    expect(b!.y + b!.height).toBeLessThanOrEqual(c!.y);
    for (const x of [a!, b!, c!]) expect(x.x >= 0 && x.x + x.width <= 350).toBe(true);
    await page.getByTestId("liste-partenaires").waitFor();
    await capturer(page, `volet-word-cartes-${langue}`);
  }
  await basculer(page, "fr");
  await page.setViewportSize({ width: 700, height: 900 });
  const [a, b] = await boites();
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
  expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x);
  // « Retirer la ligne 2 » removes the empty row only.
  await page.getByRole("button", { name: "Retirer la ligne 2" }).click();
  expect(await page.getByLabel("Partenaire 2").count()).toBe(0);
  expect(await page.getByLabel("Partenaire 1").inputValue()).toBe("Hôpital d'enfants Abderrahim Harouchi");
  expect(erreurs).toEqual([]);
  await fermer();
});

it("la pastille d'une section suit la même règle que les « [À compléter] » du document téléchargé", async () => {
  const { page, fermer, erreurs } = await ouvrir();
  await identite(page);
  // Only the required field of « Histoire et identité »: the optional year is left out of the document, the section is ready.
  await section(page, "Histoire et identité");
  await page.getByLabel("Histoire de l'établissement *").fill("Ouvert en 2001 dans le quartier Hay Hassani.");
  expect(await page.getByTestId("etat-section").textContent()).toBe("prête");
  expect(await page.getByTestId("reste-a-completer").count()).toBe(0);
  await page.getByRole("button", { name: "← Toutes les sections" }).click();
  // One of the four required fields of « Bientraitance »: in progress, and the pane names what is left.
  await section(page, "Prévention et lutte contre la maltraitance");
  await page.getByLabel("Repérage des risques *").fill("Une grille de repérage par maison.");
  expect(await page.getByTestId("etat-section").textContent()).toBe("en cours");
  expect(await lire(page, "reste-a-completer")).toContain("« Signalement et traitement des faits »");
  await capturer(page, "volet-word-reste-fr");
  await basculer(page, "ar");
  await page.getByTestId("reste-a-completer").waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
  await capturer(page, "volet-word-reste-ar");
  await basculer(page, "fr");
  await page.getByRole("button", { name: "← Toutes les sections" }).click();
  expect(await etat(page, "Histoire et identité")).toBe("prête");
  expect(await etat(page, "Prévention et lutte contre la maltraitance")).toBe("en cours");
  const texte = await telechargerTexte(page);
  // The section's own text, after the summary (which lists every title first).
  const partie = (de: string, a: string) => texte.slice(texte.lastIndexOf(de), texte.indexOf(a, texte.lastIndexOf(de)));
  expect(partie("Histoire et identité", "Cadre juridique")).not.toContain("[À compléter");
  expect(partie("Histoire et identité", "Cadre juridique")).not.toContain("Année de création");
  expect(partie("Prévention et lutte contre la maltraitance", "Offre de service")).toContain("[À compléter : Signalement et traitement des faits]");
  // The list of what is left goes in a yellow warning, by label, not in the green success message.
  const avertissement = page.locator('[data-intent="warning"]');
  expect(await avertissement.textContent()).toContain("« Signalement et traitement des faits » reste à compléter");
  expect(await page.locator('[data-intent="success"]').textContent()).not.toContain("reste à compléter");
  expect(erreurs).toEqual([]);
  await fermer();
});

it("la section qualité passe de « vide » à « en cours » quand le classeur d'évaluation est joint, puis « prête » avec les enseignements", async () => {
  const vierge = nouveauClasseur("g.xlsx");
  await injecterDansClasseur(vierge, { referentiel: referentielLivre("eps-maroc"), source: "g.xlsx", evaluateurs: ["Amina"], etablissement: "EPS Al Amal", periode: "2026" });
  const wb = await modifier(vierge, "g.xlsx", (x) => {
    const g = x.getWorksheet(FEUILLE_GRILLE)!;
    [["J2", 3], ["J3", 4], ["J4", 2], ["J6", 3]].forEach(([a, v]) => (g.getCell(a as string).value = v as number));
  });
  const { page, fermer, erreurs } = await ouvrir();
  expect(await etat(page, "Démarche qualité et gestion des risques")).toBe("vide");
  await section(page, "Démarche qualité et gestion des risques");
  await page.getByTestId("entree-evaluation").setInputFiles({ name: "evaluation-2026.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(wb.lu!.paquet.octets) });
  await page.getByTestId("evaluation-jointe").waitFor();
  expect(await page.getByTestId("etat-section").textContent()).toBe("en cours");
  expect(await lire(page, "reste-a-completer")).toContain("« Enseignements de l'évaluation »");
  await page.getByLabel("Enseignements de l'évaluation *").fill("Trois points forts, deux impératifs à reprendre.");
  expect(await page.getByTestId("etat-section").textContent()).toBe("prête");
  await capturer(page, "volet-word-qualite-fr");
  await basculer(page, "ar");
  await page.getByTestId("evaluation-jointe").waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
  await capturer(page, "volet-word-qualite-ar");
  await basculer(page, "fr");
  await page.getByRole("button", { name: "← Toutes les sections" }).click();
  expect(await etat(page, "Démarche qualité et gestion des risques")).toBe("prête");
  expect(erreurs).toEqual([]);
  await fermer();
});

it("la période du projet : cinq ans au plus, dit sous le champ ; la fin refusée est signalée en jaune avec son libellé", async () => {
  const { page, fermer, erreurs } = await ouvrir();
  await identite(page, "2032");
  await page.getByText("de 2026 à 2032, le projet couvrirait 7 ans ; il en couvre 5 au plus : 2030 au plus tard").waitFor();
  const fin = page.getByLabel("Dernière année du projet (cinq ans au plus) *");
  expect(await fin.getAttribute("aria-invalid")).toBe("true");
  await capturer(page, "volet-word-periode-fr");
  await basculer(page, "ar");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
  await capturer(page, "volet-word-periode-ar");
  await basculer(page, "fr");
  const texte = await telechargerTexte(page);
  expect(texte).not.toContain("2032");
  expect(texte).toContain("[À compléter : Dernière année du projet (cinq ans au plus)]");
  const avertissement = (await page.locator('[data-intent="warning"]').textContent())!;
  expect(avertissement).toContain("« Dernière année du projet (cinq ans au plus) » : de 2026 à 2032");
  expect(avertissement).not.toMatch(/variables\.|sections\.|champs\./);
  await fin.fill("2030");
  expect(await fin.getAttribute("aria-invalid")).not.toBe("true");
  expect(erreurs).toEqual([]);
  await fermer();
});

it("des réponses importées avec des valeurs illisibles : un avertissement jaune qui nomme chaque champ par son libellé", async () => {
  const { page, fermer, erreurs } = await ouvrir();
  const reponses = { modele: "pe-eps", variables: { etablissement: "EPS Al Amal", capacite: "beaucoup" }, sections: { identite: { champs: { creation: "jadis" } } } };
  await page.getByTestId("entree-reponses").setInputFiles({ name: "reponses.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(reponses)) });
  await page.getByText("Réponses de").waitFor();
  const avertissement = page.locator('[data-intent="warning"]');
  expect(await avertissement.textContent()).toContain("« Capacité d'accueil (places) » : « beaucoup » n'est pas un nombre");
  expect(await avertissement.textContent()).toContain("Section « Histoire et identité », « Année de création » : « jadis » n'est pas un nombre");
  expect(await avertissement.textContent()).not.toMatch(/variables\.|sections\./);
  expect(await page.locator('[data-intent="success"]').textContent()).not.toContain("beaucoup");
  await capturer(page, "volet-word-avertissement-fr");
  // In Arabic the warning keeps its French labels whole, and fits the pane.
  await basculer(page, "ar");
  await page.locator('[data-intent="warning"]').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(350);
  await capturer(page, "volet-word-avertissement-ar");
  expect(erreurs).toEqual([]);
  await fermer();
});
