import fc from "fast-check";
import { arrondi2, calculerScores, consensusLigne, type Evaluation, type Note } from "../../src/core/scores";
import { ANOMALIES_MAX, lireEvaluation } from "../../src/core/evaluation";
import { texteResultats } from "../../src/cli/affichage";
import { planifierInjection } from "../../src/core/grille";
import { lireMeta, FEUILLE_META } from "../../src/core/metadata";
import { referentielLivre } from "../../src/core/catalogue";
import { chargerReferentiel, criteresAplatis, type Referentiel } from "../../src/core/referential";
import type { Valeur } from "../../src/core/workbook-plan";
import v100brut from "../fixtures/eps-maroc-1.0.0.json";

// The calculation rules are tested on the frozen 1.0.0 referential: its rows do not move when the shipped one evolves.
const eps = chargerReferentiel(v100brut, "eps-maroc 1.0.0");

/** A grid as the planner writes it, with notes put in by row id. */
function grille(ref: Referentiel, notes: Record<string, (Valeur)[]>, evaluateurs: string[] = []) {
  const { plan } = planifierInjection({ referentiel: ref, etat: { feuilles: [], meta: null, grille: null }, maintenant: "2026-01-01T00:00:00Z", source: "t.xlsx", evaluateurs });
  const g = plan.feuilles[0]!;
  const meta = lireMeta(plan.feuilles.find((f) => f.nom === FEUILLE_META)!.lignes as Valeur[][], "t")!;
  const cles = meta.colonnes;
  const colonnesNotes = cles.map((c, i) => [c, i] as const).filter(([c]) => c === "note" || c.startsWith("note."));
  const valeurs = (g.lignes as Valeur[][]).map((l) => l.map((v) => (typeof v === "object" && v !== null ? null : v)));
  for (const l of valeurs.slice(1)) {
    const n = notes[String(l[0])];
    if (n) colonnesNotes.forEach(([, i], k) => (l[i] = n[k] ?? null));
  }
  return { meta, valeurs };
}
function evaluer(ref: Referentiel, notes: Record<string, Valeur[]>, evaluateurs: string[] = [], natures = new Map<string, "formule" | "date">()): Evaluation {
  const { meta, valeurs } = grille(ref, notes, evaluateurs);
  return lireEvaluation(ref, meta, valeurs, "t.xlsx", natures);
}
const critere = (r: ReturnType<typeof calculerScores>, id: string) => r.criteres.find((c) => c.id === id)!;

describe("règles de calcul", () => {
  it("arrondit comme Excel (2,675 → 2,68 ; -1,005 → -1,01)", () => {
    expect(arrondi2(2.675)).toBe(2.68);
    expect(arrondi2(1.005)).toBe(1.01);
    expect(arrondi2(-1.005)).toBe(-1.01);
    expect(arrondi2(10 / 3)).toBe(3.33);
  });

  it("un critère à éléments vaut la moyenne de ses éléments, gardée à 2 décimales", () => {
    // 1.1.1 has three elements a, b, c (imperative): 4, 4, 1 → 3 and unmet.
    const r = calculerScores(evaluer(eps, { "1.1.1.a": [4], "1.1.1.b": [4], "1.1.1.c": [1] }));
    expect(critere(r, "1.1.1")).toMatchObject({ score: 3, atteint: false });
    const r2 = calculerScores(evaluer(eps, { "1.12.1.a": [3], "1.12.1.b": [4], "1.12.1.c": [4] }));
    expect(critere(r2, "1.12.1").score).toBe(3.67);
  });

  it("un impératif non atteint dit quelles lignes le retiennent, avec leur note (3,25 : la ligne notée 1)", () => {
    const ev = evaluer(eps, { "1.1.1.a": [4], "1.1.1.b": [4], "1.1.1.c": [1] });
    const c = critere(calculerScores(ev), "1.1.1");
    expect(c.enCause).toEqual([{ ref: "1.1.1.c", ligne: ev.lignes.get("1.1.1.c")!.ligne, note: 1, notes: [1], statut: "non-atteint" }]);
    // A met imperative, or a criterion that is not imperative, has nothing to explain.
    const atteint = calculerScores(evaluer(eps, { "1.1.1.a": [4], "1.1.1.b": [4], "1.1.1.c": [4] }));
    expect(critere(atteint, "1.1.1").enCause).toBeUndefined();
    expect(critere(atteint, "1.1.1").atteint).toBe(true);
  });

  it("un impératif n'est atteint que si chaque élément vaut 4 ; incomplet, il n'est pas encore tranché", () => {
    const tous4 = calculerScores(evaluer(eps, { "1.1.1.a": [4], "1.1.1.b": [4], "1.1.1.c": [4] }));
    expect(critere(tous4, "1.1.1").atteint).toBe(true);
    const partiel = calculerScores(evaluer(eps, { "1.1.1.a": [4], "1.1.1.b": [4] }));
    expect(critere(partiel, "1.1.1").atteint).toBeNull();
    expect(partiel.imperatifsNonAtteints).toEqual([]);
  });

  it("NC sort des moyennes et compte à part ; vide compte comme non évalué", () => {
    const r = calculerScores(evaluer(eps, { "1.1.2": [2], "1.1.3": ["NC"] }));
    const ob = r.objectifs.find((o) => o.id === "1.1")!;
    expect(ob).toMatchObject({ score: 2, evalues: 1, nc: 1 });
    expect(ob.completion).toBeCloseTo(2 / ob.total);
    expect(critere(r, "1.1.3").score).toBe("NC");
    expect(critere(r, "1.1.4").score).toBeNull();
  });

  it("NC est refusé sur un impératif, avec la cellule nommée", () => {
    const ev = evaluer(eps, { "1.1.1.a": ["NC"], "1.1.2": [7], "1.1.3": ["bof"] });
    expect(ev.anomalies.map((a) => `${a.feuille}!${a.cellule} ${a.message}`)).toEqual([
      "Grille qualité!J2 critère 1.1.1 : « NC » n'est pas admis sur un critère impératif : la note est ignorée",
      "Grille qualité!J5 critère 1.1.2 : 7 est hors de l'échelle (1 ou 4) : ignorée",
      expect.stringMatching(/^Grille qualité!J6 critère 1.1.3 : le texte « bof » n'est pas une note/),
    ]);
    expect(critere(calculerScores(ev), "1.1.1").score).toBeNull();
  });

  it("formule, date, VRAI/FAUX, hors échelle, texte, NC sur impératif : une anomalie chacune (feuille, cellule, critère), le reste est compté", () => {
    // J5 (1.1.2) held a formula whose cached result is 4; J7 (1.1.4) a date; J6 (1.1.3) TRUE.
    const natures = new Map<string, "formule" | "date">([["J5", "formule"], ["J7", "date"]]);
    const ev = evaluer(eps, { "1.1.1.a": ["NC"], "1.1.2": [4], "1.1.3": [true], "1.1.4": ["2026-02-03"], "1.2.1": [0], "1.2.2": ["trois"], "1.2.3": [3] }, [], natures);
    const lignes = ev.anomalies.map((a) => `${a.feuille}!${a.cellule} ${a.message}`);
    expect(lignes).toEqual([
      "Grille qualité!J2 critère 1.1.1 : « NC » n'est pas admis sur un critère impératif : la note est ignorée",
      expect.stringMatching(/^Grille qualité!J5 critère 1\.1\.2 : la cellule contient une formule/),
      "Grille qualité!J6 critère 1.1.3 : la valeur logique VRAI n'est pas une note (1 à 4 ou NC) : ignorée",
      "Grille qualité!J7 critère 1.1.4 : la cellule contient une date (2026-02-03), pas une note (1 à 4 ou NC) : ignorée",
      expect.stringMatching(/^Grille qualité!J8 critère 1\.2\.1 : 0 est hors de l'échelle/),
      expect.stringMatching(/^Grille qualité!J9 critère 1\.2\.2 : le texte « trois » n'est pas une note/),
    ]);
    const r = calculerScores(ev);
    for (const id of ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1", "1.2.2"]) expect(critere(r, id).score).toBeNull();
    expect(critere(r, "1.2.3").score).toBe(3);
    expect(r.evalues).toBe(1);
  });

  it("remonte critère → objectif → thématique → chapitre → établissement, avec les poids", () => {
    const d = structuredClone(referentielLivre("q4c")) as any;
    d.chapitres = [d.chapitres[0]];
    d.chapitres[0].thematiques = d.chapitres[0].thematiques.slice(0, 2);
    d.chapitres[0].thematiques[0].poids = 3;
    const ref = chargerReferentiel(d);
    const [a, b] = d.chapitres[0].thematiques.map((t: any) => t.objectifs[0].criteres[0].id);
    const r = calculerScores(evaluer(ref, { [a]: [4], [b]: [1] }));
    expect(r.thematiques.map((t) => t.score)).toEqual([4, 1]);
    expect(r.chapitres[0]!.score).toBe(3.25);
    expect(r.global).toBe(3.25);
  });

  it("rien d'évalué : scores nuls, complétion 0", () => {
    const r = calculerScores(evaluer(eps, {}));
    expect(r).toMatchObject({ global: null, completion: 0, evalues: 0, nc: 0, imperatifsNonAtteints: [] });
    expect(r.thematiques.every((t) => t.score === null)).toBe(true);
  });
});

describe("anomalies plafonnées", () => {
  const ENTETE = { source: "t.xlsx", titre: "Grille", etablissement: "EPS", periode: "2026" };
  it("au-delà de 1 000, le vrai total est compté et affiché, seules les 1 000 premières sont listées", () => {
    const { meta, valeurs } = grille(eps, {});
    // 2,500 pasted rows whose id is not in the referential: one anomaly each.
    const collees = Array.from({ length: 2500 }, (_, k) => valeurs[1]!.map((v, i) => (i === 0 ? `X.${k}` : v)));
    const ev = lireEvaluation(eps, meta, [...valeurs, ...collees], "t.xlsx");
    expect(ev.anomalies).toHaveLength(ANOMALIES_MAX);
    expect(ev.anomaliesTotal).toBe(2500);
    const r = calculerScores(ev);
    expect(r.anomaliesTotal).toBe(2500);
    const texte = texteResultats(r, ENTETE);
    expect(texte).toContain("Cellules à corriger (2 500, seules les 1 000 premières sont listées) :");
    expect(texte).toContain("… et 2 450 autres");
    // Under the cap: the count is the list's, with nothing about truncation.
    const peu = calculerScores(lireEvaluation(eps, meta, [...valeurs, ...collees.slice(0, 3)], "t.xlsx"));
    expect(peu).toMatchObject({ anomaliesTotal: 3 });
    expect(texteResultats(peu, ENTETE)).toContain("Cellules à corriger (3) :");
  });
});

describe("évaluation participative", () => {
  const trois = ["Amina", "Youssef", "Khadija"];
  it("consensus médian par défaut, moyenne sur demande, écart et désaccord signalé à partir de 2", () => {
    const ev = evaluer(eps, { "1.1.2": [1, 4, 4], "1.1.3": [3, 3, 2] }, trois);
    expect(ev.evaluateurs).toEqual(trois);
    const med = calculerScores(ev);
    expect(critere(med, "1.1.2")).toMatchObject({ score: 4, evaluateurs: [1, 4, 4], ecart: 3, desaccord: true });
    expect(critere(med, "1.1.3")).toMatchObject({ score: 3, ecart: 1, desaccord: false });
    expect(med.desaccords).toEqual(["1.1.2"]);
    expect(critere(calculerScores(ev, { consensus: "moyenne" }), "1.1.2").score).toBe(3);
    expect(calculerScores(ev, { seuilDesaccord: 1 }).desaccords).toEqual(["1.1.2", "1.1.3"]);
  });

  it("le consensus ignore les NC tant qu'il y a des notes", () => {
    expect(consensusLigne(["NC", 2, 3], "mediane")).toBe(2.5);
    expect(consensusLigne(["NC", "NC", null], "mediane")).toBe("NC");
    expect(consensusLigne([null, null], "moyenne")).toBeNull();
  });

  it("propriété : le consensus reste entre la plus petite et la plus grande note", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant<"NC">("NC"), fc.constant(null)), { maxLength: 8 }), fc.constantFrom("mediane" as const, "moyenne" as const), (notes: (Note | null)[], m) => {
        const c = consensusLigne(notes, m);
        const nombres = notes.filter((n): n is number => typeof n === "number");
        if (nombres.length === 0) expect(typeof c === "number").toBe(false);
        else {
          expect(c as number).toBeGreaterThanOrEqual(Math.min(...nombres));
          expect(c as number).toBeLessThanOrEqual(Math.max(...nombres));
        }
      }),
      { seed: 42 },
    );
  });
});

describe("propriétés des remontées", () => {
  const lignes = criteresAplatis(eps).flatMap(({ critere }) => critere.elements?.map((e) => ({ id: e.id, imp: critere.imperatif })) ?? [{ id: critere.id, imp: critere.imperatif }]);
  it("chaque score est entre 1 et 4, la complétion entre 0 et 1, et un impératif à 1 est toujours listé", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Valeur>(null, 1, 2, 3, 4, "NC"), { minLength: lignes.length, maxLength: lignes.length }), (valeurs) => {
        const notes = Object.fromEntries(lignes.map((l, i) => [l.id, [l.imp && typeof valeurs[i] === "number" && valeurs[i] !== 4 ? 1 : l.imp && valeurs[i] === "NC" ? null : valeurs[i]!]]));
        const r = calculerScores(evaluer(eps, notes));
        for (const n of [...r.chapitres, ...r.thematiques, ...r.objectifs]) {
          if (n.score !== null) expect(n.score >= 1 && n.score <= 4).toBe(true);
          expect(n.completion >= 0 && n.completion <= 1).toBe(true);
        }
        for (const l of lignes) if (l.imp && notes[l.id]![0] === 1) expect(r.imperatifsNonAtteints).toContain(criteresAplatis(eps).find((c) => (c.critere.elements ?? [c.critere]).some((e) => e.id === l.id))!.critere.id);
      }),
      { seed: 7, numRuns: 40 },
    );
  });
});

describe("consensus d'une évaluation participative (note retenue, réponse impossible, NC justifié)", () => {
  const trois = ["Amina", "Youssef", "Khadija"];
  /** A three-evaluator grid, with extra cells by row id and column key (retenue, motif, commentaire). */
  function evaluerTrois(notes: Record<string, Valeur[]>, extra: Record<string, Record<string, Valeur>> = {}) {
    const { meta, valeurs } = grille(eps, notes, trois);
    for (const l of valeurs.slice(1)) for (const [cle, v] of Object.entries(extra[String(l[0])] ?? {})) l[meta.colonnes.indexOf(cle)] = v;
    return { meta, ev: lireEvaluation(eps, meta, valeurs, "t.xlsx") };
  }

  it("la grille participative a « Note retenue », « Motif », « Score retenu » et « Statut impératif »", () => {
    const { meta } = evaluerTrois({});
    expect(meta.colonnes.slice(9)).toEqual(["note.amina", "note.youssef", "note.khadija", "ecart", "retenue", "motif", "consensus", "statut", "commentaire", "preuves", "evaluateur", "application", "regarder", "exemplesPreuves"]);
  });

  it("un impératif noté 4, 4, 1 est « non atteint — à discuter » tant que le groupe n'a pas retenu 4", () => {
    const avant = calculerScores(evaluerTrois({ "1.1.2": [4, 4, 1] }).ev);
    expect(critere(avant, "1.1.2")).toMatchObject({ score: 4, atteint: false, aDiscuter: true, evaluateurs: [4, 4, 1], desaccord: true });
    // Why: the row's three notes, to settle by an agreed note.
    expect(critere(avant, "1.1.2").enCause).toEqual([expect.objectContaining({ ref: "1.1.2", notes: [4, 4, 1], statut: "a-discuter" })]);
    expect(avant.imperatifsNonAtteints).toContain("1.1.2");
    expect(avant.imperatifsADiscuter).toEqual(["1.1.2"]);
    const apres = calculerScores(evaluerTrois({ "1.1.2": [4, 4, 1] }, { "1.1.2": { retenue: 4, motif: "Le 1 portait sur un autre foyer" } }).ev);
    expect(critere(apres, "1.1.2")).toMatchObject({ score: 4, atteint: true, aDiscuter: false, desaccord: false });
    expect(apres.imperatifsNonAtteints).toEqual([]);
    // Agreed below the maximum: unmet, no longer a disagreement to settle.
    const refuse = calculerScores(evaluerTrois({ "1.1.2": [4, 4, 1] }, { "1.1.2": { retenue: 1 } }).ev);
    expect(critere(refuse, "1.1.2")).toMatchObject({ score: 1, atteint: false, aDiscuter: false });
    // Unanimous below the maximum: unmet, nothing to discuss; an empty cell does not block.
    expect(critere(calculerScores(evaluerTrois({ "1.1.2": [1, 1, null] }).ev), "1.1.2")).toMatchObject({ atteint: false, aDiscuter: false });
    expect(critere(calculerScores(evaluerTrois({ "1.1.2": [4, null, 4] }).ev), "1.1.2")).toMatchObject({ atteint: true });
  });

  it("à éléments, un seul élément en désaccord suffit à garder l'impératif à discuter", () => {
    const r = calculerScores(evaluerTrois({ "1.1.1.a": [4, 4, 4], "1.1.1.b": [4, 4, 4], "1.1.1.c": [4, 1, 4] }).ev);
    expect(critere(r, "1.1.1")).toMatchObject({ atteint: false, aDiscuter: true });
    const r2 = calculerScores(evaluerTrois({ "1.1.1.a": [4, 4, 4], "1.1.1.b": [1, 1, 1], "1.1.1.c": [4, 1, 4] }).ev);
    expect(critere(r2, "1.1.1")).toMatchObject({ atteint: false, aDiscuter: false });
  });

  it("la note retenue remplace la médiane dans le score de la ligne et les moyennes", () => {
    const r = calculerScores(evaluerTrois({ "1.1.3": [1, 3, 4] }, { "1.1.3": { retenue: 2, commentaire: "x" } }).ev);
    expect(critere(r, "1.1.3")).toMatchObject({ score: 2 });
    expect(critere(calculerScores(evaluerTrois({ "1.1.3": [1, 3, 4] }).ev), "1.1.3").score).toBe(3);
  });

  it("RI (réponse impossible) sort des moyennes, compte comme évalué, n'est admis qu'au chapitre 1 hors impératif", () => {
    const { ev } = evaluerTrois({ "1.1.3": ["RI", "RI", null], "1.1.4": [2, "RI", null], "1.1.2": ["RI", 4, 4], "2.1.1": ["RI", null, null] });
    const r = calculerScores(ev);
    expect(critere(r, "1.1.3").score).toBe("RI");
    expect(critere(r, "1.1.4").score).toBe(2);
    const ob = r.objectifs.find((o) => o.id === "1.1")!;
    expect(ob).toMatchObject({ ri: 1, evalues: 2 });
    expect(r.ri).toBe(1);
    expect(r.completion).toBeCloseTo((r.evalues + r.nc + 1) / r.total);
    expect(ev.anomalies.map((a) => a.message)).toEqual([
      "« RI » (réponse impossible) n'est pas admis sur le critère impératif 1.1.2 : la note est ignorée",
      "« RI » (réponse impossible) n'est pas admis sur le critère 2.1.1, hors du chapitre 1 : la note est ignorée",
    ]);
  });

  it("NC doit être justifié : une anomalie nomme la cellule et le critère tant que le commentaire est vide", () => {
    const sans = evaluerTrois({ "1.1.3": ["NC", "NC", "NC"] }).ev.anomalies;
    expect(sans).toEqual([{ feuille: "Grille qualité", cellule: "J6", message: expect.stringContaining("« NC » sur le critère 1.1.3 doit être justifié : écrivez la raison en R6") }]);
    expect(evaluerTrois({ "1.1.3": ["NC", "NC", "NC"] }, { "1.1.3": { commentaire: "Pas de nourrisson accueilli" } }).ev.anomalies).toEqual([]);
    // An agreed NC justified by its motive.
    expect(evaluerTrois({ "1.1.3": [2, "NC", null] }, { "1.1.3": { retenue: "NC", motif: "Le service n'existe pas" } }).ev.anomalies).toEqual([]);
  });
});
