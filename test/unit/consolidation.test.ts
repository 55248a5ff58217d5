import { consolider, fichiersEcartes, migrationSure, statistiques, type SourceConsolidation } from "../../src/core/consolidation";
import { planifierConsolidation, FEUILLES_CONSOLIDATION, SIGNATURE_CONSOLIDATION } from "../../src/core/consolidation-plan";
import { referentielLivre } from "../../src/core/catalogue";
import { chargerReferentiel, criteresAplatis, type Referentiel } from "../../src/core/referential";
import type { Evaluation, LigneEvaluee, Note } from "../../src/core/scores";
import type { Valeur } from "../../src/core/workbook-plan";
import eps from "../fixtures/eps-maroc-1.0.0.json";

const ref = chargerReferentiel(eps);
const lignesDe = (r: Referentiel) => criteresAplatis(r).flatMap(({ critere }) => (critere.elements ?? [critere]).map((e) => ({ ref: e.id, critereId: critere.id, imperatif: critere.imperatif })));

/** An establishment where every row scores `note` (imperatives 4 unless told). */
function source(fichier: string, etablissement: string, note: Note, o: { periode?: string; campagne?: string; r?: Referentiel; modifieLe?: string; imperatif1?: string; vides?: number } = {}): SourceConsolidation {
  const r = o.r ?? ref;
  const lignes = new Map(
    lignesDe(r)
      // `vides`: the share of rows left empty (completion under 100 %).
      .filter((_, i, t) => i >= Math.round((o.vides ?? 0) * t.length))
      .map((l, i): [string, LigneEvaluee] => [l.ref, { ref: l.ref, critereId: l.critereId, notes: [l.imperatif ? (l.critereId === o.imperatif1 ? 1 : 4) : note], ligne: i + 2 }]),
  );
  const evaluation: Evaluation = { referentiel: r, evaluateurs: [], lignes, anomalies: [], source: fichier, feuille: "Grille qualité" };
  return { fichier, evaluation, etablissement, periode: o.periode ?? "2026", modifieLe: o.modifieLe ?? "2026-06-01", ...(o.campagne ? { campagne: o.campagne } : {}) };
}

describe("consolidation", () => {
  it("calcule moyennes, dispersion, classement et impératifs manqués par établissement", () => {
    const c = consolider([source("a.xlsx", "EPS Agadir", 2, { imperatif1: "1.1.1" }), source("b.xlsx", "EPS Berkane", 3, { imperatif1: "1.1.1" }), source("c.xlsx", "EPS Casa", 4)]);
    expect(c.referentiel).toMatchObject({ id: "eps-maroc", version: "1.0.0" });
    expect(c.etablissements.map((e) => e.etablissement)).toEqual(["EPS Agadir", "EPS Berkane", "EPS Casa"]);
    expect(c.thematiques).toHaveLength(9);
    expect(c.global.n).toBe(3);
    expect(c.classement.map((r) => [r.rang, r.etablissement])).toEqual([[1, "EPS Casa"], [2, "EPS Berkane"], [3, "EPS Agadir"]]);
    expect(c.imperatifs[0]).toMatchObject({ id: "1.1.1", nonAtteints: 2, etablissements: ["EPS Agadir", "EPS Berkane"] });
    expect(c.fichiers.every((f) => f.statut === "ok")).toBe(true);
  });

  it("écarte un doublon (même établissement, même période) en gardant le plus récent, et le dit", () => {
    const c = consolider([source("ancien.xlsx", "EPS Fès", 2, { modifieLe: "2026-01-01" }), source("recent.xlsx", "eps fès ", 3, { modifieLe: "2026-05-01" })]);
    expect(c.etablissements).toHaveLength(1);
    expect(c.etablissements[0]!.fichier).toBe("recent.xlsx");
    expect(c.fichiers.find((f) => f.fichier === "ancien.xlsx")).toMatchObject({ statut: "doublon", raison: expect.stringMatching(/même établissement et même période que recent\.xlsx/) });
  });

  it("compare avec la période précédente et n'utilise que la dernière pour les moyennes", () => {
    const c = consolider([source("2025.xlsx", "EPS Oujda", 2, { periode: "2025" }), source("2026.xlsx", "EPS Oujda", 3, { periode: "2026" })]);
    expect(c.etablissements.map((e) => e.periode)).toEqual(["2026"]);
    expect(c.progression).toHaveLength(1);
    expect(c.progression[0]!).toMatchObject({ etablissement: "EPS Oujda", avant: "2025", apres: "2026" });
    expect(c.progression[0]!.thematiques.every((t) => t.ecart === null || t.ecart > 0)).toBe(true);
    expect(c.fichiers.find((f) => f.fichier === "2025.xlsx")!.statut).toBe("periode-anterieure");
  });

  it("migre une autre version quand c'est sûr, refuse sinon, et refuse un autre référentiel et un fichier illisible", () => {
    const d = structuredClone(eps) as any;
    d.version = "1.1.0";
    d.chapitres[0].thematiques[0].objectifs[0].criteres.push({ id: "1.1.9", libelle: { fr: "Nouveau critère ajouté en 1.1.0" }, methode: "audit-systeme" });
    const v11 = chargerReferentiel(d);
    const casse = structuredClone(eps) as any;
    casse.version = "0.9.0";
    casse.chapitres[0].thematiques[0].objectifs[0].criteres[1].imperatif = !casse.chapitres[0].thematiques[0].objectifs[0].criteres[1].imperatif;
    const v09 = chargerReferentiel(casse);
    expect(migrationSure(ref, v11)).toMatchObject({ sure: true, absents: 1 });
    expect(migrationSure(v09, v11).sure).toBe(false);
    const c = consolider([
      source("neuf.xlsx", "EPS A", 3, { r: v11 }),
      source("ancien.xlsx", "EPS B", 3),
      source("casse.xlsx", "EPS C", 3, { r: v09 }),
      source("q4c.xlsx", "EPS D", 3, { r: referentielLivre("q4c") }),
      { fichier: "abime.xlsx", erreur: "n'est pas un classeur .xlsx." },
    ]);
    const statut = (f: string) => c.fichiers.find((x) => x.fichier === f)!;
    expect(c.referentiel.version).toBe("1.1.0");
    expect(statut("neuf.xlsx").statut).toBe("ok");
    expect(statut("ancien.xlsx")).toMatchObject({ statut: "migre", raison: "version 1.0.0 lue comme 1.1.0 (1 critères nouveaux ou revus non évalués)" });
    expect(statut("casse.xlsx")).toMatchObject({ statut: "refuse", raison: expect.stringMatching(/^migration impossible sans risque : critères modifiés/) });
    expect(statut("q4c.xlsx")).toMatchObject({ statut: "refuse", raison: expect.stringMatching(/référentiel « q4c »/) });
    expect(statut("abime.xlsx")).toMatchObject({ statut: "refuse", raison: "n'est pas un classeur .xlsx." });
    expect(c.etablissements.map((e) => e.etablissement)).toEqual(["EPS A", "EPS B"]);
  });

  it("statistiques : moyenne, écart-type de population, extrêmes", () => {
    expect(statistiques([2, 4, null])).toEqual({ moyenne: 3, ecartType: 1, min: 2, max: 4, n: 2 });
    expect(statistiques([null])).toEqual({ moyenne: null, ecartType: null, min: null, max: null, n: 0 });
  });
});

describe("classeur consolidé (plan)", () => {
  const c = consolider([source("a.xlsx", "EPS Agadir", 2), source("b.xlsx", "EPS Berkane", 3, { periode: "2025" }), source("b2.xlsx", "EPS Berkane", 4), { fichier: "x.xlsx", erreur: "vide" }]);
  const plan = planifierConsolidation(c, ["Consolidation"]);
  const feuille = (n: string) => plan.feuilles.find((f) => f.nom === n)!;

  it("a une synthèse signée avec le radar national, les matrices en échelle de couleurs, et une ligne par fichier", () => {
    expect(plan.feuilles.map((f) => f.nom)).toEqual(["Consolidation (2)", ...Object.values(FEUILLES_CONSOLIDATION).slice(1)]);
    expect(plan.feuilles[0]!.lignes[0]![0]).toBe(SIGNATURE_CONSOLIDATION);
    expect(plan.feuilles[0]!.graphiques?.[0]).toMatchObject({ type: "radar", titre: "Moyenne nationale par thématique" });
    const m = feuille("Matrice thématiques");
    expect(m.lignes[0]!.slice(0, 6)).toEqual(["Établissement", "Période", "Global", "Complétion", "Impératifs atteints", "T1"]);
    expect((m.lignes as Valeur[][]).map((l) => l[0])).toEqual(["Établissement", "EPS Agadir", "EPS Berkane", "Moyenne nationale"]);
    // Scores on the 1–4 scale; completion on its own 0–100 % scale (96 % is not red).
    expect(m.echelles).toEqual([
      { plage: "C2:C4", min: 1, max: 4 },
      { plage: "F2:N4", min: 1, max: 4 },
      { plage: "D2:E4", min: 0, max: 1 },
    ]);
    expect(m.echelles!.filter((e) => e.max === 4).some((e) => e.plage.startsWith("D"))).toBe(false);
    expect((feuille("Fichiers").lignes as Valeur[][]).map((l) => l[1])).toEqual(["Statut", "Retenu", "Période antérieure (progression)", "Retenu", "Refusé"]);
    expect(feuille("Progression").lignes[1]!.slice(0, 3)).toEqual(["EPS Berkane", "2025", "2026"]);
  });

  it("compte les fichiers écartés comme le volet et le rapport : refusés et doublons", () => {
    const ecartes = fichiersEcartes(c).length;
    expect(ecartes).toBe(c.fichiers.filter((f) => f.statut === "refuse" || f.statut === "doublon").length);
    expect(plan.feuilles[0]!.lignes.find((l) => l[0] === "Fichiers écartés")![1]).toBe(ecartes);
    // The national radar reads the thematics' names, not their codes.
    expect(plan.feuilles[0]!.graphiques![0]!.categories).toMatch(/^B\d+:B\d+$/);
    // Every consolidated sheet prints one page wide, landscape, its header row repeated.
    expect(plan.feuilles.every((f) => f.miseEnPage?.uneLargeur && f.miseEnPage.orientation === "paysage")).toBe(true);
  });
});

describe("campagnes, classement et anonymisation", () => {
  it("deux campagnes d'une même année (2026-T1 « état initial », 2026-T4 « fin de mission ») sont deux périodes, comparées par la progression", () => {
    const c = consolider([
      source("fin.xlsx", "EPS Oujda", 3, { periode: "2026-T4", campagne: "fin de mission", modifieLe: "2026-01-01" }),
      source("initial.xlsx", "EPS Oujda", 2, { periode: "2026-T1", campagne: "état initial", modifieLe: "2026-12-01" }),
    ]);
    expect(c.fichiers.map((f) => f.statut)).toEqual(["ok", "periode-anterieure"]);
    expect(c.etablissements.map((e) => [e.periode, e.campagne])).toEqual([["2026-T4", "fin de mission"]]);
    expect(c.progression).toEqual([expect.objectContaining({ etablissement: "EPS Oujda", avant: "2026-T1 · état initial", apres: "2026-T4 · fin de mission" })]);
    expect(c.progression[0]!.global.avant!).toBeLessThan(c.progression[0]!.global.apres!);
    // Ordered in time, not as text: the first semester ends in June, after March.
    const d = consolider([source("mars.xlsx", "EPS Oujda", 2, { periode: "2026-03" }), source("s1.xlsx", "EPS Oujda", 3, { periode: "2026-s1" })]);
    expect(d.etablissements[0]!.fichier).toBe("s1.xlsx");
    // The same campaign typed twice is still a duplicate.
    const e = consolider([source("a.xlsx", "EPS Oujda", 2, { periode: "2026-t2" }), source("b.xlsx", "EPS Oujda", 3, { periode: "2026-T2", modifieLe: "2026-07-01" })]);
    expect(e.fichiers.map((f) => f.statut)).toEqual(["doublon", "ok"]);
  });

  it("le classement montre complétion et impératifs non atteints, et écarte les établissements sous la complétion minimale", () => {
    const sources = [
      source("a.xlsx", "EPS Agadir", 4, { vides: 0.7 }), // best mean, 30 % assessed
      source("b.xlsx", "EPS Berkane", 3, { imperatif1: "1.1.2" }),
      source("c.xlsx", "EPS Casa", 2),
    ];
    const c = consolider(sources);
    expect(c.completionMin).toBe(0.8);
    expect(c.classement.map((r) => [r.rang, r.etablissement, r.imperatifsNonAtteints])).toEqual([[1, "EPS Berkane", 1], [2, "EPS Casa", 0]]);
    expect(c.classement[0]!.completion).toBe(1);
    expect(c.horsClassement).toEqual([{ etablissement: "EPS Agadir", periode: "2026", completion: expect.closeTo(0.3, 1) }]);
    expect(consolider(sources, { completionMin: 0.2 }).classement[0]!.etablissement).toBe("EPS Agadir");
    // Imperatives: rate per establishment and the national « all imperatives met ».
    const berkane = c.etablissements.find((e) => e.etablissement === "EPS Berkane")!;
    const n = criteresAplatis(ref).filter((x) => x.critere.imperatif).length;
    expect(berkane.tauxImperatifs).toBeCloseTo((n - 1) / n);
    expect(c.etablissements.find((e) => e.etablissement === "EPS Casa")!.tauxImperatifs).toBe(1);
    expect(c.tousImperatifs).toEqual({ n: 1, part: 1 / 3 });
    const plan = planifierConsolidation(c);
    const classement = plan.feuilles.find((f) => f.nom === FEUILLES_CONSOLIDATION.classement)!.lignes as Valeur[][];
    expect(classement[0]).toEqual(["Rang", "Établissement", "Période", "Score global", "Complétion", "Impératifs non atteints", "Impératifs atteints"]);
    expect(classement.slice(1).map((l) => [l[0], l[1], l[5]])).toEqual([[1, "EPS Berkane", 1], [2, "EPS Casa", 0], ["< 80 %", "EPS Agadir", null]]);
    expect(plan.feuilles[0]!.lignes.find((l) => l[0] === "Impératifs")![1]).toBe("Établissements atteignant tous les impératifs : 1 sur 3 (33 %)");
    expect(plan.feuilles[0]!.lignes.find((l) => l[0] === "Classement")![1]).toBe("Complétion d'au moins 80 % : 2 établissements classés, 1 hors classement");
  });

  it("--anonymiser remplace chaque nom d'établissement et de fichier par un code, partout", () => {
    const c = consolider(
      [
        source("EPS Tanger Nord.xlsx", "EPS Tanger Nord", 3, { imperatif1: "1.1.2" }),
        source("tanger-2025.xlsx", "EPS Tanger Nord", 2, { periode: "2025" }),
        source("EPS Tanger.xlsx", "EPS Tanger", 4),
        source("double.xlsx", "EPS Tanger", 1, { modifieLe: "2020-01-01" }),
      ],
      { anonymiser: true },
    );
    expect(c.anonymise).toBe(true);
    expect(c.etablissements.map((e) => e.etablissement)).toEqual(["EPS-01", "EPS-02"]);
    expect(c.classement.map((r) => r.etablissement).sort()).toEqual(["EPS-01", "EPS-02"]);
    expect(c.imperatifs.find((i) => i.id === "1.1.2")!.etablissements).toEqual(["EPS-02"]);
    expect(c.progression.map((p) => p.etablissement)).toEqual(["EPS-02"]);
    const texte = JSON.stringify(c) + JSON.stringify(planifierConsolidation(c));
    expect(texte).not.toMatch(/Tanger|double\.xlsx/);
    expect(c.fichiers.find((f) => f.statut === "doublon")!.raison).toMatch(/même établissement et même période que fichier 3/);
  });
});
