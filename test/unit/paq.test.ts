import { planifierPaq, ORIGINES, TABLEAU_PAQ, FEUILLE_PAQ } from "../../src/core/paq";
import type { Resultats, ResultatCritere } from "../../src/core/scores";
import type { Valeur } from "../../src/core/workbook-plan";
import { genererPaqDansClasseur, injecterDansClasseur, nouveauClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, modifier } from "../helpers/exceljs";
import { referentielLivre } from "../../src/core/catalogue";

function critere(id: string, score: ResultatCritere["score"], imperatif = false, atteint: boolean | null = null): ResultatCritere {
  return { id, libelle: `Libellé ${id}`, objectifId: "1.1", thematiqueId: "T1", chapitreId: "1", imperatif, score, evaluateurs: [score], ecart: null, desaccord: false, atteint, aDiscuter: false, ligne: 2 };
}
function resultats(criteres: ResultatCritere[]): Resultats {
  return {
    referentiel: { id: "eps-maroc", version: "1.0.0" }, echelle: { min: 1, max: 4 }, evaluateurs: [""], consensus: "mediane", global: 2, completion: 1, evalues: criteres.length, nc: 0, ri: 0, total: criteres.length,
    chapitres: [], thematiques: [], objectifs: [], criteres,
    imperatifsNonAtteints: criteres.filter((c) => c.atteint === false).map((c) => c.id),
    imperatifsADiscuter: criteres.filter((c) => c.aDiscuter).map((c) => c.id),
    desaccords: criteres.filter((c) => c.desaccord).map((c) => c.id), plusFaibles: [], anomalies: [], anomaliesTotal: 0, grille: { feuille: "Grille qualité", colonnes: 13 },
  };
}
const lignes = (p: ReturnType<typeof planifierPaq>) => (p.plan.feuilles[0]!.lignes as Valeur[][]);

describe("plan d'amélioration", () => {
  const r1 = resultats([critere("1.1.1", 3, true, false), critere("1.1.2", 1.5), critere("1.1.3", 2), critere("1.1.4", 3.5), critere("1.1.5", "NC")]);
  const premier = planifierPaq({ resultats: r1, existant: null, feuilles: ["Grille qualité"], maintenant: "2026-11-25T10:00:00Z" });

  it("met d'abord les impératifs non atteints, puis les critères sous le seuil, du plus faible au moins faible", () => {
    expect(lignes(premier).slice(1).map((l) => [l[0], l[2], l[3], l[4]])).toEqual([
      ["1.1.1", ORIGINES.imperatif, 1, 3],
      ["1.1.2", ORIGINES.faible, 2, 1.5],
      ["1.1.3", ORIGINES.faible, 2, 2],
    ]);
    expect(premier.rapport).toMatchObject({ feuille: FEUILLE_PAQ, lignes: 3, imperatifs: 1, faibles: 2, conservees: 0 });
    expect(lignes(premier)[1]!.slice(5)).toEqual([null, null, "2027-02-25", "À faire", "Critère 1.1.1 noté 4 à la prochaine évaluation", null, null, null, "2026-11-25"]);
    expect(premier.plan.feuilles[0]!.tableau?.nom).toBe(TABLEAU_PAQ);
    expect(premier.plan.feuilles[0]!.validations[0]!.valeurs).toEqual(["À faire", "En cours", "Fait", "Abandonné"]);
  });

  it("le seuil se règle", () => {
    const p = planifierPaq({ resultats: r1, seuil: 4, existant: null, feuilles: [], maintenant: "2026-11-25T10:00:00Z" });
    expect(lignes(p).slice(1).map((l) => l[0])).toEqual(["1.1.1", "1.1.2", "1.1.3", "1.1.4"]);
  });

  it("régénéré, il garde chaque ligne travaillée telle quelle et rafraîchit les autres", () => {
    const existant = structuredClone(lignes(premier));
    existant[2]![5] = "Former l'équipe à la procédure"; // 1.1.2: action typed
    existant[2]![6] = "Mme Alaoui";
    existant[3]![8] = "En cours"; // 1.1.3: status changed
    existant.push(["", "", "", null, null, "Réunion de restitution aux familles", "Direction", "2027-01-15", "À faire", "", ""]); // free row
    // Later: 1.1.2 improved (no longer under threshold), 1.1.3 too; 1.1.4 fell.
    const r2 = resultats([critere("1.1.1", 4, true, true), critere("1.1.2", 3), critere("1.1.3", 3), critere("1.1.4", 1), critere("1.1.5", "NC")]);
    const p = planifierPaq({ resultats: r2, existant: { feuille: FEUILLE_PAQ, valeurs: existant }, feuilles: [FEUILLE_PAQ], maintenant: "2027-03-01T00:00:00Z" });
    const l = lignes(p).slice(1);
    expect(l.map((x) => [x[0], x[2]])).toEqual([
      ["1.1.4", ORIGINES.faible],
      ["1.1.2", ORIGINES.conserve],
      ["1.1.3", ORIGINES.conserve],
      [null, ORIGINES.libre],
    ]);
    expect(l[1]!.slice(5, 7)).toEqual(["Former l'équipe à la procédure", "Mme Alaoui"]);
    expect(l[1]![4]).toBe(3);
    expect(l[2]![8]).toBe("En cours");
    expect(l[3]!.slice(5, 8)).toEqual(["Réunion de restitution aux familles", "Direction", "2027-01-15"]);
    expect(p.rapport.conservees).toBe(3);
    expect(p.plan.supprimer).toEqual([FEUILLE_PAQ]);
  });
});

describe("plan d'amélioration dans un .xlsx", () => {
  it("se génère depuis la grille et se régénère sans perdre une saisie", async () => {
    const wb = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(wb, { referentiel: referentielLivre("eps-maroc"), source: "g.xlsx" });
    let relu = await modifier(wb, "g.xlsx", (x) => {
      const g = x.getWorksheet("Grille qualité")!;
      g.getCell("J2").value = 1; // 1.1.1.a → imperative unmet
      g.getCell("J6").value = 2; // 1.1.3 → under 2.5
    });
    const r1 = await genererPaqDansClasseur(relu, { source: "g.xlsx", maintenant: "2026-11-25T00:00:00Z" });
    expect(r1).toMatchObject({ imperatifs: 1, faibles: 1 });
    relu = await modifier(relu, "g.xlsx", (x) => (x.getWorksheet(FEUILLE_PAQ)!.getCell("F2").value = "Rédiger et valider la politique"));
    await genererPaqDansClasseur(relu, { source: "g.xlsx", maintenant: "2026-12-01T00:00:00Z" });
    const v = (await valeursFeuille(relu, FEUILLE_PAQ))!;
    expect(v[1]!.slice(0, 6)).toEqual(["1.1.1", expect.any(String), ORIGINES.imperatif, 1, 1, "Rédiger et valider la politique"]);
    expect(relu.etat.paq?.feuille).toBe(FEUILLE_PAQ);
    expect(relu.etat.feuilles.filter((w) => w.startsWith("Plan"))).toHaveLength(1);
    expect((await enExcelJS(relu)).getWorksheet(FEUILLE_PAQ)!.getCell("F2").value).toBe("Rédiger et valider la politique");
  });
});

describe("plan d'amélioration : règles d'un référent", () => {
  const maintenant = "2026-11-25T10:00:00Z";
  it("par défaut, tout critère sous 3 (le maximum moins un) entre dans le plan ; le seuil se règle dans l'échelle", () => {
    const r = resultats([critere("1.1.2", 2.5), critere("1.1.3", 2.99), critere("1.1.4", 3)]);
    expect(lignes(planifierPaq({ resultats: r, existant: null, feuilles: [], maintenant })).slice(1).map((l) => l[0])).toEqual(["1.1.2", "1.1.3"]);
    expect(lignes(planifierPaq({ resultats: r, seuil: 2.5, existant: null, feuilles: [], maintenant })).slice(1).map((l) => l[0])).toEqual([null]); // an empty table keeps one blank row
    expect(() => planifierPaq({ resultats: r, seuil: 5, existant: null, feuilles: [], maintenant })).toThrow(/Seuil « 5 » invalide .* au plus 4/);
    // Another scale: the maximum comes from the referential, never a literal 4.
    const dix = { ...resultats([critere("A", 8.5, true, false), critere("B", 8.5)]), echelle: { min: 0, max: 10 } };
    const p = planifierPaq({ resultats: dix, existant: null, feuilles: [], maintenant });
    expect(lignes(p).slice(1).map((l) => [l[0], l[9]])).toEqual([["A", "Critère A noté 10 à la prochaine évaluation"], ["B", "Critère B noté au moins 9"]]);
  });

  it("les impératifs à trancher (désaccord) passent en priorité 1, les désaccords ouverts en priorité 2", () => {
    const discute = { ...critere("1.1.1", 4, true, false), aDiscuter: true, desaccord: true };
    const ouvert = { ...critere("1.1.5", 3.5), desaccord: true };
    const p = planifierPaq({ resultats: resultats([discute, critere("1.1.2", 1), ouvert]), existant: null, feuilles: [], maintenant });
    expect(lignes(p).slice(1).map((l) => [l[0], l[2], l[3]])).toEqual([
      ["1.1.1", ORIGINES.aDiscuter, 1],
      ["1.1.2", ORIGINES.faible, 2],
      ["1.1.5", ORIGINES.desaccord, 2],
    ]);
    expect(p.rapport).toMatchObject({ imperatifs: 1, faibles: 1, desaccords: 1 });
  });

  it("la ligne d'un impératif garde causes analysées, gouvernance informée et mesures à la régénération", () => {
    const r = resultats([critere("1.1.1", 1, true, false)]);
    const premier = planifierPaq({ resultats: r, existant: null, feuilles: [], maintenant });
    const entete = lignes(premier)[0]!;
    expect(entete.slice(10, 13)).toEqual(["Causes analysées", "Gouvernance informée (oui, date)", "Mesures identifiées"]);
    const existant = structuredClone(lignes(premier));
    existant[1]![10] = "Pas de procédure écrite";
    existant[1]![11] = "Oui, 2026-12-02";
    existant[1]![12] = "Procédure rédigée avec l'équipe";
    const p = planifierPaq({ resultats: r, existant: { feuille: FEUILLE_PAQ, valeurs: existant }, feuilles: [FEUILLE_PAQ], maintenant: "2027-01-10T00:00:00Z" });
    expect(lignes(p)[1]!.slice(10, 13)).toEqual(["Pas de procédure écrite", "Oui, 2026-12-02", "Procédure rédigée avec l'équipe"]);
  });
});
