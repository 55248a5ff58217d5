/**
 * The « Enquêtes » tab of the Excel pane in file mode (Chromium, no network): questionnaire and
 * answer workbook downloaded and valid, a filled workbook read back to the same results as the
 * core, the results document downloaded; in French and in Arabic at 350 px. Needs `npm run build`.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { colonnesReponses, FEUILLE_REPONSES } from "../../src/core/enquetes/classeur";
import { questionnaireLivre } from "../../src/core/enquetes/catalogue";
import { lireClasseurEnquete } from "../../src/hosts/xlsx/enquete";
import { modeleDuDocx, lireReponsesDocx } from "../../src/hosts/docx/document";
import { calculerResultats } from "../../src/core/enquetes/resultats";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();

async function ouvrirVolet() {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, "fr-FR");
  const page = await contexte.newPage();
  const erreursConsole: string[] = [];
  page.on("pageerror", (e) => erreursConsole.push(e.message));
  await page.setViewportSize({ width: 350, height: 1000 });
  await page.goto(`${volets.url}/excel.html`);
  await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
  await page.getByRole("tab", { name: "Enquêtes" }).click();
  await page.getByText("Recueillez l'avis des enfants").waitFor({ timeout: 20_000 });
  return { page, contexte, sorties, erreursConsole };
}

async function telechargement(page: Page, bouton: string): Promise<{ nom: string; octets: Uint8Array }> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: bouton }).click()]);
  return { nom: dl.suggestedFilename(), octets: new Uint8Array(readFileSync((await dl.path())!)) };
}

describe("onglet Enquêtes du volet Excel (mode fichier, Chromium)", () => {
  it("télécharge questionnaire et classeur, lit un classeur rempli, télécharge les résultats, sans requête externe", async () => {
    const { page, contexte, sorties, erreursConsole } = await ouvrirVolet();
    await page.getByTestId("modele-enquete").selectOption("adolescents");
    await page.getByText(/« Ton avis sur ton accompagnement » : 17 questions/).waitFor();
    await page.getByRole("radio", { name: "العربية" }).check();
    const q = await telechargement(page, "Questionnaire à imprimer (.docx)");
    expect(q.nom).toBe("questionnaire-adolescents-ar.docx");
    expect(await lireReponsesDocx(q.octets)).toMatchObject({ modele: "questionnaire-enquete", variables: { questionnaire: "adolescents", langue: "ar" } });
    await page.getByLabel("Établissement").fill("EPS Fès");
    await page.getByLabel("Période").fill("2026-s2");
    const c = await telechargement(page, "Classeur de réponses (.xlsx)");
    expect(c.nom).toBe("reponses-adolescents-2026-S2.xlsx");

    // Filled in a spreadsheet (ExcelJS stands for it): 6 teenagers.
    const qn = questionnaireLivre("adolescents");
    const wb = await enExcelJS(c.octets);
    const ws = wb.getWorksheet(FEUILLE_REPONSES)!;
    const cols = colonnesReponses(qn);
    for (let r = 0; r < 6; r++) qn.questions.forEach((x, j) => (ws.getCell(`${cols.question.get(x.id)}${r + 2}`).value = x.type === "texte" ? null : qn.echelle[(r + j) % 4]!.code));
    const rempli = await octetsExcelJS(wb);
    await page.getByTestId("entree-enquete").setInputFiles({ name: "reponses-adolescents.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(rempli) });
    await page.getByText("6 répondants.", { exact: false }).waitFor();
    const lu = await lireClasseurEnquete(rempli, "x.xlsx");
    expect(lu).toMatchObject({ etablissement: "EPS Fès", periode: "2026-S2" });
    const attendu = calculerResultats(lu.questionnaire, lu.reponses, { seuil: lu.seuil, periode: lu.periode });
    expect(attendu.criteres[0]!.reference).toBe("ENQ-adolescents-2026-S2-C1.1.3");
    const lignes = await page.getByTestId("indices-criteres").locator("li").allInnerTexts();
    expect(lignes).toHaveLength(attendu.criteres.length);
    expect(lignes[0]).toBe(`${attendu.criteres[0]!.id} ${attendu.criteres[0]!.indice!.toFixed(1).replace(".", ",")} ${attendu.criteres[0]!.reference}`);
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-enquetes-fr.png`, fullPage: true });
    const res = await telechargement(page, "Télécharger les résultats (.docx)");
    expect(res.nom).toBe("resultats-adolescents-2026-S2.docx");
    expect(await modeleDuDocx(res.octets)).toBe("resultats-enquete");
    expect(sorties).toEqual([URL_OFFICE_JS]);
    expect(erreursConsole).toEqual([]);

    await page.getByRole("button", { name: "العربية" }).first().click();
    await page.getByText("اجمعوا آراء الأطفال والأسر").waitFor();
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-enquetes-ar.png`, fullPage: true });
    await contexte.close();
  });

  it("sous la taille minimale, ne montre aucun chiffre ; un classeur étranger est refusé en français", async () => {
    const { page, contexte } = await ouvrirVolet();
    await page.getByLabel("Période").fill("l'an dernier");
    await page.getByText("Indiquez une année (2026)").waitFor();
    expect(await page.getByRole("button", { name: "Classeur de réponses (.xlsx)" }).isDisabled()).toBe(true);
    await page.getByLabel("Période").fill("2026");
    const c = await telechargement(page, "Classeur de réponses (.xlsx)");
    const qn = questionnaireLivre("enfants-6-11");
    const wb = await enExcelJS(c.octets);
    const ws = wb.getWorksheet(FEUILLE_REPONSES)!;
    for (let r = 0; r < 3; r++) ws.getCell(`${colonnesReponses(qn).question.get("Q01")}${r + 2}`).value = "Oui";
    await page.getByTestId("entree-enquete").setInputFiles({ name: "petit.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(await octetsExcelJS(wb)) });
    await page.getByText(/3 répondants : moins que la taille minimale du groupe \(5\)/).waitFor();
    expect(await page.getByTestId("indices-criteres").count()).toBe(0);
    const autre = await enExcelJS(c.octets);
    autre.removeWorksheet(autre.getWorksheet("QualiteEPS_enquete")!.id);
    await page.getByTestId("entree-enquete").setInputFiles({ name: "autre.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(await octetsExcelJS(autre)) });
    await page.getByText(/autre\.xlsx n'est pas un classeur de réponses d'enquête écrit par Qualité EPS/).waitFor();
    await contexte.close();
  });
});
