/**
 * What makes a generated document fit for a board: French dates, a cover that says which
 * version it is, the improvement plan grouped by priority with the criteria's text, sentences
 * that stay grammatical whatever the names, table columns never narrower than their words.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { modeleLivre, MODELES_LIVRES } from "../../src/core/pe/catalogue";
import { blocsPlanAmelioration, dimensionsImage, formaterDate, planifierDocument, verifierReponses, type Bloc } from "../../src/core/pe/document";
import { couperLibelle, largeursColonnes, largeurPlusLongMot, largeurTexte, lignesRetour } from "../../src/core/mesure-texte";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";

const pe = modeleLivre("pe-eps");
const texteDe = (blocs: Bloc[]) => blocs.map((b) => (b.type === "paragraphe" || b.type === "titre" ? b.texte : b.type)).join("\n");
const logo = `data:image/png;base64,${readFileSync(join(__dirname, "..", "..", "assets", "icon-80.png")).toString("base64")}`;

describe("dates en français", () => {
  it("écrit le jour, le mois en lettres et l'année ; « 1er » le premier du mois", () => {
    expect(formaterDate("2027-02-25")).toBe("25 février 2027");
    expect(formaterDate("2027-03-01")).toBe("1er mars 2027");
    expect(formaterDate("2028-12-31")).toBe("31 décembre 2028");
    expect(formaterDate("bientôt")).toBe("bientôt");
    expect(formaterDate("2027-13-01")).toBe("2027-13-01");
  });
});

describe("page de titre", () => {
  it("établissement, organisme gestionnaire, période, version et statut « projet » tant que rien n'est validé", () => {
    const { reponses } = verifierReponses(pe, exemple);
    const plan = planifierDocument(pe, reponses);
    const t = texteDe(plan.couverture);
    expect(t).toContain("Projet d'établissement");
    expect(t).toContain("Village d'enfants d'Aïn Sebaâ (exemple fictif)");
    expect(t).toContain("Association nationale de protection de l'enfance");
    expect(t).toContain("2026–2030");
    expect(t).toContain("Projet soumis à validation");
    expect(plan.enTete).toBe("Village d'enfants d'Aïn Sebaâ (exemple fictif) · Projet d'établissement 2026–2030");
  });

  it("une version validée porte sa date en français, et le logo des réponses vient en tête", () => {
    const { reponses, avertissements } = verifierReponses(pe, { ...exemple, edition: { version: "2", valideLe: "2027-02-25", logo } });
    expect(avertissements).toEqual([]);
    const plan = planifierDocument(pe, reponses);
    expect(texteDe(plan.couverture)).toContain("Version 2 · validée le 25 février 2027");
    expect(plan.couverture[0]).toMatchObject({ type: "image", format: "png", largeur: 70, hauteur: 70 });
  });

  it("un logo ou une date illisibles sont signalés en français, et le document se fait sans eux", () => {
    const { reponses, avertissements } = verifierReponses(pe, { ...exemple, edition: { valideLe: "25/02/2027", logo: "data:image/gif;base64,R0lGOD" } });
    expect(avertissements).toEqual([
      "Date de validation : « 25/02/2027 » n'est pas une date AAAA-MM-JJ",
      "Logo : le logo doit être une image PNG ou JPEG (adresse data:image/png;base64,…) ; la page de titre est faite sans logo",
    ]);
    expect(reponses.edition).toBeUndefined();
    expect(planifierDocument(pe, reponses).couverture.some((b) => b.type === "image")).toBe(false);
  });

  it("lit la taille d'un PNG et d'un JPEG dans leur en-tête", () => {
    expect(dimensionsImage(readFileSync(join(__dirname, "..", "..", "assets", "icon-128.png")))).toEqual({ format: "png", largeur: 128, hauteur: 128 });
    // A minimal JPEG header: SOI, APP0 (16 bytes), SOF0 with height 30 and width 40.
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...Array(14).fill(0), 0xff, 0xc0, 0, 17, 8, 0, 30, 0, 40, 3]);
    expect(dimensionsImage(jpeg)).toEqual({ format: "jpg", largeur: 40, hauteur: 30 });
    expect(dimensionsImage(Uint8Array.from([1, 2, 3]))).toBeNull();
  });
});

describe("plan d'amélioration dans le document", () => {
  const paq = [
    ["Réf.", "Critère", "Origine", "Priorité", "Score", "Action", "Responsable", "Échéance", "Statut"],
    ["1.3.4", "L'image de l'enfant n'est utilisée qu'avec son accord.", "Score sous le seuil", 2, 1.5, null, null, "2027-11-25", "À faire"],
    ["2.7.1", "Les médicaments sont gérés de façon sûre.", "Impératif non atteint", 1, 3.5, "Armoire fermée et registre", "Infirmière", "2027-02-25", "En cours"],
  ];

  it("groupe les actions par priorité, avec le texte du critère et l'échéance en français", () => {
    const blocs = blocsPlanAmelioration(paq);
    const intertitres = blocs.filter((b) => b.type === "paragraphe" && b.style === "intertitre").map((b) => (b as { texte: string }).texte);
    expect(intertitres).toEqual(["Priorité 1 : critères impératifs non atteints ou à trancher (1)", "Priorité 2 : critères sous le seuil ou en désaccord (1)"]);
    const tableaux = blocs.filter((b) => b.type === "tableau");
    expect(tableaux.map((t) => t.type === "tableau" && t.lignes)).toEqual([
      [["2.7.1 Les médicaments sont gérés de façon sûre.", "Armoire fermée et registre", "Infirmière", "25\u00a0février\u00a02027", "En cours"]],
      [["1.3.4 L'image de l'enfant n'est utilisée qu'avec son accord.", "À\u00a0définir", "", "25\u00a0novembre\u00a02027", "À faire"]],
    ]);
    expect(JSON.stringify(blocs)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("rien quand le plan est vide", () => {
    expect(blocsPlanAmelioration([])).toEqual([]);
    expect(blocsPlanAmelioration([paq[0]!])).toEqual([]);
  });
});

describe("phrases générées", () => {
  it("aucun nom n'est placé là où un article devrait s'accorder avec lui (« de Village… », « par Association… »)", () => {
    const noms = /\{\{\s*(etablissement|organisme|programme)\s*\}\}/;
    for (const id of MODELES_LIVRES) {
      const m = modeleLivre(id);
      const textes = m.sections.flatMap((s) => [s.texte?.fr ?? "", s.guide.fr, ...s.questions.map((q) => q.fr)]);
      for (const t of textes) {
        for (const phrase of t.split(/(?<=[.?!])\s+/)) {
          if (!noms.test(phrase)) continue;
          // A name starts no sentence and follows no bare preposition or article.
          expect({ id, phrase, debut: new RegExp(`^${noms.source}`).test(phrase) }).toEqual({ id, phrase, debut: false });
          expect({ id, phrase, apres: new RegExp(`\\b(de|du|des|par|à|au|aux|le|la|les|pour|avec|s'adresse)\\s+${noms.source}`, "i").test(phrase) }).toEqual({ id, phrase, apres: false });
        }
      }
    }
  });

  it("avec « Association Al Amal » et « EPS Tanger », la phrase d'identité reste correcte", () => {
    const { reponses } = verifierReponses(pe, { ...exemple, variables: { ...exemple.variables, etablissement: "EPS Tanger", organisme: "Association Al Amal" } });
    const identite = planifierDocument(pe, reponses).regions.find((r) => r.sectionId === "identite")!;
    expect(texteDe(identite.blocs)).toContain("Ce projet est celui de l'établissement EPS Tanger, dont l'organisme gestionnaire est Association Al Amal.");
    const personnes = planifierDocument(pe, reponses).regions.find((r) => r.sectionId === "personnes")!;
    expect(texteDe(personnes.blocs)).toContain("La capacité d'accueil de l'établissement est de 96 places.");
  });
});

describe("mesure du texte", () => {
  it("chaque colonne est au moins aussi large que son plus long mot, et la table tient dans la page", () => {
    const entetes = ["Critère", "Action", "Responsable", "Échéance", "Statut"];
    const lignes = [["1.1.1 Une politique de bientraitance écrite est connue de tous les professionnels", "À\u00a0définir", "Chef de service", "25\u00a0novembre\u00a02027", "À faire"]];
    const l = largeursColonnes(entetes, lignes, 480, { taillePt: 9.5, marge: 12 });
    expect(l.reduce((a, b) => a + b, 0)).toBeCloseTo(480, 5);
    entetes.forEach((h, i) => {
      expect(l[i]).toBeGreaterThanOrEqual(largeurPlusLongMot(h, 9.5, true) + 12);
      expect(l[i]).toBeGreaterThanOrEqual(largeurPlusLongMot(lignes[0]![i]!, 9.5) + 12);
    });
    // A no-break space joins the date: it is one word.
    expect(largeurPlusLongMot("25\u00a0novembre\u00a02027", 10)).toBe(largeurTexte("25\u00a0novembre\u00a02027", 10));
  });

  it("compte les lignes d'un texte coupé aux mots, et coupe les libellés des axes", () => {
    expect(lignesRetour("un deux trois", 1000, 10)).toBe(1);
    expect(lignesRetour("un deux trois", largeurTexte("un deux", 10) + 1, 10)).toBe(2);
    expect(lignesRetour("a\nb\nc", 100, 10)).toBe(3);
    expect(couperLibelle("Co-construction et personnalisation du projet d'accompagnement", 22)).toBe("Co-construction et\npersonnalisation du\nprojet\nd'accompagnement");
  });
});
