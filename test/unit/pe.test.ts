import { modeleLivre, MODELES_LIVRES } from "../../src/core/pe/catalogue";
import { chargerModele } from "../../src/core/pe/modele";
import { etatSection, planifierDocument, remplacerVariables, verifierReponses, type Bloc } from "../../src/core/pe/document";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import peBrut from "../../templates/documents/pe-eps.json";
import { calculerScores } from "../../src/core/scores";
import { referentielLivre } from "../../src/core/catalogue";

const pe = modeleLivre("pe-eps");
const texte = (blocs: Bloc[]) =>
  blocs
    .map((b) => (b.type === "tableau" ? [...b.entetes, ...b.lignes.flat()].join(" ") : b.type === "liste" ? b.elements.join(" ") : b.type === "radar" ? `radar ${b.categories.join(",")}` : b.type === "image" ? "image" : `${"libelle" in b && b.libelle ? `${b.libelle} : ` : ""}${b.texte}`))
    .join("\n");

describe("modèles de document", () => {
  it("pe-eps suit le plan d'un projet d'établissement ; guide-prf prouve que le modèle est générique", () => {
    expect(MODELES_LIVRES).toEqual(["pe-eps", "guide-prf", "capitalisation"]);
    expect(pe.sections.map((s) => s.id)).toEqual(["identite", "cadre", "missions", "personnes", "valeurs", "bientraitance", "parcours", "prf", "organisation", "partenariats", "qualite", "objectifs", "elaboration", "annexes"]);
    expect(pe.sections.every((s) => s.guide.fr.length > 40)).toBe(true);
    expect(new Set(pe.sections.flatMap((s) => s.champs.map((c) => c.type)))).toEqual(new Set(["texte", "texteLong", "nombre", "date", "liste"]));
    expect(modeleLivre("guide-prf").sections.length).toBeGreaterThanOrEqual(4);
  });

  it("nomme le chemin d'une faute du modèle", () => {
    const d = structuredClone(peBrut) as any;
    d.sections[1].champs[0].type = "image";
    d.sections[3].condition = { variable: "inconnue", egal: "x" };
    expect(() => chargerModele(d, "modèle test")).toThrow(/sections\[1\]\.champs\[0\]\.type/);
    const e = structuredClone(peBrut) as any;
    e.sections[3].condition = { variable: "inconnue", egal: "x" };
    e.sections[0].texte.fr = "{{nulle}}";
    expect(() => chargerModele(e)).toThrow(/sections\[0\] : variable « nulle » inconnue dans le texte[\s\S]*sections\[3\]\.condition\.variable : variable « inconnue » inconnue/);
  });
});

describe("réponses", () => {
  it("signale en français ce qui ne va pas, sans bloquer", () => {
    const { reponses, avertissements } = verifierReponses(pe, {
      modele: "pe-eps",
      variables: { etablissement: "EPS", capacite: "beaucoup", prf: "peut-être", debut: 2026, fin: 2030, organisme: "A" },
      sections: { inconnue: {}, identite: { champs: { creation: "jadis", histoire: "Texte", bidon: 1 } }, cadre: { champs: { conventions: "pas une liste" } } },
    });
    // The field's label, never an internal path (variables.capacite, sections.identite.champs…).
    expect(avertissements).toEqual([
      "« Capacité d'accueil (places) » : « beaucoup » n'est pas un nombre",
      "« L'établissement mène-t-il un programme de renforcement familial ? » : « peut-être » n'est pas un choix permis (oui, non)",
      "« L'établissement mène-t-il un programme de renforcement familial ? » est obligatoire",
      "Section « inconnue » : inconnue du modèle « Projet d'établissement » : ignorée",
      "Section « Histoire et identité », « Année de création » : « jadis » n'est pas un nombre",
      "Section « Histoire et identité » : champ « bidon » inconnu : ignoré",
      "Section « Cadre juridique et mandat », « Conventions en vigueur » : une liste de lignes est attendue (chaque ligne : des textes ou des nombres par colonne)",
    ]);
    expect(avertissements.join("\n")).not.toMatch(/variables\.|sections\.|champs\./);
    expect(reponses.sections.identite!.champs).toEqual({ histoire: "Texte" });
  });

  it("refuse les réponses d'un autre modèle", () => {
    expect(() => verifierReponses(pe, { modele: "guide-prf", variables: {}, sections: {} }, "réponses x.json")).toThrow("Les réponses x.json sont celles du modèle « guide-prf », pas de « pe-eps ».");
  });

  it("suit l'avancement de chaque section", () => {
    const { reponses } = verifierReponses(pe, exemple);
    const s = (id: string) => etatSection(pe, pe.sections.find((x) => x.id === id)!, reponses);
    expect([s("identite"), s("parcours"), s("cadre")]).toEqual(["prete", "vide", "prete"]);
    expect(s("bientraitance")).toBe("prete");
  });
});

describe("plan du document", () => {
  const { reponses, avertissements } = verifierReponses(pe, exemple);
  const plan = planifierDocument(pe, reponses, null, avertissements);

  it("une région étiquetée par section, avec variables remplacées et champs remplis", () => {
    expect(plan.regions.map((r) => r.tag)).toContain("qe:pe-eps:identite");
    const identite = texte(plan.regions.find((r) => r.sectionId === "identite")!.blocs);
    expect(identite).toContain("Ce projet est celui de l'établissement Village d'enfants d'Aïn Sebaâ (exemple fictif), dont l'organisme gestionnaire est Association nationale de protection de l'enfance. Il couvre les années 2026 à 2030.");
    expect(identite).toContain("Année de création : 1998");
    expect(texte(plan.regions.find((r) => r.sectionId === "cadre")!.blocs)).toContain("31 décembre 2028");
  });

  it("montre à la place d'un champ obligatoire vide un texte à compléter, et le dit", () => {
    const parcours = plan.regions.find((r) => r.sectionId === "parcours")!.blocs;
    expect(parcours).toContainEqual({ type: "paragraphe", texte: "[À compléter : Admission et accueil]", style: "manquant" });
    expect(plan.avertissements).toContain("Section « Offre de service : le parcours d'accompagnement » : « Admission et accueil » reste à compléter.");
  });

  it("la section PRF n'existe que si l'établissement mène un programme", () => {
    expect(plan.regions.some((r) => r.sectionId === "prf")).toBe(true);
    const sans = planifierDocument(pe, { ...reponses, variables: { ...reponses.variables, prf: "non" } });
    expect(sans.regions.some((r) => r.sectionId === "prf")).toBe(false);
  });

  it("une variable vide reste visible", () => {
    expect(remplacerVariables("{{etablissement}} ({{ville}})", pe, { ...reponses, variables: { ville: "Fès" } })).toBe("[À compléter : Nom de l'établissement] (Fès)");
  });

  it("la section qualité reprend les résultats de l'évaluation", () => {
    const ref = referentielLivre("eps-maroc");
    const r = calculerScores({ referentiel: ref, evaluateurs: [], lignes: new Map([["1.1.1.a", { ref: "1.1.1.a", critereId: "1.1.1", notes: [1], ligne: 2 }]]), anomalies: [], source: "x", feuille: "G" });
    const p = planifierDocument(pe, reponses, { resultats: r, periode: "2026", paq: [["Réf.", "Action", "Responsable", "Échéance", "Statut"], ["1.1.1", "Rédiger la politique", "Direction", "2027-02-25", "En cours"]] });
    const q = texte(p.regions.find((x) => x.sectionId === "qualite")!.blocs);
    expect(q).toContain("score global 1,00 sur 4");
    const radar = p.regions.find((x) => x.sectionId === "qualite")!.blocs.find((b) => b.type === "radar")!;
    // The radar's axes carry the thematics' names, cut into short lines, not their codes.
    expect(radar).toMatchObject({ valeurs: [1, null, null, null, null, null, null, null, null] });
    if (radar.type !== "radar") throw new Error("radar attendu");
    expect(radar.categories.map((c) => c.replace(/\n/g, " "))).toEqual(ref.chapitres.flatMap((c) => c.thematiques.map((t) => t.libelle.fr)));
    expect(radar.categories.flatMap((c) => c.split("\n")).every((l) => l.length <= 22)).toBe(true);
    expect(q).toContain("1.1.1 (1,00) — Une politique écrite");
    expect(q).toContain("1.1.1 Rédiger la politique Direction 25\u00a0février\u00a02027 En cours");
    expect(texte(plan.regions.find((x) => x.sectionId === "qualite")!.blocs)).toContain("[Résultats d'évaluation : joignez le classeur");
  });
});
