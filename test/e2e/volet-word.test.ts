/**
 * The Word pane in file mode, in Debian's Chromium: fill the questionnaire section by section,
 * download the .docx, check its tagged sections, fields and saved answers.
 */
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { lireReponsesDocx, regionsDocx } from "../../src/hosts/docx/document";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(90_000);
const volets = voletsServis();

it("remplit le projet d'établissement section par section et télécharge un .docx complet, sans requête externe", async () => {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.goto(`${volets.url}/word.html`);
  await page.getByText("Mode fichier : Word n'est pas détecté").waitFor({ timeout: 20_000 });
  await page.getByLabel("Nom de l'établissement *").fill("EPS Al Amal");
  await page.getByLabel("Organisme gestionnaire (association) *").fill("Association Enfance Maroc");
  await page.getByLabel("Première année du projet *").fill("2026");
  await page.getByLabel("Dernière année du projet (cinq ans au plus) *").fill("2030");
  // The PRF section is out of scope until the establishment runs a programme.
  const prf = page.getByTestId("plan").getByRole("button", { name: "Programme de renforcement familial" });
  expect(await prf.isDisabled()).toBe(true);
  await page.getByTestId("plan").getByRole("button", { name: "Histoire et identité" }).click();
  await page.getByText("Racontez d'où vient l'établissement").waitFor();
  await page.getByLabel("Histoire de l'établissement *").fill("Ouvert en 2001 dans le quartier Hay Hassani.");
  await page.getByLabel("Année de création").fill("2001");
  await page.getByRole("button", { name: "← Toutes les sections" }).click();
  const etat = page.getByTestId("plan").locator("li", { hasText: "Histoire et identité" });
  expect(await etat.textContent()).toContain("prête");
  await page.getByTestId("plan").getByRole("button", { name: "Partenariats et réseau territorial" }).click();
  await page.getByRole("button", { name: "+ Ajouter une ligne" }).click();
  await page.getByLabel("Partenaire 1").fill("Hôpital d'enfants");
  await page.getByLabel("Domaine 1").fill("Santé");
  const [telechargement] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Assembler et télécharger le .docx" }).click()]);
  await page.getByText(/téléchargé : 13 sections/).waitFor();
  const octets = new Uint8Array(readFileSync((await telechargement.path())!));
  expect(telechargement.suggestedFilename()).toBe("pe-eps-eps-al-amal.docx");
  const regions = await regionsDocx(octets);
  expect(regions).toContain("qe:pe-eps:identite");
  expect(regions).not.toContain("qe:pe-eps:prf");
  const xml = await (await JSZip.loadAsync(octets)).file("word/document.xml")!.async("string");
  expect(xml).toContain("Ce projet est celui de l&apos;établissement EPS Al Amal, dont l&apos;organisme gestionnaire est Association Enfance Maroc. Il couvre les années 2026 à 2030.");
  expect(xml).toContain("Ouvert en 2001 dans le quartier Hay Hassani.");
  expect(xml).toContain("Hôpital d&apos;enfants");
  expect(await lireReponsesDocx(octets)).toMatchObject({ modele: "pe-eps", variables: { etablissement: "EPS Al Amal", debut: 2026 } });
  // The only address off this machine: office.js on Microsoft's CDN (it fails here: no internet).
    expect(sorties).toEqual([URL_OFFICE_JS]);
  expect(erreurs).toEqual([]);
  await contexte.close();
});
