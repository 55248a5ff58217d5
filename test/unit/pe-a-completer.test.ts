/**
 * One rule for « what is left to complete »: the Word pane's section badge and the document's
 * « [À compléter : …] » markers both come from aCompleterSection, so a section can never show
 * « prête » while its region prints a marker. Checked on random answers for every template.
 * Also: the PE period (five years at most) and the warnings that name fields by their label.
 */
import fc from "fast-check";
import { modeleLivre, MODELES_LIVRES } from "../../src/core/pe/catalogue";
import { aCompleterSection, erreurPeriode, etatSection, LIBELLE_SOURCE, planifierDocument, verifierReponses, type Bloc, type ReponsesDocument, type ValeurChamp } from "../../src/core/pe/document";
import type { ModeleDocument } from "../../src/core/pe/modele";
import { calculerScores } from "../../src/core/scores";
import { referentielLivre } from "../../src/core/catalogue";

/** Every marker a region prints: « [À compléter : X] » and « [Résultats d'évaluation : …] ». */
function marqueurs(blocs: Bloc[]): string[] {
  const textes = blocs.flatMap((b) => (b.type === "paragraphe" ? [b.texte] : b.type === "tableau" ? b.lignes.flat() : b.type === "liste" ? b.elements : []));
  const sources = Object.values(LIBELLE_SOURCE).join("|");
  return textes.flatMap((t) => [...t.matchAll(new RegExp(`\\[(?:À compléter : ([^\\]]+)|(${sources}) : [^\\]]*)\\]`, "g"))].map((m) => m[1] ?? m[2]!));
}

/** Random answers for a template: some variables and fields empty, some filled, some texts using {{variables}}. */
function reponsesAleatoires(m: ModeleDocument): fc.Arbitrary<ReponsesDocument> {
  const texte = fc.oneof(fc.constant(""), fc.constant("Texte libre"), ...m.variables.slice(0, 3).map((v) => fc.constant(`Avec {{${v.id}}} dedans`)));
  const variables = fc.record(Object.fromEntries(m.variables.map((v) => [v.id, v.type === "nombre" ? fc.oneof(fc.constant(null), fc.integer({ min: 2020, max: 2030 })) : v.type === "choix" ? fc.constantFrom(null, ...(v.choix ?? [])) : fc.oneof(fc.constant(null), fc.constant("Valeur"))])));
  const champ = (c: ModeleDocument["sections"][number]["champs"][number]): fc.Arbitrary<ValeurChamp> => {
    if (c.type === "liste") return fc.array(fc.record(Object.fromEntries((c.colonnes ?? []).map((k) => [k.id, k.type === "date" ? fc.constantFrom("", "2027-02-25") : texte]))), { maxLength: 2 });
    if (c.type === "nombre") return fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 99 }));
    if (c.type === "date") return fc.constantFrom(null, "2026-05-01");
    if (c.type === "choix") return fc.constantFrom(null, ...(c.choix ?? []));
    return texte;
  };
  const sections = fc.record(Object.fromEntries(m.sections.map((s) => [s.id, fc.record({ champs: fc.record(Object.fromEntries(s.champs.map((c) => [c.id, champ(c)]))) })])));
  return fc.tuple(variables, sections).map(([v, s]) => verifierReponses(m, { modele: m.id, variables: v, sections: s }).reponses);
}

describe("une seule règle pour la pastille et les « [À compléter] » du document", () => {
  it.each(MODELES_LIVRES)("%s : chaque région imprime exactement les marques que la règle annonce ; « prête » n'en imprime aucune", (id) => {
    const m = modeleLivre(id);
    fc.assert(
      fc.property(reponsesAleatoires(m), fc.boolean(), (r, joint) => {
        const ref = referentielLivre("eps-maroc");
        const evaluation = joint ? { resultats: calculerScores({ referentiel: ref, evaluateurs: [], lignes: new Map(), anomalies: [], source: "x", feuille: "G" }) } : null;
        const plan = planifierDocument(m, r, evaluation);
        for (const region of plan.regions) {
          const s = m.sections.find((x) => x.id === region.sectionId)!;
          // A consolidation is never joined here: the capitalisation's sections wait for one.
          const attendu = aCompleterSection(m, s, r, { evaluation: joint });
          expect({ section: s.id, marques: marqueurs(region.blocs).sort() }).toEqual({ section: s.id, marques: [...attendu].sort() });
          if (etatSection(m, s, r, { evaluation: joint }) === "prete") expect(marqueurs(region.blocs)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  const pe = modeleLivre("pe-eps");
  const identite = pe.sections.find((s) => s.id === "identite")!;
  const qualite = pe.sections.find((s) => s.id === "qualite")!;
  const base = { modele: "pe-eps", variables: { etablissement: "EPS Al Amal", organisme: "Association", debut: 2026, fin: 2030 }, sections: {} } as ReponsesDocument;

  it("un champ facultatif vide n'est pas imprimé : la section est prête sans lui (l'année de création)", () => {
    const r: ReponsesDocument = { ...base, sections: { identite: { champs: { histoire: "Ouvert en 2001." } } } };
    expect(aCompleterSection(pe, identite, r)).toEqual([]);
    expect(etatSection(pe, identite, r)).toBe("prete");
    const region = planifierDocument(pe, r).regions.find((x) => x.sectionId === "identite")!;
    expect(JSON.stringify(region.blocs)).not.toContain("Année de création");
  });

  it("une ligne de tableau ajoutée mais jamais remplie ne compte pas : « Partenaires » reste à compléter, sans tableau vide", () => {
    const partenariats = pe.sections.find((s) => s.id === "partenariats")!;
    const r: ReponsesDocument = { ...base, sections: { partenariats: { champs: { partenaires: [{ nom: "", domaine: " ", formalisation: "" }] } } } };
    expect(aCompleterSection(pe, partenariats, r)).toEqual(["Partenaires"]);
    expect(etatSection(pe, partenariats, r)).toBe("vide");
    const blocs = planifierDocument(pe, r).regions.find((x) => x.sectionId === "partenariats")!.blocs;
    expect(blocs.some((b) => b.type === "tableau")).toBe(false);
    const rempli: ReponsesDocument = { ...base, sections: { partenariats: { champs: { partenaires: [{ nom: "", domaine: "", formalisation: "" }, { nom: "Hôpital", domaine: "Santé", formalisation: "" }] } } } };
    expect(etatSection(pe, partenariats, rempli)).toBe("prete");
    expect(planifierDocument(pe, rempli).regions.find((x) => x.sectionId === "partenariats")!.blocs.find((b) => b.type === "tableau")).toMatchObject({ lignes: [["Hôpital", "Santé", ""]] });
  });

  it("une variable vide citée par le texte de la section la garde « en cours »", () => {
    const r: ReponsesDocument = { ...base, variables: { ...base.variables, organisme: null }, sections: { identite: { champs: { histoire: "Ouvert en 2001." } } } };
    expect(aCompleterSection(pe, identite, r)).toEqual(["Organisme gestionnaire (association)"]);
    expect(etatSection(pe, identite, r)).toBe("en-cours");
  });

  it("la section qualité : vide sans rien, en cours une fois le classeur joint, prête quand les enseignements sont écrits", () => {
    expect(etatSection(pe, qualite, base, { evaluation: false })).toBe("vide");
    expect(etatSection(pe, qualite, base, { evaluation: true })).toBe("en-cours");
    expect(aCompleterSection(pe, qualite, base, { evaluation: true })).toEqual(["Enseignements de l'évaluation"]);
    const ecrite: ReponsesDocument = { ...base, sections: { qualite: { champs: { enseignements: "Trois points forts." } } } };
    expect(etatSection(pe, qualite, ecrite, { evaluation: false })).toBe("en-cours");
    expect(aCompleterSection(pe, qualite, ecrite, { evaluation: false })).toEqual(["Résultats d'évaluation"]);
    expect(etatSection(pe, qualite, ecrite, { evaluation: true })).toBe("prete");
  });
});

describe("période du projet d'établissement", () => {
  const pe = modeleLivre("pe-eps");
  it("cinq ans au plus, comme le dit le libellé : 2026–2030 passe, 2026–2032 et une fin avant le début sont refusés", () => {
    expect(erreurPeriode(pe, { debut: 2026, fin: 2030 })).toBeNull();
    expect(erreurPeriode(pe, { debut: 2026, fin: 2032 })).toEqual({ variable: "fin", message: "de 2026 à 2032, le projet couvrirait 7 ans ; il en couvre 5 au plus : 2030 au plus tard" });
    expect(erreurPeriode(pe, { debut: 2026, fin: 2025 })).toEqual({ variable: "fin", message: "2025 est avant la première année (2026)" });
    expect(erreurPeriode(modeleLivre("guide-prf"), { debut: 2026, fin: 2040 })).toBeNull();
  });

  it("une fin au-delà de cinq ans est écartée avec un avertissement qui nomme le champ, et le document la demande", () => {
    const { reponses, avertissements } = verifierReponses(pe, { modele: "pe-eps", variables: { etablissement: "E", organisme: "O", debut: 2026, fin: 2032, prf: "non" }, sections: {} });
    expect(reponses.variables.fin).toBeUndefined();
    expect(avertissements).toEqual(["« Dernière année du projet (cinq ans au plus) » : de 2026 à 2032, le projet couvrirait 7 ans ; il en couvre 5 au plus : 2030 au plus tard : valeur ignorée"]);
    const identite = planifierDocument(pe, reponses).regions.find((r) => r.sectionId === "identite")!;
    expect(JSON.stringify(identite.blocs)).toContain("[À compléter : Dernière année du projet (cinq ans au plus)]");
  });
});
