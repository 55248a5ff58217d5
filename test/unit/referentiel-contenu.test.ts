/**
 * What the shipped referentials promise the field: eps-maroc 1.1.0 covers the themes a referent
 * expects, never settles an imperative by one person's interview, agrees with q4c on which
 * subjects are imperative, and carries Arabic text for everything a field team reads.
 */
import { referentielLivre } from "../../src/core/catalogue";
import { criteresAplatis, type Referentiel } from "../../src/core/referential";
import { modeleLivre } from "../../src/core/pe/catalogue";

const eps = referentielLivre("eps-maroc");
const q4c = referentielLivre("q4c");
const critere = (r: Referentiel, id: string) => criteresAplatis(r).find((c) => c.critere.id === id)!.critere;

it("eps-maroc 1.1.0 : les thèmes manquants de la 1.0.0 ont leurs critères", () => {
  expect(eps.version).toBe("1.1.0");
  const textes = criteresAplatis(eps).map((c) => c.critere.libelle.fr).join("\n");
  for (const motif of [/violences entre enfants.*sexuelles/, /code de conduite/, /référente pour la protection de l'enfance/, /au-delà du casier judiciaire/, /nécessité du placement est vérifiée/, /réexaminée au moins tous les six mois/, /retour en famille.*par étapes/, /documents personnels/, /tante SOS/, /mère SOS quitte sa fonction/, /mère SOS prend part aux décisions/, /nés hors mariage et les mères seules/, /ni du sexe, ni de l'origine/, /Filles et garçons/]) {
    expect({ motif: String(motif), trouve: motif.test(textes) }).toEqual({ motif: String(motif), trouve: true });
  }
  expect(critere(eps, "2.7.1").elements![1]!.libelle.fr).toMatch(/ou selon un protocole écrit validé par un médecin/);
  expect(eps.chapitres[1]!.libelle.fr).toBe("L'accompagnement au quotidien : autonomie, santé et parcours");
});

it.each([["eps-maroc", eps], ["q4c", q4c]] as const)("%s : aucun impératif n'est établi par le seul accompagné traceur", (_nom, r) => {
  expect(criteresAplatis(r).filter((c) => c.critere.imperatif && c.critere.methode === "accompagne-traceur").map((c) => c.critere.id)).toEqual([]);
});

it("eps-maroc et q4c font le même choix d'impératif sur le même sujet", () => {
  const paires: [string, string, string][] = [
    ["1.1.4", "S10.1.2", "aucune punition corporelle ou humiliante"],
    ["1.13.1", "S6.1.1", "projet personnalisé écrit"],
    ["2.13.1", "S15.1.1", "sortie préparée et écrite"],
    ["2.16.1", "S1.1.2", "solutions familiales examinées avant l'accueil"],
  ];
  for (const [a, b, sujet] of paires) expect({ sujet, eps: critere(eps, a).imperatif, q4c: critere(q4c, b).imperatif }).toEqual({ sujet, eps: true, q4c: true });
  expect(q4c.migrations?.[0]).toMatchObject({ depuis: "1.0.0", revus: { "S1.1.2": expect.any(String) } });
});

it("eps-maroc : chaque objectif, critère, élément, repère d'évaluation, libellé d'échelle et catégorie a son texte arabe", () => {
  const arabe = /[\u0600-\u06FF]/;
  const sans: string[] = [];
  const verifier = (ou: string, l: { ar?: string } | undefined) => {
    if (!l?.ar || !arabe.test(l.ar)) sans.push(ou);
  };
  verifier("titre", eps.titre);
  for (const [n, l] of Object.entries(eps.echelle.libelles ?? {})) verifier(`echelle ${n}`, l);
  for (const c of eps.categories ?? []) verifier(`catégorie ${c.id}`, c.libelle);
  for (const ch of eps.chapitres) {
    verifier(`chapitre ${ch.id}`, ch.libelle);
    for (const th of ch.thematiques) {
      verifier(`thématique ${th.id}`, th.libelle);
      for (const ob of th.objectifs) {
        verifier(`objectif ${ob.id}`, ob.libelle);
        for (const cr of ob.criteres) {
          verifier(`critère ${cr.id}`, cr.libelle);
          verifier(`critère ${cr.id} : ce qu'on regarde`, cr.regarder);
          verifier(`critère ${cr.id} : exemples de preuves`, cr.preuves);
          for (const el of cr.elements ?? []) verifier(`élément ${el.id}`, el.libelle);
        }
      }
    }
  }
  expect(sans).toEqual([]);
});

it("l'échelle arabe qualifie la situation, jamais la personne (plus de « قليل الرضا »)", () => {
  const libelles = Object.values(eps.echelle.libelles ?? {}).map((l) => l.ar);
  expect(libelles).not.toContain("قليل الرضا");
  expect(eps.echelle.libelles?.["2"]?.ar).toBe("مُرضٍ قليلًا");
});

it.each(["pe-eps", "guide-prf"])("%s : chaque guide et chaque question a son texte arabe, variables {{…}} gardées", (id) => {
  const m = modeleLivre(id);
  const sans: string[] = [];
  for (const s of m.sections) {
    if (!s.guide.ar || !/[\u0600-\u06FF]/.test(s.guide.ar)) sans.push(`${s.id} : guide`);
    s.questions.forEach((q, i) => {
      if (!q.ar || !/[\u0600-\u06FF]/.test(q.ar)) sans.push(`${s.id} : question ${i + 1}`);
    });
    // The same {{variables}} in both languages, so the Arabic text is filled like the French.
    for (const t of [s.guide, ...s.questions]) expect({ s: s.id, ar: (t.ar ?? "").match(/\{\{\w+\}\}/g) ?? [] }).toEqual({ s: s.id, ar: t.fr.match(/\{\{\w+\}\}/g) ?? [] });
  }
  expect(sans).toEqual([]);
});
