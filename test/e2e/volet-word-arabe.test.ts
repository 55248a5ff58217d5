/**
 * The Word pane in Arabic (file mode, Chromium): a section's guide and questions are shown in
 * Arabic, right to left, while the document stays French.
 */
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";
import { modeleLivre, MODELES_REDACTION } from "../../src/core/pe/catalogue";

jest.setTimeout(90_000);
const volets = voletsServis();

it("en arabe, le guide et les questions d'une section s'affichent en arabe", async () => {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/word.html`);
  await page.getByText("Mode fichier : Word n'est pas détecté").waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "العربية" }).click();
  await page.getByTestId("plan").getByRole("button", { name: /Histoire et identité|التاريخ والهوية/ }).click();
  await page.getByText("احكوا من أين جاءت المؤسسة").waitFor();
  await page.getByText("متى ولماذا أُنشئت المؤسسة؟").waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
  await page.screenshot({ path: "/tmp/qualite-volet-word-guide-ar.png", fullPage: true });
  // office.js from Microsoft's CDN is the only address outside this machine the pane asks for.
  expect(sorties.filter((u) => u !== "https://appsforoffice.microsoft.com/lib/1/hosted/office.js")).toEqual([]);
  expect(erreurs).toEqual([]);
  await contexte.close();
});

it.each(MODELES_REDACTION)("modèle %s : chaque section ouverte, champs tableau remplis d'une ligne, passe en arabe sans écran blanc ni débordement", async (id) => {
  const m = modeleLivre(id);
  const { contexte } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/word.html`);
  await page.getByTestId("plan").waitFor({ timeout: 20_000 });
  if (id !== "pe-eps") await page.getByLabel("Modèle de document").selectOption(id);
  // Every section open, the conditional ones too.
  for (const v of m.sections.flatMap((s) => (s.condition ? [s.condition] : []))) await page.getByLabel(new RegExp(`^${m.variables.find((x) => x.id === v.variable)!.libelle.fr.replace(/[?()]/g, "\\$&")}`)).selectOption(String(v.egal));
  for (const s of m.sections) {
    await page.getByTestId("plan").getByRole("button", { name: s.titre.fr, exact: true }).click();
    for (const c of s.champs.filter((x) => x.type === "liste")) {
      await page.getByTestId(`liste-${c.id}`).getByRole("button", { name: "+ Ajouter une ligne" }).click();
      for (const k of c.colonnes!) await page.getByLabel(`${k.libelle.fr} 1`, { exact: true }).fill(k.type === "nombre" ? "2026" : k.type === "date" ? "2027-02-25" : "Texte français, 2026 (exemple).");
    }
    await page.getByRole("button", { name: "العربية" }).click();
    // The section is still there, in view, and nothing is wider than the pane.
    const titre = page.locator("main").getByText(s.titre.ar ?? s.titre.fr, { exact: true }).first();
    await titre.waitFor();
    const boite = (await titre.boundingBox())!;
    expect({ section: s.id, visible: boite.x >= 0 && boite.x + boite.width <= 350 + 1 }).toEqual({ section: s.id, visible: true });
    expect({ section: s.id, largeur: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ section: s.id, largeur: 350 });
    await page.getByRole("button", { name: "Français" }).click();
    await page.getByRole("button", { name: "← Toutes les sections" }).click();
  }
  expect(erreurs).toEqual([]);
  await contexte.close();
});
