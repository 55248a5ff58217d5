/** The follow-up model: progress, status, actions, criteria re-scored, shipped indicators, construction and merge. */
import fc from "fast-check";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { actionEnRetard, criteresRevus, ecartCampagnes, etatIndicateur, indexSemestre, progression, progressionAttendue, progressionObjectif, semestreDIndex, semestresDuProjet, tableauDeBord, tendance, valeurA } from "../../src/core/suivi/calculs";
import { chargerJeuIndicateurs, indicateursPeLivres, type Action, type Indicateur, type Suivi } from "../../src/core/suivi/modele";
import { actionsDuPaq, construireSuivi, fusionnerSuivi, objectifPourIndicateur } from "../../src/core/suivi/construction";
import { ErreurUtilisateur } from "../../src/core/referential";
import type { ReponsesDocument } from "../../src/core/pe/document";

const ind = (o: Partial<Indicateur> = {}): Indicateur => ({
  id: "I1",
  objectif: "O1",
  libelle: "Part des projets revus",
  libelleAr: "",
  unite: "%",
  sens: "hausse",
  additif: false,
  base: { valeur: 40, periode: "2025-S2" },
  cible: { valeur: 100, periode: "2030-S2" },
  source: "",
  frequence: "semestrielle",
  responsable: "",
  abandonne: false,
  valeurs: {},
  ...o,
});
const action = (o: Partial<Action> = {}): Action => ({ id: "A1", objectif: "O1", libelle: "Former", origine: "Ajout manuel", criteres: [], responsable: "", echeance: null, statut: "À faire", cloture: null, motif: "", ...o });

describe("semestres", () => {
  test("index et retour, semestres du projet", () => {
    expect(indexSemestre("2026-S1")).toBe(4052);
    expect(indexSemestre("2026-s2")).toBe(4053);
    expect(indexSemestre("2026")).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 2000 * 2, max: 2100 * 2 }), (k) => indexSemestre(semestreDIndex(k)) === k));
    expect(semestresDuProjet(2026, 2027)).toEqual(["2026-S1", "2026-S2", "2027-S1", "2027-S2"]);
  });
});

describe("progression et statut", () => {
  test("valeur au semestre : la dernière saisie jusqu'à ce semestre", () => {
    const i = ind({ valeurs: { "2026-S1": 50, "2027-S1": 70, "2026-S2": 60 } });
    expect(valeurA(i, "2026-S2")).toEqual({ valeur: 60, periode: "2026-S2" });
    expect(valeurA(i, "2027-S2")).toEqual({ valeur: 70, periode: "2027-S1" });
    expect(valeurA(i, "2025-S2")).toBeNull();
  });

  test("la base vaut 0 %, la cible 100 %, dans les deux sens", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (b, d, hausse) => {
        const c = hausse ? b + d : b - d;
        const i = ind({ sens: hausse ? "hausse" : "baisse", base: { valeur: b, periode: "2025-S2" }, cible: { valeur: c, periode: "2030-S2" } });
        return progression(i, b) === 0 && progression(i, c) === 1;
      }),
    );
  });

  test("plus la valeur va dans le sens de l'indicateur, plus la progression est grande", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: -200, max: 200 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), (b, d, v, pas, hausse) => {
        const i = ind({ sens: hausse ? "hausse" : "baisse", base: { valeur: b, periode: "2025-S2" }, cible: { valeur: hausse ? b + d : b - d, periode: "2030-S2" } });
        const mieux = hausse ? v + pas : v - pas;
        return progression(i, mieux)! >= progression(i, v)!;
      }),
    );
  });

  test("cible égale à la base : atteinte ou non selon le sens", () => {
    const i = ind({ base: { valeur: 100, periode: "2025-S2" }, cible: { valeur: 100, periode: "2027-S2" } });
    expect(progression(i, 100)).toBe(1);
    expect(progression(i, 90)).toBe(0);
    expect(progression({ ...i, sens: "baisse" }, 90)).toBe(1);
  });

  test("progression attendue : part du temps écoulé, bornée", () => {
    const i = ind();
    expect(progressionAttendue(i, "2025-S2")).toBe(0);
    expect(progressionAttendue(i, "2028-S1")).toBe(0.5);
    expect(progressionAttendue(i, "2032-S1")).toBe(1);
  });

  test("statuts selon les règles documentées", () => {
    // Base 40 (2025-S2) → cible 100 (2030-S2) : 10 semestres ; en 2026-S2, 20 % du temps est écoulé.
    const a = (v: number, o: Partial<Indicateur> = {}) => etatIndicateur(ind({ valeurs: { "2026-S2": v }, ...o }), "2026-S2").statut;
    expect(a(52)).toBe("dans les temps"); // 20 % ± 10 points
    expect(a(46)).toBe("dans les temps"); // 10 % : tout juste
    expect(a(45)).toBe("en retard");
    expect(a(58)).toBe("en avance"); // 30 %
    expect(a(100)).toBe("atteint");
    expect(a(120)).toBe("atteint");
    expect(a(100, { abandonne: true })).toBe("abandonné");
    expect(etatIndicateur(ind(), "2026-S2").statut).toBe("non renseigné");
    expect(etatIndicateur(ind({ base: { valeur: null, periode: "2025-S2" }, valeurs: { "2026-S1": 3 } }), "2026-S2").statut).toBe("non renseigné");
  });

  test("le statut est toujours l'un des six, et « atteint » exactement à partir de 100 %", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: -50, max: 250 }), fc.integer({ min: 0, max: 9 }), (b, d, v, k) => {
        const i = ind({ base: { valeur: b, periode: "2025-S2" }, cible: { valeur: b + d, periode: "2030-S2" }, valeurs: { [semestreDIndex(4052 + k)]: v } });
        const e = etatIndicateur(i, "2030-S2");
        return (e.statut === "atteint") === v >= b + d && e.progression !== null;
      }),
    );
  });

  test("tendance lue dans le sens de l'indicateur", () => {
    const i = ind({ sens: "baisse", valeurs: { "2026-S1": 10, "2026-S2": 7 } });
    const e = etatIndicateur(i, "2026-S2");
    expect(e.precedente).toBe(10);
    expect(tendance(i, e)).toBe("mieux");
    expect(tendance({ sens: "hausse" }, e)).toBe("moins bien");
  });
});

describe("objectifs, actions, campagnes", () => {
  const suivi = (indicateurs: Indicateur[], actions: Action[] = []): Suivi => ({ etablissement: "E", debut: 2026, fin: 2030, objectifs: [{ id: "O1", libelle: "o", echeance: null, responsable: "" }], actions, indicateurs, campagnes: [] });

  test("la progression d'un objectif est la moyenne bornée entre 0 et 100 %", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -100, max: 300 }), { nil: undefined }), { minLength: 1, maxLength: 8 }), (vs) => {
        const s = suivi(vs.map((v, k) => ind({ id: `I${k}`, base: { valeur: 0, periode: "2025-S2" }, cible: { valeur: 100, periode: "2030-S2" }, valeurs: v === undefined ? {} : { "2026-S1": v } })));
        const p = progressionObjectif(s, "O1", "2026-S2");
        const mesures = vs.filter((v) => v !== undefined).map((v) => Math.min(1, Math.max(0, v / 100)));
        if (!mesures.length) return p === null;
        return Math.abs(p! - mesures.reduce((a, b) => a + b, 0) / mesures.length) < 1e-12 && p! >= 0 && p! <= 1;
      }),
    );
  });

  test("actions faites et en retard au dernier jour du semestre", () => {
    expect(actionEnRetard(action({ echeance: "2026-06-29" }), "2026-S1")).toBe(true);
    expect(actionEnRetard(action({ echeance: "2026-06-30" }), "2026-S1")).toBe(false);
    expect(actionEnRetard(action({ echeance: "2026-01-01", statut: "Fait" }), "2026-S1")).toBe(false);
    expect(actionEnRetard(action({ echeance: "2026-01-01", statut: "Abandonné" }), "2026-S1")).toBe(false);
    expect(actionEnRetard(action({ echeance: null }), "2026-S1")).toBe(false);
    const t = tableauDeBord(suivi([ind({ valeurs: { "2026-S1": 52 } })], [action({ statut: "Fait" }), action({ id: "A2", echeance: "2026-03-01" })]), "2026-S1");
    expect(t.actions).toEqual({ total: 2, faites: 1, enRetard: 1, abandonnees: 0 });
    expect(t.statuts["en avance"]).toBe(1);
  });

  test("critères renotés depuis la clôture de l'action, écarts entre campagnes", () => {
    const campagnes = [
      { periode: "2026-S1", libelle: "état initial", global: 2.1, criteres: [{ id: "1.1.1", libelle: "c", score: 2 }, { id: "1.1.2", libelle: "d", score: 3 }] },
      { periode: "2027-S1", libelle: "", global: 2.6, criteres: [{ id: "1.1.1", libelle: "c", score: 4 }, { id: "1.1.2", libelle: "d", score: 3 }] },
    ];
    const r = criteresRevus([action({ statut: "Fait", cloture: "2026-09-15", criteres: ["1.1.1"] }), action({ id: "A2", statut: "Fait", cloture: "2027-09-01", criteres: ["1.1.2"] }), action({ id: "A3", criteres: ["1.1.1"] })], campagnes);
    expect(r).toEqual([
      { action: "A1", critere: "1.1.1", avant: 2, apres: 4, renote: true },
      { action: "A2", critere: "1.1.2", avant: 3, apres: null, renote: false },
    ]);
    const e = ecartCampagnes(campagnes)!;
    expect(e.global).toBe(0.5);
    expect(e.criteres).toEqual([{ id: "1.1.1", libelle: "c", avant: 2, apres: 4, ecart: 2 }]);
    expect(ecartCampagnes(campagnes.slice(0, 1))).toBeNull();
  });
});

describe("jeu d'indicateurs livré et construction", () => {
  test("le jeu livré est valide, chaque indicateur a son libellé arabe", () => {
    const j = indicateursPeLivres();
    expect(j.indicateurs.length).toBeGreaterThanOrEqual(10);
    for (const i of j.indicateurs) expect(i.libelle.ar).toMatch(/[\u0600-\u06FF]/);
    expect(j.indicateurs.map((i) => i.id)).toEqual(expect.arrayContaining(["BEN-ENF", "PP-AJOUR", "REINT", "SORTIE", "PRF-AUTO", "FORM-QUAL", "PLAINTES"]));
  });

  test("un jeu invalide est refusé en français, champ par champ", () => {
    const j = structuredClone(indicateursPeLivres()) as any;
    j.indicateurs[0].sens = "monte";
    j.indicateurs[1].base = 50;
    j.indicateurs[1].cible = 10;
    j.indicateurs[2].id = j.indicateurs[3].id;
    let e: unknown;
    try {
      chargerJeuIndicateurs(j, "mon-jeu.json");
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ErreurUtilisateur);
    const m = (e as Error).message;
    expect(m).toContain("mon-jeu.json n'est pas un jeu d'indicateurs valide");
    expect(m).toContain("indicateurs[0].sens : sens attendu");
    expect(m).toContain("indicateurs[1].cible : la cible va contre le sens");
    expect(() => chargerJeuIndicateurs({ ...j, indicateurs: [] }, "x")).toThrow(/au moins un indicateur/);
  });

  test("mots-clés : l'objectif qui en contient le plus", () => {
    const objs = [
      { id: "O1", texte: "Chaque enfant a un projet personnalisé révisé" },
      { id: "O2", texte: "Les plaintes et réclamations sont traitées ; droits affichés" },
    ];
    expect(objectifPourIndicateur(["projet personnalisé"], objs)).toBe("O1");
    expect(objectifPourIndicateur(["plaintes", "droits", "projet personnalisé"], objs)).toBe("O2");
    expect(objectifPourIndicateur(["fugues"], objs)).toBeNull();
  });

  test("depuis les réponses d'exemple et un plan d'amélioration", () => {
    const paq = [
      ["Réf.", "Critère", "Origine", "Priorité", "Score", "Action", "Responsable", "Échéance", "Statut"],
      ["1.2.3", "Les droits sont affichés", "Score sous le seuil", 2, 2, "Afficher la charte", "Direction", "2026-05-25", "En cours"],
      ["3.1.1", "Plan de formation", "Impératif non atteint", 1, 1, null, null, null, null],
    ];
    expect(actionsDuPaq(paq)).toHaveLength(2);
    const s = construireSuivi({ reponses: exemple as unknown as ReponsesDocument, jeu: indicateursPeLivres(), paq, campagne: null });
    expect(s.debut).toBe(2026);
    expect(s.fin).toBe(2030);
    expect(s.objectifs.map((o) => o.id)).toEqual(["O1", "OG", "OQ"]);
    expect(s.indicateurs.find((i) => i.id === "PP-AJOUR")!.objectif).toBe("O1");
    expect(s.indicateurs.find((i) => i.id === "PP-AJOUR")!.cible).toEqual({ valeur: 100, periode: "2027-S2" });
    expect(s.actions.map((a) => a.id)).toEqual(["O1-A1", "O1-A2", "PAQ-1.2.3", "PAQ-3.1.1"]);
    expect(s.actions[2]).toMatchObject({ statut: "En cours", echeance: "2026-05-25", criteres: ["1.2.3"], objectif: "OQ" });
    expect(s.actions[3]!.libelle).toMatch(/^Action à définir pour le critère 3.1.1/);
  });

  test("régénérer garde chaque ligne saisie et ajoute les nouvelles", () => {
    const avant = construireSuivi({ reponses: exemple as unknown as ReponsesDocument, jeu: indicateursPeLivres(), paq: null, campagne: null });
    avant.indicateurs[0]!.valeurs = { "2026-S1": 80 };
    avant.indicateurs[0]!.cible.valeur = 90;
    avant.actions[0]!.statut = "Fait";
    avant.actions.push(action({ id: "M1", libelle: "Action écrite à la main" }));
    const paq = [["Réf.", "Critère", "Action"], ["1.2.3", "x", "Afficher"]];
    const apres = fusionnerSuivi(construireSuivi({ reponses: exemple as unknown as ReponsesDocument, jeu: indicateursPeLivres(), paq, campagne: null }), avant);
    expect(apres.indicateurs[0]).toEqual(avant.indicateurs[0]);
    expect(apres.actions.find((a) => a.id === "O1-A1")!.statut).toBe("Fait");
    expect(apres.actions.map((a) => a.id)).toEqual(expect.arrayContaining(["M1", "PAQ-1.2.3"]));
    expect(apres.objectifs.map((o) => o.id)).toContain("OQ");
  });
});
