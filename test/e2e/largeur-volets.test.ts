/**
 * A task pane is 320–450 px wide: nothing may make the page wider than that (a wide element
 * widens the whole pane, and in Arabic, right to left, pushes the content out of view).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { genererClasseurs } from "../../bench/classeurs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(180_000);
const volets = voletsServis();
const LARGEURS: [string, number][] = [
  ["fr-FR", 320],
  ["fr-FR", 350],
  ["fr-FR", 450],
  ["ar-MA", 320],
  ["ar-MA", 350],
];

describe.each(["excel", "word"])("volet %s", (volet) => {
  it.each(LARGEURS)("en %s à %i px : aucune barre de défilement horizontale", async (locale, largeur) => {
    const { contexte } = await contexteHorsLigne(volets.navigateur, locale);
    const page = await contexte.newPage();
    await page.setViewportSize({ width: largeur, height: 800 });
    await page.goto(`${volets.url}/${volet}.html`);
    await page.getByText(locale === "fr-FR" ? "Mode fichier" : "وضع الملفات", { exact: false }).waitFor({ timeout: 20_000 });
    if (volet === "excel") await page.getByRole("button", { name: locale === "fr-FR" ? "Classeur vierge" : "مصنف فارغ" }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(largeur);
    await contexte.close();
  });
});

describe("volet Excel, résultats et consolidation affichés", () => {
  let fichiers: string[];
  beforeAll(async () => {
    fichiers = await genererClasseurs(join(mkdtempSync(join(tmpdir(), "qualite-largeur-")), "c"), 6, 3);
  });

  it.each(LARGEURS)("en %s à %i px : radar, listes, aperçu du plan et de la matrice tiennent dans le volet", async (locale, largeur) => {
    const { contexte } = await contexteHorsLigne(volets.navigateur, locale);
    const page = await contexte.newPage();
    await page.setViewportSize({ width: largeur, height: 800 });
    await page.goto(`${volets.url}/excel.html`);
    const ar = locale !== "fr-FR";
    await page.getByText(ar ? "وضع الملفات" : "Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
    const largeurPage = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.getByTestId("entree-xlsx").setInputFiles(fichiers[0]!);
    await page.getByTestId("classeur-courant").getByText(".xlsx").waitFor();
    await page.getByRole("tab", { name: ar ? "النتائج" : "Résultats" }).click();
    await page.getByRole("button", { name: ar ? "احسب" : "Calculer" }).click();
    await page.getByTestId("apercu-paq").waitFor();
    expect(await largeurPage()).toBeLessThanOrEqual(largeur);
    await page.getByRole("tab", { name: ar ? "تجميع" : "Consolider" }).click();
    await page.getByTestId("entree-consolidation").setInputFiles(fichiers);
    await page.getByTestId("apercu-matrice").waitFor({ timeout: 60_000 });
    expect(await largeurPage()).toBeLessThanOrEqual(largeur);
    if (largeur === 350) await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-consolidation-apercu-${ar ? "ar" : "fr"}.png`, fullPage: true });
    await contexte.close();
  });
});
