import fc from "fast-check";
import { classer, matriceNormalisee, normaliser, poidsDeplaces, rangs, scoresPour, type Decision } from "../../src/core/classement/calcul";
import { chargerModeleDecision, fauteSommePoids, MODELES_DECISION, modeleDecisionLivre } from "../../src/core/classement/modele";
import { ErreurUtilisateur } from "../../src/core/referential";
import { decisionDepuisFeuilles } from "../../src/core/classement/classeur";

const crit = (id: string, poids: number, sens: "max" | "min" = "max", nature: "valeur" | "jugement" = "valeur") => ({ id, libelle: id, poids, sens, nature });

describe("modèles livrés", () => {
  it.each(MODELES_DECISION)("%s : poids à 100 %, chaque texte en français et en arabe", (id) => {
    const m = modeleDecisionLivre(id);
    expect(m.criteres.reduce((s, c) => s + c.poids, 0)).toBe(100);
    for (const c of m.criteres) {
      expect(c.libelle.ar).toMatch(/[\u0600-\u06FF]/);
      expect(c.aide?.ar).toMatch(/[\u0600-\u06FF]/);
    }
    expect(m.titre.ar).toMatch(/[\u0600-\u06FF]/);
    expect(m.libelleOption.ar).toMatch(/[\u0600-\u06FF]/);
  });

  it("choix-scenarios porte les cinq critères de l'association, le coût à minimiser", () => {
    const m = modeleDecisionLivre("choix-scenarios");
    expect(m.criteres.map((c) => c.libelle.fr)).toEqual([
      "Pérennité technologique et organisationnelle",
      "Coûts d'installation et d'exploitation",
      "Disponibilité des fournisseurs",
      "Efficacité",
      "Efficience",
    ]);
    expect(m.criteres.find((c) => c.id === "couts")).toMatchObject({ sens: "min", nature: "valeur", unite: "MAD" });
  });

  it("priorites-actions : impact, urgence, coût, faisabilité, impératif non atteint", () => {
    expect(modeleDecisionLivre("priorites-actions").criteres.map((c) => c.id)).toEqual(["impact", "urgence", "cout", "faisabilite", "imperatif"]);
  });

  it("un modèle dont les poids ne font pas 100 % est refusé en français, poids nommés", () => {
    const m = structuredClone(modeleDecisionLivre("choix-scenarios")) as unknown as { criteres: { poids: number }[] };
    m.criteres[0]!.poids = 20;
    expect(() => chargerModeleDecision(m, "mon-modele.json")).toThrow(/mon-modele\.json n'est pas un modèle de décision valide[\s\S]*font 95 % au lieu de 100 % \(il manque 5 %\)[\s\S]*Pérennité technologique et organisationnelle 20 %/);
  });

  it("un modèle livré inconnu est nommé avec la liste", () => {
    expect(() => modeleDecisionLivre("autre")).toThrow("Modèle de classement « autre » inconnu. Modèles livrés : choix-scenarios, priorites-actions.");
  });

  it("identifiant en double, sens inconnu : messages français avec le chemin", () => {
    const m = structuredClone(modeleDecisionLivre("priorites-actions")) as unknown as { criteres: { id: string; sens: string }[] };
    m.criteres[1]!.id = "impact";
    expect(() => chargerModeleDecision(m)).toThrow(/criteres\[1\]\.id : l'identifiant « impact » est déjà utilisé/);
    m.criteres[1]!.sens = "haut";
    expect(() => chargerModeleDecision(m)).toThrow(/criteres\[1\]\.sens/);
  });

  it("message de somme : trop de poids", () => {
    expect(fauteSommePoids([{ libelle: "A", poids: 60.5 }, { libelle: "B", poids: 50 }])).toBe(
      "Les poids des critères font 110,5 % au lieu de 100 % (trop de 10,5 %) : A 60,5 %, B 50 %. Corrigez les poids pour que leur total fasse 100 %.",
    );
    expect(fauteSommePoids([{ libelle: "A", poids: 33.333 }, { libelle: "B", poids: 33.333 }, { libelle: "C", poids: 33.334 }])).toBeNull();
  });
});

describe("calcul", () => {
  it("normalisation min–max avec le sens ; toutes égales : 1 pour chacune", () => {
    expect(normaliser([10, 20, 30], "max")).toEqual([0, 0.5, 1]);
    expect(normaliser([10, 20, 30], "min")).toEqual([1, 0.5, 0]);
    expect(normaliser([4, 4, 4], "min")).toEqual([1, 1, 1]);
    expect(normaliser([7], "max")).toEqual([1]);
  });

  it("exemple à la main : score, rang, ex æquo", () => {
    const d: Decision = {
      criteres: [crit("cout", 40, "min"), crit("qualite", 60, "max", "jugement")],
      options: [
        { libelle: "A", valeurs: [100, 3] },
        { libelle: "B", valeurs: [200, 5] },
        { libelle: "C", valeurs: [150, 4] },
      ],
    };
    const r = classer(d);
    // A: 40·1 + 60·0 = 40 ; B: 0 + 60 = 60 ; C: 40·0,5 + 60·0,5 = 50
    expect(r.options.map((o) => o.score)).toEqual([40, 60, 50]);
    expect(r.options.map((o) => o.rang)).toEqual([3, 1, 2]);
    expect(r.premiers.map((o) => o.libelle)).toEqual(["B"]);
    // B stays first until the cost weighs 50 %: S_A = 100·t/100… at t = 50, A = B = 50.
    const cout = r.sensibilite[0]!;
    expect(cout.hausse).toEqual({ delta: 10, poids: 50, nouveauPremier: "A" });
    expect(cout.baisse).toEqual({ delta: null, poids: null, nouveauPremier: null });
    expect(r.sensibilite[1]!.baisse).toEqual({ delta: -10, poids: 50, nouveauPremier: "A" });
    // ±10 points: cost at 50 → A and B tie (50), C 50 too: all first.
    expect(cout.rangsPlus10).toEqual([1, 1, 1]);
    expect(cout.rangsMoins10).toEqual([3, 1, 2]);
    expect(rangs([50, 60, 50, 70])).toEqual([3, 2, 3, 1]);
  });

  it("renormalisation proportionnelle, et répartition égale quand les autres poids sont nuls", () => {
    expect(poidsDeplaces([50, 30, 20], 0, 60)).toEqual([60, 24, 16]);
    expect(poidsDeplaces([100, 0, 0], 0, 80)).toEqual([80, 10, 10]);
  });

  it("refus en français : poids, jugement hors échelle, aucune option", () => {
    expect(() => classer({ criteres: [crit("a", 50), crit("b", 40)], options: [{ libelle: "X", valeurs: [1, 2] }] })).toThrow(ErreurUtilisateur);
    expect(() => classer({ criteres: [crit("a", 100, "max", "jugement")], options: [{ libelle: "X", valeurs: [6] }] })).toThrow(
      "Option « X », critère « a » : 6 hors de l'échelle de jugement 1 à 5.",
    );
    expect(() => classer({ criteres: [crit("a", 100)], options: [] })).toThrow("Aucune option à classer");
  });
});

/** Random decisions: 1–6 criteria with integer weights summing to 100, 1–8 options. */
const decisions = fc
  .record({
    nCrit: fc.integer({ min: 1, max: 6 }),
    nOpt: fc.integer({ min: 1, max: 8 }),
    graine: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }),
    valeurs: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 48, maxLength: 48 }),
    sens: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ nCrit, nOpt, graine, valeurs, sens }): Decision => {
    const bruts = graine.slice(0, nCrit).map((g) => g + 1);
    const total = bruts.reduce((a, b) => a + b, 0);
    const poids = bruts.map((b) => Math.floor((b * 100) / total));
    poids[0]! += 100 - poids.reduce((a, b) => a + b, 0);
    return {
      criteres: poids.map((p, j) => crit(`c${j}`, p, sens[j] ? "max" : "min", "jugement")),
      options: Array.from({ length: nOpt }, (_, i) => ({ libelle: `O${i}`, valeurs: Array.from({ length: nCrit }, (_, j) => valeurs[i * 6 + j]!) })),
    };
  });

describe("propriétés", () => {
  it("scores entre 0 et 100, normalisées entre 0 et 1, un premier au moins, rangs cohérents", () => {
    fc.assert(
      fc.property(decisions, (d) => {
        const r = classer(d);
        for (const o of r.options) {
          expect(o.score).toBeGreaterThanOrEqual(0);
          expect(o.score).toBeLessThanOrEqual(100 + 1e-9);
          for (const x of o.normalisees) expect(x >= 0 && x <= 1).toBe(true);
          expect(o.rang).toBe(1 + r.options.filter((p) => p.score > o.score).length);
        }
        expect(r.premiers.length).toBeGreaterThanOrEqual(1);
        // Each criterion has an option at 1; with more than one distinct value, one at 0.
        d.criteres.forEach((_, j) => expect(Math.max(...r.options.map((o) => o.normalisees[j]!))).toBe(1));
      }),
    );
  });

  it("invariance : ajouter une constante ou multiplier les valeurs d'un critère ne change rien", () => {
    fc.assert(
      fc.property(decisions, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 9 }), (d, plus, fois) => {
        const autre: Decision = { ...d, options: d.options.map((o) => ({ ...o, valeurs: o.valeurs.map((v) => v * fois + plus) })) };
        autre.criteres = autre.criteres.map((c) => ({ ...c, nature: "valeur" }));
        expect(classer(autre).options.map((o) => o.rang)).toEqual(classer(d).options.map((o) => o.rang));
      }),
    );
  });

  it("inverser le sens d'un critère et ses valeurs (v → −v) ne change rien", () => {
    fc.assert(
      fc.property(decisions, (d) => {
        const autre: Decision = {
          criteres: d.criteres.map((c) => ({ ...c, nature: "valeur", sens: c.sens === "max" ? "min" : "max" })),
          options: d.options.map((o) => ({ ...o, valeurs: o.valeurs.map((v) => -v) })),
        };
        expect(classer(autre).options.map((o) => o.score)).toEqual(classer(d).options.map((o) => o.score));
      }),
    );
  });

  it("seuil de bascule : juste avant, le premier garde sa place ; juste après, il la perd", () => {
    fc.assert(
      fc.property(decisions, (d) => {
        const r = classer(d);
        const n = matriceNormalisee(d);
        const poids = d.criteres.map((c) => c.poids);
        const leader = r.classement[0]!.index;
        const devant = (k: number, t: number) => {
          const s = scoresPour(n, poidsDeplaces(poids, k, t));
          return s.every((x) => x <= s[leader]! + 1e-7);
        };
        r.sensibilite.forEach((s, k) => {
          const w = poids[k]!;
          for (const [seuil, signe, borne] of [[s.hausse, 1, 100], [s.baisse, -1, 0]] as const) {
            if (seuil.delta === null) {
              // Never loses the first place on that side (checked on a grid of weights).
              if (d.criteres.length > 1) for (let x = 0; x <= 20; x++) expect(devant(k, w + ((borne - w) * x) / 20)).toBe(true);
              continue;
            }
            expect(Math.sign(seuil.delta) === signe || seuil.delta === 0).toBe(true);
            const t = w + seuil.delta;
            if (Math.abs(t - w) > 0.02) expect(devant(k, t - signe * 0.02)).toBe(true);
            const apres = t + signe * 0.02;
            if (apres >= 0 && apres <= 100) {
              const sc = scoresPour(n, poidsDeplaces(poids, k, apres));
              const nouveau = d.options.findIndex((o) => o.libelle === seuil.nouveauPremier);
              expect(sc[nouveau]!).toBeGreaterThan(sc[leader]! - 1e-7);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("lecture d'une grille remplie", () => {
  const identite = { modeleId: "essai", modeleVersion: "1.0.0", titre: "Essai", criteres: 2, lignes: 3 };
  const entete = ["Réf.", "Critère", "المعيار", "Poids (%)", "Sens", "Nature", "Unité", "Comment l'apprécier"];

  it("sens, nature et poids fautifs de la feuille Critères : chaque cellule nommée", () => {
    const criteres = [entete, ["a", "Coût", "التكلفة", "60", "moins = mieux", "valeur", "MAD", ""], ["b", "Impact", null, 40, "plus haut = mieux", "note", null, ""]];
    expect(() => decisionDepuisFeuilles(identite, criteres, [["Option"]], "g.xlsx")).toThrow(
      "g.xlsx : le classement ne peut pas être calculé (3 problèmes).\n" +
        "  • feuille « Critères », cellule D2 (critère « Coût ») : poids « 60 » non numérique (nombre écrit comme du texte : retapez-le)\n" +
        "  • feuille « Critères », cellule E2 (critère « Coût ») : sens « moins = mieux » inconnu, attendu « plus haut = mieux » ou « plus bas = mieux »\n" +
        "  • feuille « Critères », cellule F3 (critère « Impact ») : nature « note » inconnue, attendu « valeur » ou « jugement 1 à 5 »",
    );
  });

  it("une grille juste donne la décision, l'arabe et l'unité compris ; les lignes vides sont ignorées", () => {
    const criteres = [entete, ["a", "Coût", "التكلفة", 60, "plus bas = mieux", "valeur", "MAD", ""], ["b", "Impact", null, 40, "plus haut = mieux", "jugement 1 à 5", null, ""]];
    const d = decisionDepuisFeuilles(identite, criteres, [["Option", "Coût", "Impact"], ["X", 10, 3], [null, null, null], ["Y", 20, 5]], "g.xlsx");
    expect(d).toEqual({
      criteres: [
        { id: "a", libelle: "Coût", libelleAr: "التكلفة", poids: 60, sens: "min", nature: "valeur", unite: "MAD" },
        { id: "b", libelle: "Impact", poids: 40, sens: "max", nature: "jugement" },
      ],
      options: [
        { libelle: "X", valeurs: [10, 3] },
        { libelle: "Y", valeurs: [20, 5] },
      ],
    });
  });
});
