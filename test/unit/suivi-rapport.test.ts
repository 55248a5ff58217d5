/**
 * Two semesters of values typed in the follow-up workbook, a second assessment campaign, then
 * `qualite suivi rapport`: the report gives progress, trends, late actions with their reasons and
 * the score changes since the previous campaign.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { executer } from "../../src/cli/main";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS } from "../../src/core/suivi/classeur";
import { flecheTendance, nomSemestre, planifierRapportSemestriel } from "../../src/core/suivi/rapport";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirFichier } from "../helpers/remplir";
import { texteDocx } from "../helpers/docx-texte";

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function colonnes(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => m.set(String(c.value), i));
  return m;
}

const dossier = mkdtempSync(join(tmpdir(), "qualite-rapport-"));

describe("rapport semestriel", () => {
  test("noms de semestre et flèches de tendance", () => {
    expect(nomSemestre("2026-S2")).toBe("second semestre 2026 (1er juillet – 31 décembre 2026)");
    expect(flecheTendance({ sens: "baisse" }, { valeur: 3, precedente: 5 })).toBe("↓ mieux");
    expect(flecheTendance({ sens: "hausse" }, { valeur: 3, precedente: 5 })).toBe("↓ moins bien");
    expect(flecheTendance({ sens: "hausse" }, { valeur: 5, precedente: 5 })).toBe("→ stable");
    expect(flecheTendance({ sens: "hausse" }, { valeur: 5, precedente: null })).toBe("—");
  });

  test("deux semestres saisis, deux campagnes : progression, actions en retard avec motif, écarts de scores", async () => {
    const pe = join(dossier, "pe.docx");
    expect((await lancer("pe", "-r", join(__dirname, "../../templates/documents/exemples/pe-eps-reponses.json"), "-o", pe)).code).toBe(0);
    const grilles = [join(dossier, "g1.xlsx"), join(dossier, "g2.xlsx")];
    for (const [k, g] of grilles.entries()) {
      expect((await lancer("inject", "-r", "eps-maroc", "-o", g, "-e", "EPS d'essai", "-p", k ? "2027-S1" : "2026-S1")).code).toBe(0);
      await remplirFichier(g, g, Array.from({ length: 154 }, (_, i) => [k && i < 20 ? 4 : i % 3 ? 3 : 2]));
    }
    const suivi = join(dossier, "suivi.xlsx");
    expect((await lancer("suivi", "init", "--pe", pe, "--evaluation", grilles[0]!, "-o", suivi, "-p", "2026-S2")).code).toBe(0);

    const wb = await enExcelJS(new Uint8Array(readFileSync(suivi)));
    const wi = wb.getWorksheet(FEUILLE_INDICATEURS)!;
    const ci = colonnes(wi);
    // PP-AJOUR: base 40 (2025-S2) → target 100 (2027-S2); 45 then 50 in 2026-S2: 17 % of the way at half the time → late.
    const ligne = (id: string) => [...Array(20).keys()].map((k) => wi.getRow(k + 2)).find((r) => r.getCell(ci.get("Id")!).value === id)!;
    const saisir = (id: string, v: Record<string, ExcelJS.CellValue>) => Object.entries(v).forEach(([k, x]) => (ligne(id).getCell(ci.get(k)!).value = x));
    saisir("PP-AJOUR", { Base: 40, "2026-S1": 45, "2026-S2": 50 });
    saisir("FUGUES", { Base: 12, Cible: 4, "2026-S1": 10, "2026-S2": 6 });
    saisir("BEN-ENF", { Base: 90, Cible: 96, "2026-S1": 92, "2026-S2": 96 });
    const wa = wb.getWorksheet(FEUILLE_ACTIONS)!;
    const ca = colonnes(wa);
    const action = (r: number, v: Record<string, ExcelJS.CellValue>) => Object.entries(v).forEach(([k, x]) => (wa.getRow(r).getCell(ca.get(k)!).value = x));
    action(2, { Statut: "Fait", "Clôturée le": new Date(Date.UTC(2026, 9, 1)) });
    action(3, { Statut: "En cours", Échéance: new Date(Date.UTC(2026, 8, 30)), "Motif du retard, commentaire": "Formateur indisponible jusqu'en janvier" });
    action(4, { Statut: "À faire", Échéance: new Date(Date.UTC(2026, 10, 15)) });
    writeFileSync(suivi, await octetsExcelJS(wb));
    // The second campaign comes in by regenerating with the new grid.
    expect((await lancer("suivi", "init", "--pe", pe, "--evaluation", grilles[1]!, "-o", suivi, "-p", "2026-S2")).code).toBe(0);

    const rapport = join(dossier, "rapport.docx");
    const r = await lancer("suivi", "rapport", suivi, "--periode", "2026-S2", "-o", rapport, "--organisme", "Association d'essai");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Rapport semestriel 2026-S2 de Village d'enfants d'Aïn Sebaâ \(exemple fictif\) : 7 sections/);
    expect(r.err).toContain("sans motif");
    const t = await texteDocx(readFileSync(rapport));
    expect(t).toContain("Rapport semestriel de suivi");
    expect(t).toContain("second semestre 2026 (1er juillet – 31 décembre 2026)");
    expect(t).toMatch(/Part des enfants dont le projet personnalisé a été revu depuis moins d'un an \| 40 % \(2025-S2\) \| 100 % \(2027-S2\) \| 50 % \| ↑ mieux \| 17 % · en retard \|/);
    expect(t).toMatch(/Fugues et absences non autorisées pendant le semestre \| 12 fugues \(2025-S2\) \| 4 fugues \(2030-S2\) \| 6 fugues \| ↓ mieux \| 75 % · en avance \|/);
    expect(t).toMatch(/Enfants et jeunes accompagnés par l'établissement \| .* \| 96 personnes \| ↑ mieux \| 100 % · atteint \|/);
    expect(t).toMatch(/Actions faites ce semestre \(1\)\nAction \| Objectif \| Responsable \| Clôturée le \| \nFormer les éducateurs \| O1 \| Chef de service \| 1er octobre 2026 \|/);
    expect(t).toMatch(/Actions en retard \(\d+\)/);
    expect(t).toContain("calendrier des révisions | Chef de service | 30 septembre 2026 | En cours | Formateur indisponible jusqu'en janvier |");
    expect(t).toMatch(/Entre la campagne 2026-S1 et la campagne 2027-S1, le score global passe de [\d,]+ à [\d,]+ \(\+[\d,]+\)/);
    expect(t).toContain("Annexe : sources de vérification");
    expect(t).toContain("Registre des plaintes et réclamations (date de réception, date de réponse) | semestrielle | Direction |");

    // An existing file that is not a semester report is not replaced.
    const r2 = await lancer("suivi", "rapport", suivi, "-o", pe);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain("n'est pas un rapport semestriel écrit par Qualité EPS");
    // Without --periode: the dashboard's semester.
    expect((await lancer("suivi", "rapport", suivi, "-o", rapport)).out).toMatch(/^Rapport semestriel 2026-S2 /);
  }, 120_000);

  test("sans valeur ni campagne : le rapport le dit au lieu d'inventer", () => {
    const plan = planifierRapportSemestriel(
      { etablissement: "", debut: 2026, fin: 2030, objectifs: [{ id: "O1", libelle: "o", echeance: null, responsable: "" }], actions: [], indicateurs: [], campagnes: [] },
      "2026-S1",
      { maintenant: "2026-07-02" },
    );
    const texte = JSON.stringify(plan.regions);
    expect(texte).toContain("Aucune campagne d'évaluation n'est enregistrée");
    expect(texte).toContain("Aucune action n'a été clôturée pendant le semestre.");
  });
});
