/** `qualite suivi init`: written from a PE and a grid, regenerated without losing a typed value, refusing what it must. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { suiviDuClasseur } from "../../src/hosts/xlsx/suivi";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_TDB, FEUILLES_SUIVI } from "../../src/core/suivi/classeur";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dossier = mkdtempSync(join(tmpdir(), "qualite-suivi-"));
const pe = join(dossier, "pe.docx");
const grille = join(dossier, "grille.xlsx");

beforeAll(async () => {
  expect((await lancer("pe", "-r", join(__dirname, "../../templates/documents/exemples/pe-eps-reponses.json"), "-o", pe)).code).toBe(0);
  expect((await lancer("inject", "-r", "eps-maroc", "-o", grille, "-e", "EPS d'essai", "-p", "2026-S1")).code).toBe(0);
}, 60_000);

describe("qualite suivi init", () => {
  test("écrit le classeur, puis le régénère en gardant chaque valeur saisie et les lignes ajoutées", async () => {
    const out = join(dossier, "suivi.xlsx");
    const r = await lancer("suivi", "init", "--pe", pe, "--evaluation", grille, "-o", out, "-p", "2026-S2");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/Suivi de Village d'enfants d'Aïn Sebaâ \(exemple fictif\) : 2 objectifs, 2 actions .*11 indicateurs, semestres 2026-S1 à 2030-S2, tableau de bord au semestre 2026-S2\.\nÉcrit : /);
    const c = await ouvrirClasseur(readFileSync(out), "suivi.xlsx");
    expect(c.etat.feuilles).toEqual(FEUILLES_SUIVI);

    // The user types values, closes an action, adds an indicator and an action by hand.
    const wb = await enExcelJS(c);
    const wi = wb.getWorksheet(FEUILLE_INDICATEURS)!;
    const col = (ws: typeof wi, nom: string) => {
      let k = 0;
      ws.getRow(1).eachCell((cell, i) => {
        if (cell.value === nom) k = i;
      });
      return k;
    };
    wi.getRow(2).getCell(col(wi, "2026-S1")).value = 87;
    wi.getRow(2).getCell(col(wi, "Cible")).value = 120;
    wi.getRow(13).getCell(col(wi, "Id")).value = "MON-IND";
    wi.getRow(13).getCell(col(wi, "Objectif")).value = "O1";
    wi.getRow(13).getCell(col(wi, "Indicateur")).value = "Sorties accompagnées";
    wi.getRow(13).getCell(col(wi, "2026-S2")).value = 4;
    const wa = wb.getWorksheet(FEUILLE_ACTIONS)!;
    wa.getRow(2).getCell(col(wa, "Statut")).value = "Fait";
    wa.getRow(2).getCell(col(wa, "Motif du retard, commentaire")).value = "Formation faite en mars";
    wa.getRow(4).getCell(col(wa, "Objectif")).value = "O1";
    wa.getRow(4).getCell(col(wa, "Action")).value = "Afficher la charte des droits";
    writeFileSync(out, await octetsExcelJS(wb));

    const r2 = await lancer("suivi", "init", "--pe", pe, "--evaluation", grille, "-o", out, "-p", "2027-S1");
    expect(r2.code).toBe(0);
    expect(r2.out).toContain("Classeur existant mis à jour : 12 indicateurs et 3 actions gardés tels que saisis.");
    const s = (await suiviDuClasseur(await ouvrirClasseur(readFileSync(out), "suivi.xlsx")))!;
    expect(s.indicateurs[0]).toMatchObject({ id: "BEN-ENF", valeurs: { "2026-S1": 87 }, cible: { valeur: 120 } });
    expect(s.indicateurs.find((i) => i.id === "MON-IND")).toMatchObject({ objectif: "O1", libelle: "Sorties accompagnées", valeurs: { "2026-S2": 4 } });
    expect(s.actions[0]).toMatchObject({ id: "O1-A1", statut: "Fait", motif: "Formation faite en mars" });
    expect(s.actions.find((a) => a.libelle === "Afficher la charte des droits")).toMatchObject({ id: "M1", origine: "Ajout manuel", objectif: "O1" });
    const tdb = (await enExcelJS(new Uint8Array(readFileSync(out)))).getWorksheet(FEUILLE_TDB)!;
    expect(tdb.getCell("B3").value).toBe("2027-S1");
  }, 60_000);

  test("le suivi peut vivre dans le classeur d'évaluation lui-même : la grille reste", async () => {
    const meme = join(dossier, "grille-et-suivi.xlsx");
    writeFileSync(meme, readFileSync(grille));
    const r = await lancer("suivi", "init", "--pe", pe, "--evaluation", meme, "-o", meme, "-p", "2026-S1");
    expect(r.code).toBe(0);
    const c = await ouvrirClasseur(readFileSync(meme), "grille-et-suivi.xlsx");
    expect(c.etat.grille).not.toBeNull();
    expect(c.etat.feuilles).toEqual(expect.arrayContaining(["Grille qualité", ...FEUILLES_SUIVI]));
    expect(await suiviDuClasseur(c)).not.toBeNull();
  }, 60_000);

  test("refuse un classeur qui n'est pas le sien, un texte dans une valeur, un semestre mal écrit, sans rien modifier", async () => {
    const autre = join(dossier, "budget.xlsx");
    const wb = await enExcelJS(readFileSync(grille));
    const vide = new (wb.constructor as typeof import("exceljs").Workbook)();
    vide.addWorksheet("Budget").getCell("A1").value = "à garder";
    writeFileSync(autre, await octetsExcelJS(vide));
    const avant = readFileSync(autre);
    const r = await lancer("suivi", "init", "--pe", pe, "-o", autre);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/budget\.xlsx existe et n'est pas un classeur de suivi ou d'évaluation écrit par Qualité EPS : il ne sera pas remplacé/);
    expect(readFileSync(autre).equals(avant)).toBe(true);

    const out = join(dossier, "texte.xlsx");
    expect((await lancer("suivi", "init", "--pe", pe, "-o", out, "-p", "2026-S1")).code).toBe(0);
    const w = await enExcelJS(readFileSync(out));
    const wi = w.getWorksheet(FEUILLE_INDICATEURS)!;
    let k = 0;
    wi.getRow(1).eachCell((cell, i) => {
      if (cell.value === "2026-S2") k = i;
    });
    wi.getRow(3).getCell(k).value = "environ 40";
    writeFileSync(out, await octetsExcelJS(w));
    const avant2 = readFileSync(out);
    const r2 = await lancer("suivi", "init", "--pe", pe, "-o", out);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain("des valeurs d'indicateurs ne sont pas des nombres");
    expect(r2.err).toMatch(/feuille « Indicateurs », cellule [A-Z]+3 \(indicateur BEN-PRF, 2026-S2\) : « environ 40 » n'est pas un nombre/);
    expect(readFileSync(out).equals(avant2)).toBe(true);

    const r3 = await lancer("suivi", "init", "--pe", pe, "-o", join(dossier, "x.xlsx"), "-p", "2026-S3");
    expect(r3.code).toBe(1);
    expect(r3.err).toContain("Semestre « 2026-S3 » invalide : attendu la forme 2026-S1 ou 2026-S2.");
    expect(existsSync(join(dossier, "x.xlsx"))).toBe(false);
    const r4 = await lancer("suivi", "init", "--pe", grille, "-o", join(dossier, "y.xlsx"));
    expect(r4.code).toBe(1);
    expect(r4.err).toMatch(/^Erreur : /);
  }, 60_000);
});
