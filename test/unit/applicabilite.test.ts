/**
 * Applicability by establishment category: a criterion of other categories is « sans objet »
 * (greyed in the grid, nothing to score, excluded from averages, completion and imperatives),
 * and changing the categories on re-insertion keeps every answer.
 */
import { referentielLivre } from "../../src/core/catalogue";
import { planifierInjection, SANS_OBJET, TABLEAU_GRILLE, type EtatClasseur } from "../../src/core/grille";
import { FEUILLE_META, lireMeta } from "../../src/core/metadata";
import { criteresAplatis, estApplicable, idsLignesCritere, type Referentiel } from "../../src/core/referential";
import { calculerScores } from "../../src/core/scores";
import { lireEvaluation } from "../../src/core/evaluation";
import { lettreColonne, type FeuillePlan, type Valeur } from "../../src/core/workbook-plan";

const ref = referentielLivre("eps-maroc");
const vide: EtatClasseur = { feuilles: ["Feuil1"], meta: null, grille: null };
const maintenant = "2026-11-25T10:00:00.000Z";
const valeurs = (f: FeuillePlan) => f.lignes as Valeur[][];

function injecter(etat: EtatClasseur, categories?: string[], r: Referentiel = ref) {
  const { plan, rapport } = planifierInjection({ referentiel: r, etat, maintenant, source: "t.xlsx", etablissement: "PRF Tanger", periode: "2026", categories });
  const grille = plan.feuilles.find((f) => f.tableau?.nom === TABLEAU_GRILLE)!;
  const meta = lireMeta(valeurs(plan.feuilles.find((f) => f.nom === FEUILLE_META)!), "t.xlsx")!;
  return { plan, rapport, grille, meta };
}

/** Fills every row's note with `note(id, imperatif)` and returns the next state. */
function remplir(x: ReturnType<typeof injecter>, note: (ligne: string, imperatif: boolean) => Valeur): EtatClasseur {
  const v = structuredClone(valeurs(x.grille));
  const cles = x.meta.colonnes;
  const iNote = cles.indexOf("note");
  const iRef = cles.indexOf("ref");
  const imperatifs = new Set(criteresAplatis(ref).filter((c) => c.critere.imperatif).flatMap(({ critere }) => idsLignesCritere(critere)));
  for (const l of v.slice(1)) l[iNote] = note(String(l[iRef]), imperatifs.has(String(l[iRef])));
  return { feuilles: ["Feuil1", ...x.plan.feuilles.map((f) => f.nom)], meta: x.meta, grille: { feuille: x.grille.nom, valeurs: v } };
}

describe("un programme de renforcement familial sans hébergement (catégorie prf seule)", () => {
  const prf = injecter(vide, ["prf"]);
  const imperatifsPrf = criteresAplatis(ref).filter((c) => c.critere.imperatif && estApplicable(c.critere, ["prf"])).map((c) => c.critere.id);

  it("n'a aucun impératif qu'il ne peut pas tenir : présence jour et nuit, médicaments, fugue, incendie, violences entre enfants hébergés, admission par l'autorité", () => {
    for (const id of ["2.11.1", "2.7.1", "2.14.1", "3.9.2", "1.1.5", "1.6.1", "2.6.1", "2.10.1", "2.16.1"]) expect(imperatifsPrf).not.toContain(id);
    // What remains is what any service that meets mothers and children can and must do.
    expect(imperatifsPrf).toEqual(["1.1.1", "1.1.2", "1.1.4", "1.1.7", "1.5.1", "1.8.1", "1.12.1", "1.13.1", "2.13.1", "3.1.2", "3.3.2", "3.8.1", "3.10.1"]);
    expect(prf.rapport.imperatifs).toBe(imperatifsPrf.length);
    expect(prf.rapport.sansObjet).toBe(criteresAplatis(ref).filter((c) => !estApplicable(c.critere, ["prf"])).length);
  });

  it("montre grisés « sans objet » les critères des autres catégories, sans marque d'impératif, et n'y accepte que NC", () => {
    const cles = prf.meta.colonnes;
    const ligne = valeurs(prf.grille).find((l) => l[0] === "2.11.1")!;
    expect(ligne[cles.indexOf("application")]).toBe(SANS_OBJET);
    expect(ligne[cles.indexOf("imperatif")]).toBe("");
    const r = valeurs(prf.grille).findIndex((l) => l[0] === "2.11.1") + 1;
    const note = lettreColonne(cles.indexOf("note"));
    const v = prf.grille.validations.find((x) => {
      const [, a, b] = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(x.plage)!;
      return x.plage.startsWith(note) && Number(a) <= r && r <= Number(b);
    })!;
    expect(v.valeurs).toEqual(["NC"]);
    const gris = prf.grille.misesEnForme.find((m) => m.formule.includes(SANS_OBJET))!;
    expect(gris).toMatchObject({ plage: `A2:${lettreColonne(cles.length - 1)}${valeurs(prf.grille).length}`, fond: "#EDEDED" });
    expect(prf.meta.categories).toEqual(["prf"]);
  });

  it("atteint 100 % de complétion et tous ses impératifs quand chaque critère applicable est noté 4, même avec des notes tapées sur les lignes sans objet", () => {
    const etat = remplir(prf, (id) => (id.startsWith("2.11.1") ? 1 : 4));
    const ev = lireEvaluation(ref, etat.meta!, etat.grille!.valeurs, "t.xlsx");
    const r = calculerScores(ev);
    expect(r.completion).toBe(1);
    expect(r.global).toBe(4);
    expect(r.imperatifsNonAtteints).toEqual([]);
    expect(r.total).toBe(criteresAplatis(ref).length - prf.rapport.sansObjet);
    expect(r.criteres.find((c) => c.id === "2.11.1")).toMatchObject({ sansObjet: true, score: null, imperatif: false, atteint: null });
    // The note typed on a row that does not apply is reported, cell named.
    expect(ev.anomalies.some((a) => /2\.11\.1 est sans objet pour cet établissement/.test(a.message))).toBe(true);
  });

  it("sans catégorie, l'établissement prend tout le référentiel (comme en 1.0.0)", () => {
    const tout = injecter(vide);
    expect(tout.rapport).toMatchObject({ sansObjet: 0, imperatifs: 22 });
    expect(tout.meta.categories).toBeUndefined();
  });

  it("une catégorie inconnue est refusée avec la liste des catégories possibles", () => {
    expect(() => injecter(vide, ["prf", "creche"])).toThrow(/Catégorie d'établissement inconnue pour le référentiel « eps-maroc » : creche\. Catégories possibles : enfance, prf, handicap\./);
  });
});

describe("changer les catégories à la réinsertion", () => {
  it("garde chaque réponse, y compris celles des critères devenus sans objet, et les recompte quand ils redeviennent applicables", () => {
    const tout = injecter(vide, ["enfance", "prf"]);
    const etat = remplir(tout, (_id, imp) => (imp ? 4 : 3));
    const prf = injecter(etat, ["prf"]);
    expect(prf.rapport).toMatchObject({ reponsesConservees: tout.rapport.lignes, reponsesArchivees: 0 });
    const iNote = prf.meta.colonnes.indexOf("note");
    expect(valeurs(prf.grille).slice(1).every((l) => l[iNote] === 3 || l[iNote] === 4)).toBe(true);
    const etatPrf: EtatClasseur = { feuilles: etat.feuilles, meta: prf.meta, grille: { feuille: prf.grille.nom, valeurs: valeurs(prf.grille) } };
    // Categories not given again: the workbook's own are kept.
    const encore = injecter(etatPrf);
    expect(encore.meta.categories).toEqual(["prf"]);
    const retour = injecter(etatPrf, ["enfance", "prf"]);
    expect(retour.rapport.reponsesConservees).toBe(tout.rapport.lignes);
    const r = calculerScores(lireEvaluation(ref, retour.meta, valeurs(retour.grille), "t"));
    expect(r.completion).toBe(1);
  });
});
