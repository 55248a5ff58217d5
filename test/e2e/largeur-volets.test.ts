/**
 * A task pane is 320–450 px wide: nothing may make the page wider than that (a wide element
 * widens the whole pane, and in Arabic, right to left, pushes the content out of view).
 */
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();

describe.each(["excel", "word"])("volet %s", (volet) => {
  it.each([
    ["fr-FR", 320],
    ["fr-FR", 350],
    ["fr-FR", 450],
    ["ar-MA", 320],
    ["ar-MA", 350],
  ])("en %s à %i px : aucune barre de défilement horizontale", async (locale, largeur) => {
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
