import { planifierInjection, resumeInjection, FEUILLE_GRILLE, TABLEAU_GRILLE, type EtatClasseur } from "../../src/core/grille";
import { referentielLivre } from "../../src/core/catalogue";
import { chargerReferentiel, criteresAplatis } from "../../src/core/referential";
import { FEUILLE_META, lireMeta } from "../../src/core/metadata";
import type { FeuillePlan, Valeur } from "../../src/core/workbook-plan";
import epsBrut from "../fixtures/eps-maroc-1.0.0.json";

const ref = chargerReferentiel(epsBrut);
const vide: EtatClasseur = { feuilles: ["Feuil1"], meta: null, grille: null };
const maintenant = "2026-11-25T10:00:00.000Z";
const injecter = (etat: EtatClasseur, r = ref, extra: { etablissement?: string; periode?: string } = {}) =>
  planifierInjection({ referentiel: r, etat, maintenant, source: "test.xlsx", etablissement: "EPS Casablanca", periode: "2026", ...extra });

const feuille = (plan: { feuilles: FeuillePlan[] }, nom: string) => {
  const f = plan.feuilles.find((x) => x.nom === nom);
  if (!f) throw new Error(`pas de feuille ${nom}`);
  return f;
};
const valeurs = (f: FeuillePlan) => f.lignes as Valeur[][];
/** What a renderer leaves in the workbook, as the next EtatClasseur. */
function etatApres(plan: ReturnType<typeof injecter>["plan"], autres: string[], modifier?: (v: Valeur[][]) => void): EtatClasseur {
  const g = plan.feuilles.find((f) => f.tableau?.nom === TABLEAU_GRILLE)!;
  const v = structuredClone(valeurs(g));
  modifier?.(v);
  return {
    feuilles: [...autres, ...plan.feuilles.map((f) => f.nom)],
    meta: lireMeta(valeurs(feuille(plan, FEUILLE_META)), "test.xlsx"),
    grille: { feuille: g.nom, valeurs: v },
  };
}

describe("planifierInjection sur un classeur vierge", () => {
  const { plan, rapport } = injecter(vide);
  const g = feuille(plan, FEUILLE_GRILLE);
  const cles = g.colonnes.map((c) => c.key);

  it("écrit une ligne par critère, ou par élément d'évaluation", () => {
    const attendu = criteresAplatis(ref).reduce((n, c) => n + (c.critere.elements?.length ?? 1), 0);
    expect(g.lignes).toHaveLength(attendu + 1);
    expect(rapport.lignes).toBe(attendu);
    const refs = valeurs(g).slice(1).map((l) => l[0]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).toContain("1.1.1.a");
    expect(refs).not.toContain("1.1.1");
  });

  it("déverrouille seulement les colonnes de réponse et protège la feuille", () => {
    expect(g.colonnes.filter((c) => !c.verrouillee).map((c) => c.key)).toEqual(["note", "commentaire", "preuves", "evaluateur"]);
    expect(g.protection).toBeDefined();
    expect(g.tableau?.nom).toBe(TABLEAU_GRILLE);
    expect(g.figer).toEqual({ lignes: 1, colonnes: 1 });
  });

  it("pose une liste 1–4/NC (et RI au chapitre 1) sur les critères ordinaires et 1/4 sur les impératifs, sans trou ni recouvrement", () => {
    const iImp = cles.indexOf("imperatif");
    const iCh = cles.indexOf("chapitre");
    const couvert = new Map<number, (string | number)[]>();
    for (const v of g.validations) {
      const [, a, b] = /^J(\d+):J(\d+)$/.exec(v.plage)!;
      for (let r = Number(a); r <= Number(b); r++) {
        expect(couvert.has(r)).toBe(false);
        couvert.set(r, v.valeurs);
      }
    }
    valeurs(g).slice(1).forEach((l, i) => {
      expect(couvert.get(i + 2)).toEqual(l[iImp] === "Oui" ? [1, 4] : String(l[iCh]).startsWith("1.") ? [1, 2, 3, 4, "NC", "RI"] : [1, 2, 3, 4, "NC"]);
    });
    expect(cles.indexOf("note")).toBe(9); // colonne J
  });

  it("met en forme les notes, l'impératif non atteint d'abord", () => {
    expect(g.misesEnForme[0]!.formule).toBe('AND($H2="Oui",ISNUMBER(J2),J2<4)');
    expect(g.misesEnForme.map((m) => m.formule)).toEqual(expect.arrayContaining(["J2=1", "J2=4", 'OR(J2="NC",J2="RI")']));
  });

  it("porte l'identité du classeur dans une feuille très masquée", () => {
    const m = feuille(plan, FEUILLE_META);
    expect(m.visibilite).toBe("veryHidden");
    const meta = lireMeta(valeurs(m), "x")!;
    expect(meta).toMatchObject({ referentielId: "eps-maroc", referentielVersion: "1.0.0", etablissement: "EPS Casablanca", periode: "2026", feuilleGrille: FEUILLE_GRILLE });
    expect(meta.empreinte).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(meta.referentielJson!).id).toBe("eps-maroc");
    expect(valeurs(m).every((l) => l.every((c) => typeof c !== "string" || c.length <= 32767))).toBe(true);
    expect(plan.supprimer).toEqual([]);
    expect(plan.activer).toBe(FEUILLE_GRILLE);
  });

  it("résume le résultat en français", () => {
    expect(resumeInjection(rapport, ref)).toMatch(/inséré dans la feuille « Grille qualité » : \d+ critères dont \d+ impératifs/);
  });
});

describe("réinjection", () => {
  const premier = injecter(vide).plan;

  it("garde chaque réponse, retrouvée par identifiant, même si les lignes ont été triées", () => {
    const etat = etatApres(premier, ["Feuil1"], (v) => {
      v[1]![9] = 3;
      v[1]![10] = "=SOMME(A1) n'est pas une formule ici";
      v[5]![9] = "NC";
      v[5]![12] = "Amina";
      const [entete, ...corps] = v;
      v.splice(0, v.length, entete!, ...corps.reverse());
    });
    const { plan, rapport } = injecter(etat);
    const g = valeurs(feuille(plan, FEUILLE_GRILLE));
    const premiere = valeurs(feuille(premier, FEUILLE_GRILLE));
    expect(g[1]![9]).toBe(3);
    expect(g[1]![10]).toBe("=SOMME(A1) n'est pas une formule ici");
    expect(g[5]![9]).toBe("NC");
    expect(g[5]![12]).toBe("Amina");
    expect(g.map((l) => l[0])).toEqual(premiere.map((l) => l[0]));
    expect(rapport.reponsesConservees).toBe(2);
    expect(plan.supprimer).toEqual([FEUILLE_GRILLE, FEUILLE_META, "Synthèse"]);
  });

  it("garde établissement, période et date de création quand on ne les redonne pas", () => {
    const etat = etatApres(premier, ["Feuil1"]);
    const { plan } = planifierInjection({ referentiel: ref, etat, maintenant: "2027-01-02T00:00:00Z", source: "t" });
    const meta = lireMeta(valeurs(feuille(plan, FEUILLE_META)), "t")!;
    expect(meta).toMatchObject({ etablissement: "EPS Casablanca", periode: "2026", creeLe: maintenant, modifieLe: "2027-01-02T00:00:00Z" });
  });

  it("archive les réponses dont le critère a disparu d'une nouvelle version", () => {
    const etat = etatApres(premier, ["Feuil1"], (v) => {
      const i = v.findIndex((l) => l[0] === "1.1.2");
      v[i]![9] = 2;
      v[i]![10] = "à revoir";
    });
    const d = structuredClone(epsBrut) as any;
    d.version = "1.1.0";
    d.chapitres[0].thematiques[0].objectifs[0].criteres.splice(1, 1);
    const v2 = chargerReferentiel(d);
    const { plan, rapport } = injecter(etat, v2);
    expect(rapport.ancienneVersion).toBe("1.0.0");
    expect(rapport.reponsesArchivees).toBe(1);
    const archive = feuille(plan, rapport.feuilleArchive!);
    expect(archive.nom).toBe("Réponses archivées 2026-11-25");
    expect(valeurs(archive)[1]).toEqual(["1.1.2", 2, "à revoir", null, null, "1.0.0", "ligne absente du référentiel"]);
    expect(resumeInjection(rapport, v2)).toMatch(/copiées dans la feuille « Réponses archivées 2026-11-25 »/);
  });

  it("refuse un autre référentiel dans le même classeur, sans rien planifier", () => {
    const etat = etatApres(premier, ["Feuil1"]);
    expect(() => injecter(etat, referentielLivre("q4c"))).toThrow(/contient déjà une grille du référentiel « eps-maroc »/);
  });

  it("ne touche jamais une feuille de l'utilisateur qui porte le même nom", () => {
    const { plan, rapport } = injecter({ feuilles: ["Grille qualité", "grille qualité (2)"], meta: null, grille: null });
    expect(plan.supprimer).toEqual([]);
    expect(plan.feuilles.map((f) => f.nom)).toEqual(["Grille qualité (3)", "Synthèse", FEUILLE_META]);
    expect(rapport.nomEvite).toBe("Grille qualité");
  });
});

describe("grille participative : note retenue, motif, statut, campagne", () => {
  const trois = (etat: EtatClasseur, extra: Partial<Parameters<typeof planifierInjection>[0]> = {}) =>
    planifierInjection({ referentiel: ref, etat, maintenant, source: "test.xlsx", evaluateurs: ["Amina", "Youssef", "Khadija"], ...extra });

  it("réinjectée (un évaluateur de plus), elle garde notes retenues et motifs", () => {
    const premier = trois(vide).plan;
    const cles = feuille(premier, FEUILLE_GRILLE).colonnes.map((c) => c.key);
    const etat = etatApres(premier, ["Feuil1"], (v) => {
      v[4]![cles.indexOf("retenue")] = 4;
      v[4]![cles.indexOf("motif")] = "Accord après visite";
    });
    const { plan } = planifierInjection({ referentiel: ref, etat, maintenant, source: "test.xlsx", evaluateurs: ["Amina", "Youssef", "Khadija", "Omar"] });
    const g = feuille(plan, FEUILLE_GRILLE);
    const k = g.colonnes.map((c) => c.key);
    expect([valeurs(g)[4]![k.indexOf("retenue")], valeurs(g)[4]![k.indexOf("motif")]]).toEqual([4, "Accord après visite"]);
  });

  it("le score de la ligne prend la note retenue admise ; le statut impératif est une formule sur les lignes impératives seulement", () => {
    const g = feuille(trois(vide).plan, FEUILLE_GRILLE);
    const k = g.colonnes.map((c) => c.key);
    const l = (ref_: string) => valeurs(g).find((x) => x[0] === ref_)!;
    // 1.1.2 is imperative: NC and RI are not admitted as its agreed note; 1.1.3 (chapter 1) admits both.
    expect((l("1.1.2")[k.indexOf("consensus")] as unknown as { formule: string }).formule).toBe(
      'IF(OR(AND(ISNUMBER(N5),N5>=1,N5<=4)),N5,IF(COUNTIFS(J5:L5,">=1",J5:L5,"<=4")=0,IF(COUNTIF(J5:L5,"NC")>0,"NC",""),ROUND(MEDIAN(J5:L5),2)))',
    );
    expect((l("1.1.3")[k.indexOf("consensus")] as unknown as { formule: string }).formule).toContain('N6="NC",N6="RI"');
    expect((l("1.1.2")[k.indexOf("statut")] as unknown as { formule: string }).formule).toMatch(/"À discuter"/);
    expect(l("1.1.3")[k.indexOf("statut")]).toBeNull();
    // The agreed note has the same drop-down lists as the notes.
    expect(g.validations.filter((v) => v.plage.startsWith("N")).length).toBeGreaterThan(0);
  });

  it("porte la campagne (période et libellé) et refuse une période invalide", () => {
    const { plan } = trois(vide, { periode: "2026-t4", campagne: "fin de mission" });
    expect(lireMeta(valeurs(feuille(plan, FEUILLE_META)), "t")).toMatchObject({ periode: "2026-T4", campagne: "fin de mission" });
    expect(feuille(plan, FEUILLE_GRILLE).miseEnPage?.enTete?.droite).toBe("Période 2026-T4 · fin de mission");
    expect(() => trois(vide, { periode: "2026-S3" })).toThrow(/Période « 2026-S3 » invalide/);
  });
});
