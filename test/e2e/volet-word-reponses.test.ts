/**
 * No typed answer lost in the Word pane (file mode, Debian's Chromium): answers come back after
 * a reload; changing the template asks first and keeps the previous template's answers;
 * leaving with work never downloaded is warned; « Continuer un document .docx » restores the
 * answers of a document assembled earlier and assembles into it, keeping the text written by
 * hand. The new states are captured at 350 px, in French and in Arabic.
 */
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { ecrireDocx, lireReponsesDocx, regionsDocx } from "../../src/hosts/docx/document";
import { modeleLivre } from "../../src/core/pe/catalogue";
import { planifierDocument, verifierReponses } from "../../src/core/pe/document";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

const GUIDE_PRF = "Guide de bonnes pratiques du programme de renforcement familial";

jest.setTimeout(120_000);
const volets = voletsServis();
const CAPTURES = join(__dirname, "..", "..", "bench", "out", "captures");

async function ouvrir(locale = "fr-FR"): Promise<{ page: Page; fermer: () => Promise<void>; sorties: string[]; erreurs: string[] }> {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, locale);
  const page = await contexte.newPage();
  await page.setViewportSize({ width: 350, height: 900 });
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.goto(`${volets.url}/word.html`);
  await page.getByTestId("plan").waitFor({ timeout: 20_000 });
  return { page, fermer: () => contexte.close(), sorties, erreurs };
}

async function capturer(page: Page, nom: string): Promise<void> {
  mkdirSync(CAPTURES, { recursive: true });
  // Dialogs fade in: capture them once their transitions are over.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: join(CAPTURES, `${nom}.png`), fullPage: true });
}

it("garde les réponses en cours de frappe : un rechargement les rend, un changement de modèle les garde, quitter sans télécharger avertit", async () => {
  const { page, fermer, sorties, erreurs } = await ouvrir();
  await page.getByLabel("Nom de l'établissement *").fill("EPS Al Amal");
  await page.getByTestId("plan").getByRole("button", { name: "Histoire et identité" }).click();
  await page.getByLabel("Histoire de l'établissement *").fill("Ouvert en 2001 dans le quartier Hay Hassani.");
  await page.getByTestId("sauvegarde").getByText(/Réponses gardées dans ce navigateur/).waitFor();
  // Reload: the browser asks first (nothing was downloaded), then everything is back.
  const questions: string[] = [];
  page.on("dialog", (d) => {
    questions.push(d.type());
    void d.accept();
  });
  await page.reload();
  await page.getByTestId("plan").waitFor();
  expect(questions).toEqual(["beforeunload"]);
  expect(await page.getByLabel("Nom de l'établissement *").inputValue()).toBe("EPS Al Amal");
  await page.getByTestId("plan").getByRole("button", { name: "Histoire et identité" }).click();
  expect(await page.getByLabel("Histoire de l'établissement *").inputValue()).toBe("Ouvert en 2001 dans le quartier Hay Hassani.");
  await page.getByRole("button", { name: "← Toutes les sections" }).click();

  // Changing the template asks; cancelling changes nothing; confirming keeps the answers for later.
  await page.getByRole("combobox", { name: "Modèle de document" }).selectOption({ label: GUIDE_PRF });
  const dialogue = page.getByRole("dialog");
  await dialogue.getByText("Changer de modèle ?").waitFor();
  await capturer(page, "word-changer-modele-fr");
  await dialogue.getByRole("button", { name: "Annuler" }).click();
  expect(await page.getByLabel("Nom de l'établissement *").inputValue()).toBe("EPS Al Amal");
  await page.getByRole("combobox", { name: "Modèle de document" }).selectOption({ label: GUIDE_PRF });
  await page.getByRole("dialog").getByRole("button", { name: "Changer de modèle" }).click();
  await page.getByLabel("Nom de l'établissement *").waitFor({ state: "detached" });
  await page.getByRole("combobox", { name: "Modèle de document" }).selectOption({ label: "Projet d'établissement" });
  expect(await page.getByLabel("Nom de l'établissement *").inputValue()).toBe("EPS Al Amal");

  // Once the document is downloaded, leaving is not questioned any more.
  await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Assembler et télécharger le .docx" }).click()]);
  await page.getByText(/téléchargé : 13 sections/).waitFor();
  questions.length = 0;
  await page.reload();
  await page.getByTestId("plan").waitFor();
  expect(questions).toEqual([]);
  expect(await page.getByLabel("Nom de l'établissement *").inputValue()).toBe("EPS Al Amal");
  // Each (re)load asks for office.js on Microsoft's CDN (it fails here: no internet); nothing else leaves.
  expect(sorties.filter((u) => u !== URL_OFFICE_JS)).toEqual([]);
  expect(erreurs).toEqual([]);
  await fermer();
});

it("continue un .docx assemblé plus tôt : réponses restaurées, texte écrit à la main gardé au réassemblage", async () => {
  // A document assembled by the CLI's renderer, then edited by hand in Word.
  const pe = modeleLivre("pe-eps");
  const { reponses } = verifierReponses(pe, JSON.parse(readFileSync(join(__dirname, "..", "..", "templates", "documents", "exemples", "pe-eps-reponses.json"), "utf8")));
  const zip = await JSZip.loadAsync(await ecrireDocx(planifierDocument(pe, reponses), reponses));
  let xml = await zip.file("word/document.xml")!.async("string");
  const fin = xml.indexOf("</w:sdt>", xml.indexOf('<w:tag w:val="qe:pe-eps:missions"/>')) + "</w:sdt>".length;
  xml = `${xml.slice(0, fin)}<w:p><w:r><w:t>Note de la directrice, écrite à la main dans Word.</w:t></w:r></w:p>${xml.slice(fin)}`;
  zip.file("word/document.xml", xml);
  const dossier = join(CAPTURES, "..", "volet-word");
  mkdirSync(dossier, { recursive: true });
  const chemin = join(dossier, "projet-al-amal.docx");
  writeFileSync(chemin, await zip.generateAsync({ type: "uint8array" }));

  for (const [locale, suffixe] of [["fr-FR", "fr"], ["ar-MA", "ar"]] as const) {
    const { page, fermer, sorties, erreurs } = await ouvrir(locale);
    page.on("dialog", (d) => void d.accept());
    if (suffixe === "ar") {
      await page.getByLabel("Nom de l'établissement *").fill("EPS Al Amal");
      await page.getByRole("combobox").first().selectOption({ label: GUIDE_PRF });
      await page.getByRole("dialog").waitFor();
      await capturer(page, "word-changer-modele-ar");
      await page.getByRole("dialog").getByRole("button", { name: "إلغاء" }).click();
      await page.getByTestId("entree-docx").setInputFiles(chemin);
      await page.getByRole("dialog").getByRole("button", { name: "استبدال" }).click();
      await page.getByTestId("docx-continue").waitFor();
      await capturer(page, "word-docx-continue-ar");
      // A file that is no document of ours: refused in French, with the technical detail folded.
      const faux = join(dossier, "notes.docx");
      writeFileSync(faux, "pas un document");
      await page.getByTestId("entree-docx").setInputFiles(faux);
      await page.getByRole("alert").getByText("notes.docx n'est pas un document .docx.").waitFor();
      await capturer(page, "word-erreur-ar");
      await page.getByRole("alert").getByRole("button", { name: "إغلاق" }).click();
      // An error nobody caught (here a promise rejected in the page) still reaches the user in
      // French, the technical detail folded under « Détails »; the pane keeps working.
      await page.evaluate(() => void Promise.reject(new TypeError("Cannot read properties of null (reading 'theme')")));
      const alerte = page.getByRole("alert");
      await alerte.getByText("Erreur inattendue : défaut interne de Qualité EPS. Rien n'a été enregistré dans le document.").waitFor();
      expect(await alerte.getByTestId("details-erreur").getByText(/TypeError: Cannot read properties of null/).isVisible()).toBe(false);
      await alerte.getByText("التفاصيل").click();
      expect(await alerte.getByTestId("details-erreur").getByText(/TypeError: Cannot read properties of null/).isVisible()).toBe(true);
      await capturer(page, "word-erreur-details-ar");
      expect(await page.getByTestId("plan").isVisible()).toBe(true);
      expect(erreurs).toEqual([]);
      await fermer();
      continue;
    }
    // Something typed already: replacing it is confirmed.
    await page.getByLabel("Nom de l'établissement *").fill("Brouillon à remplacer");
    await page.getByTestId("entree-docx").setInputFiles(chemin);
    await page.getByRole("dialog").getByText("Remplacer les réponses en cours ?").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Remplacer" }).click();
    await page.getByText(/projet-al-amal\.docx\u2069? repris : ses réponses sont restaurées/).waitFor();
    await capturer(page, "word-docx-continue-fr");
    expect(await page.getByLabel("Nom de l'établissement *").inputValue()).toBe(String(reponses.variables.etablissement));
    await page.getByTestId("plan").getByRole("button", { name: "Missions" }).click();
    await page.getByLabel("Missions *").fill("Missions révisées en comité de direction.");
    await page.getByRole("button", { name: "← Toutes les sections" }).click();
    const [telechargement] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Assembler et télécharger le .docx" }).click()]);
    await page.getByText(/projet-al-amal\.docx\u2069? mis à jour et téléchargé/).waitFor();
    expect(telechargement.suggestedFilename()).toBe("projet-al-amal.docx");
    const octets = new Uint8Array(readFileSync((await telechargement.path())!));
    const doc = await (await JSZip.loadAsync(octets)).file("word/document.xml")!.async("string");
    expect(doc).toContain("Note de la directrice, écrite à la main dans Word.");
    expect(doc).toContain("Missions révisées en comité de direction.");
    expect(doc).not.toContain(String(reponses.sections.missions?.champs?.missions));
    // The hand-written paragraph is still right after the missions region.
    const apresMissions = doc.slice(doc.indexOf("</w:sdt>", doc.indexOf('<w:tag w:val="qe:pe-eps:missions"/>')));
    expect(apresMissions.indexOf("Note de la directrice")).toBeLessThan(apresMissions.indexOf("<w:sdt>"));
    expect(await regionsDocx(octets)).toEqual(await regionsDocx(new Uint8Array(readFileSync(chemin))));
    expect(await lireReponsesDocx(octets)).toMatchObject({ sections: { missions: { champs: { missions: "Missions révisées en comité de direction." } } } });
    await page.getByRole("button", { name: "Partir d'un nouveau document" }).click();
    await page.getByTestId("docx-continue").waitFor({ state: "detached" });
    // Each (re)load asks for office.js on Microsoft's CDN (it fails here: no internet); nothing else leaves.
  expect(sorties.filter((u) => u !== URL_OFFICE_JS)).toEqual([]);
    expect(erreurs).toEqual([]);
    await fermer();
  }
});
