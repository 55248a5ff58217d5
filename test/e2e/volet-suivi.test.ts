/**
 * The « Suivi » tab of the Excel pane in file mode (Chromium): a follow-up workbook written by
 * `qualite suivi init`, with a late action and an indicator behind its path; the tab shows them
 * first, takes this semester's values, and the downloaded workbook holds them. Screenshots at
 * 350 px in French and Arabic go to $QUALITE_CAPTURES (default: the temporary folder).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { executer } from "../../src/cli/main";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS } from "../../src/core/suivi/classeur";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { suiviDuClasseur } from "../../src/hosts/xlsx/suivi";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();
const dossier = mkdtempSync(join(tmpdir(), "qualite-volet-suivi-"));
const captures = process.env.QUALITE_CAPTURES ?? dossier;
let classeur: Uint8Array;

function colonnes(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => m.set(String(c.value), i));
  return m;
}

beforeAll(async () => {
  const pe = join(dossier, "pe.json");
  writeFileSync(pe, JSON.stringify(exemple));
  const out = join(dossier, "suivi.xlsx");
  let sortie = "";
  const code = await executer(["suivi", "init", "--pe", pe, "-o", out, "-p", "2026-S2"], { out: (s) => (sortie += s), err: (s) => (sortie += s) });
  if (code !== 0) throw new Error(sortie);
  const wb = await enExcelJS(new Uint8Array(readFileSync(out)));
  const wi = wb.getWorksheet(FEUILLE_INDICATEURS)!;
  const ci = colonnes(wi);
  const ligne = [...Array(15).keys()].map((r) => wi.getRow(r + 2)).find((r) => r.getCell(ci.get("Id")!).value === "PP-AJOUR")!;
  // 40 % → 100 % from 2025-S2 to 2027-S2; still 45 % in 2026-S2: behind its path.
  ligne.getCell(ci.get("Base")!).value = 40;
  ligne.getCell(ci.get("2026-S2")!).value = 45;
  const wa = wb.getWorksheet(FEUILLE_ACTIONS)!;
  const ca = colonnes(wa);
  wa.getRow(3).getCell(ca.get("Échéance")!).value = new Date(Date.UTC(2026, 8, 30));
  wa.getRow(3).getCell(ca.get("Motif du retard, commentaire")!).value = "Formateur absent";
  classeur = await octetsExcelJS(wb);
}, 60_000);

async function ouvrir(locale: string) {
  const { contexte } = await contexteHorsLigne(volets.navigateur, locale);
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.setViewportSize({ width: 350, height: 900 });
  await page.goto(`${volets.url}/excel.html`);
  await page.getByTestId("entree-xlsx").setInputFiles({ name: "suivi.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(classeur) });
  return { page, contexte, erreurs };
}

describe("onglet Suivi du volet Excel (mode fichier, Chromium)", () => {
  it("montre d'abord les retards, prend les valeurs du semestre et les garde dans le classeur téléchargé", async () => {
    const { page, contexte, erreurs } = await ouvrir("fr-FR");
    await page.getByText("Classeur : suivi.xlsx").waitFor({ timeout: 20_000 });
    await page.getByRole("tab", { name: "Suivi" }).click();
    await page.getByText("Actions en retard (1)").waitFor({ timeout: 20_000 });
    await page.getByTestId("suivi-actions-retard").getByText("calendrier des révisions").waitFor();
    await page.getByTestId("suivi-actions-retard").getByText(/30 septembre 2026\u2069 · Chef de service · Formateur absent/).waitFor();
    await page.getByTestId("suivi-indicateurs-retard").getByText("Part des enfants dont le projet personnalisé a été revu depuis moins d'un an").waitFor();
    // Late items come before the form.
    const [yRetards, yValeurs] = await Promise.all([page.getByText("Actions en retard (1)").boundingBox(), page.getByText(/Valeurs du semestre/).boundingBox()]);
    expect(yRetards!.y).toBeLessThan(yValeurs!.y);
    expect(await page.getByTestId("valeur-PP-AJOUR").inputValue()).toBe("45");
    await page.screenshot({ path: join(captures, "volet-suivi-fr.png"), fullPage: false });

    await page.getByTestId("valeur-BEN-ENF").fill("environ 90");
    await page.getByText("Un nombre, par exemple 12 ou 12,5.").waitFor();
    expect(await page.getByRole("button", { name: "Enregistrer les valeurs" }).isDisabled()).toBe(true);
    await page.getByTestId("valeur-BEN-ENF").fill("92,5");
    await page.getByTestId("valeur-PP-AJOUR").fill("");
    await page.getByRole("button", { name: "Enregistrer les valeurs" }).click();
    await page.getByText(/2 valeurs enregistrées pour \u20662026-S2\u2069/).waitFor();
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Télécharger/ }).click()]);
    const relu = (await suiviDuClasseur(await ouvrirClasseur(new Uint8Array(readFileSync((await dl.path())!)), "suivi.xlsx")))!;
    expect(relu.indicateurs.find((i) => i.id === "BEN-ENF")!.valeurs).toEqual({ "2026-S2": 92.5 });
    expect(relu.indicateurs.find((i) => i.id === "PP-AJOUR")!.valeurs).toEqual({});
    expect(relu.indicateurs.find((i) => i.id === "PP-AJOUR")!.base.valeur).toBe(40);
    expect(relu.actions.find((a) => a.id === "O1-A2")!.motif).toBe("Formateur absent");
    expect(erreurs).toEqual([]);
    await contexte.close();
  });

  it("en arabe : l'onglet s'affiche de droite à gauche sans erreur", async () => {
    const { page, contexte, erreurs } = await ouvrir("ar-MA");
    await page.getByRole("tab", { name: "التتبع" }).click({ timeout: 20_000 });
    await page.getByText("إجراءات متأخرة (1)").waitFor({ timeout: 20_000 });
    // Indicators in Arabic where the set has their Arabic label.
    await page.getByTestId("suivi-indicateurs-retard").getByText("نسبة الأطفال الذين رُوجع مشروعهم الشخصي منذ أقل من سنة").waitFor();
    expect(await page.evaluate(() => document.documentElement.dir || document.body.dir || getComputedStyle(document.body).direction)).toBe("rtl");
    await page.screenshot({ path: join(captures, "volet-suivi-ar.png"), fullPage: false });
    expect(erreurs).toEqual([]);
    await contexte.close();
  });
});
