/**
 * The follow-up workbook's live formulas, recalculated by LibreOffice, give the core's figures
 * on seeded random values: each indicator's progress and status, the status counts, the actions
 * done and late, each objective's progress. The workbook is written by `qualite suivi init` from
 * the example PE and a randomly filled grid (its drafted improvement plan gives actions); the
 * values are typed as a user would (ExcelJS), free rows included.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import { executer } from "../../src/cli/main";
import { ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { suiviDuClasseur } from "../../src/hosts/xlsx/suivi";
import { tableauDeBord, STATUTS_INDICATEUR, semestreDIndex } from "../../src/core/suivi/calculs";
import { dispositionTdb, FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_TDB } from "../../src/core/suivi/classeur";
import { bornesPlage, type Valeur } from "../../src/core/workbook-plan";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";
import { remplirFichier } from "../helpers/remplir";

jest.setTimeout(600_000);
const GRAINE = 20261125;
const dossier = mkdtempSync(join(tmpdir(), "qualite-suivi-lo-"));

async function lancer(...args: string[]): Promise<string> {
  let sortie = "";
  const code = await executer(args, { out: (s) => (sortie += s), err: (s) => (sortie += s) });
  if (code !== 0) throw new Error(sortie);
  return sortie;
}

const saisie = (nIndicateurs: number, nActions: number, nPeriodes: number) =>
  fc.record({
    k: fc.integer({ min: 0, max: nPeriodes - 1 }),
    indicateurs: fc.array(
      fc.record({
        base: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null, freq: 8 }),
        ecart: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
        sens: fc.constantFrom("hausse" as const, "baisse" as const),
        kb: fc.integer({ min: 4051, max: 4054 }),
        duree: fc.integer({ min: -1, max: 10 }),
        abandonne: fc.boolean().map((b) => b && Math.random() < 0.3),
        valeurs: fc.array(fc.option(fc.integer({ min: -10, max: 130 }), { nil: null }), { minLength: nPeriodes, maxLength: nPeriodes }),
      }),
      { minLength: nIndicateurs, maxLength: nIndicateurs },
    ),
    actions: fc.array(fc.record({ statut: fc.constantFrom("À faire", "En cours", "Fait", "Abandonné", ""), echeance: fc.option(fc.integer({ min: 46023, max: 47118 }), { nil: null }) }), { minLength: nActions, maxLength: nActions }),
  });

/** Column index (0-based) of each header of row 1. */
function entetes(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => m.set(String(c.value), i - 1));
  return m;
}

describe("classeur de suivi recalculé par LibreOffice", () => {
  test("tableau de bord et indicateurs égaux aux chiffres du cœur (valeurs aléatoires)", async () => {
    const pe = join(dossier, "pe.docx");
    await lancer("pe", "-r", join(__dirname, "../../templates/documents/exemples/pe-eps-reponses.json"), "-o", pe);
    const grille = join(dossier, "grille.xlsx");
    await lancer("inject", "-r", "eps-maroc", "-o", grille, "-e", "EPS d'essai", "-p", "2026-S1");
    const rempli = join(dossier, "grille-remplie.xlsx");
    const notes = fc.sample(fc.constantFrom(1, 2, 3, 4, null), { seed: GRAINE, numRuns: 154 });
    await remplirFichier(grille, rempli, notes.map((n) => [n]));
    const suivi = join(dossier, "suivi.xlsx");
    expect(await lancer("suivi", "init", "--pe", pe, "--evaluation", rempli, "-o", suivi, "-p", "2026-S2")).toMatch(/actions \(dont [1-9]\d* du plan d'amélioration, ébauché depuis la grille\)/);

    const base = await ouvrirClasseur(readFileSync(suivi), "suivi.xlsx");
    const s0 = (await suiviDuClasseur(base))!;
    const nI = s0.indicateurs.length + 1; // + one indicator typed in a free row
    const nA = s0.actions.length + 1;
    const fichiers: string[] = [];
    const attendus: { nom: string; t: ReturnType<typeof tableauDeBord>; periode: string }[] = [];
    const cas = fc.sample(saisie(nI, nA, 10), { seed: GRAINE, numRuns: 4 });
    for (const [n, c] of cas.entries()) {
      const wb = await enExcelJS(base);
      const wi = wb.getWorksheet(FEUILLE_INDICATEURS)!;
      const h = entetes(wi);
      const periodes = [...h.keys()].filter((k) => /^\d{4}-S[12]$/.test(k));
      c.indicateurs.forEach((x, i) => {
        const r = wi.getRow(i + 2);
        const set = (col: string, v: ExcelJS.CellValue) => (r.getCell(h.get(col)! + 1).value = v);
        if (i === nI - 1) {
          set("Id", "X-LIBRE");
          set("Objectif", "O1");
          set("Indicateur", "Indicateur ajouté à la main");
        }
        set("Sens", x.sens);
        set("Base", x.base);
        set("Cible", x.base === null ? null : x.sens === "hausse" ? x.base + x.ecart : x.base - x.ecart);
        set("Semestre de base", semestreDIndex(x.kb));
        set("Semestre cible", semestreDIndex(x.kb + x.duree));
        set("Abandonné", x.abandonne ? "oui" : "non");
        periodes.forEach((p, k) => set(p, x.valeurs[k] ?? null));
      });
      const wa = wb.getWorksheet(FEUILLE_ACTIONS)!;
      const ha = entetes(wa);
      c.actions.forEach((x, i) => {
        const r = wa.getRow(i + 2);
        if (i === nA - 1) r.getCell(ha.get("Action")! + 1).value = "Action écrite à la main";
        r.getCell(ha.get("Statut")! + 1).value = x.statut || null;
        r.getCell(ha.get("Échéance")! + 1).value = x.echeance === null ? null : new Date((x.echeance - 25569) * 86_400_000);
      });
      const periode = periodes[c.k]!;
      wb.getWorksheet(FEUILLE_TDB)!.getCell("B3").value = periode;
      const fichier = join(dossier, `cas-${n}.xlsx`);
      writeFileSync(fichier, await octetsExcelJS(wb));
      fichiers.push(fichier);
      const s = (await suiviDuClasseur(await ouvrirClasseur(readFileSync(fichier), basename(fichier))))!;
      expect(s.indicateurs).toHaveLength(nI);
      expect(s.actions).toHaveLength(nA);
      attendus.push({ nom: basename(fichier), t: tableauDeBord(s, periode), periode });
    }
    // The cases cover every status but « non renseigné » alone.
    const vus = new Set(attendus.flatMap((a) => a.t.indicateurs.map((e) => e.statut)));
    expect([...vus].sort()).toEqual([...STATUTS_INDICATEUR].sort());
    expect(attendus.some((a) => a.t.actions.enRetard > 0 && a.t.actions.faites > 0)).toBe(true);

    await convertir(profilLibreOffice(), fichiers, "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
    for (const a of attendus) {
      const lo = await ouvrirClasseur(readFileSync(join(dossier, "lo", a.nom)), a.nom);
      const tdb = (await valeursFeuille(lo, FEUILLE_TDB))!;
      const ind = (await valeursFeuille(lo, FEUILLE_INDICATEURS))!;
      const s = (await suiviDuClasseur(lo))!;
      const cellule = (v: Valeur[][], a1: string) => {
        const b = bornesPlage(a1);
        return v[b.l0]?.[b.c0] ?? null;
      };
      const d = dispositionTdb(s);
      const nombre = (v: Valeur) => (v === "" || v === null ? null : Number(v));
      const h = ind[0]!.map(String);
      a.t.indicateurs.forEach((e, i) => {
        const l = ind[i + 1]!;
        expect([a.nom, e.id, l[h.indexOf("Statut")]]).toEqual([a.nom, e.id, e.statut]);
        const p = nombre(l[h.indexOf("Progression")] ?? null);
        if (e.progression === null) expect(p).toBeNull();
        else expect(Math.abs(p! - e.progression)).toBeLessThan(1e-9);
        expect(nombre(l[h.indexOf("Dernière valeur")] ?? null)).toBe(e.valeur);
      });
      for (const st of STATUTS_INDICATEUR) expect([a.nom, st, nombre(cellule(tdb, d.statuts[st]))]).toEqual([a.nom, st, a.t.statuts[st]]);
      expect({ total: cellule(tdb, d.actions.total), faites: cellule(tdb, d.actions.faites), enRetard: cellule(tdb, d.actions.enRetard), abandonnees: cellule(tdb, d.actions.abandonnees) }).toEqual(a.t.actions);
      for (const o of d.objectifs) {
        const attendu = a.t.objectifs.find((x) => x.id === o.id)!.progression;
        const lu = nombre(cellule(tdb, o.cellule));
        if (attendu === null) expect([o.id, lu]).toEqual([o.id, null]);
        else expect(Math.abs(lu! - attendu)).toBeLessThan(1e-9);
      }
    }
  });
});
