/** Pure pieces of the Excel pane: the form read back from a workbook, radar labels, isolated sentences. */
import { renderToStaticMarkup } from "react-dom/server";
import { identiteDuClasseur, identiteInitiale, listeEvaluateurs } from "../../src/taskpane/excel/identite";
import { etiquetteCourte } from "../../src/taskpane/commun/Radar";
import { phraseIsolee } from "../../src/taskpane/i18n/isole";
import "../../src/taskpane/i18n/excel";
import type { Metadonnees } from "../../src/core/metadata";

const meta: Metadonnees = {
  format: 1,
  referentielId: "q4c",
  referentielVersion: "1.0.0",
  empreinte: "x",
  etablissement: "Village d'enfants Aït Ourir",
  periode: "2026-S1",
  feuilleGrille: "Grille qualité",
  tableauGrille: "QE_Grille",
  colonnes: [],
  creeLe: "",
  modifieLe: "",
  evaluateurs: ["Amina", "Youssef"],
  consensus: "moyenne",
  categories: ["prf"],
  campagne: "état initial",
};

describe("formulaire relu du classeur ouvert (mode fichier)", () => {
  it("reprend établissement, période, campagne, référentiel, évaluateurs, consensus et catégories", () => {
    expect(identiteDuClasseur(meta, identiteInitiale(2030))).toEqual({
      referentielId: "q4c",
      etablissement: "Village d'enfants Aït Ourir",
      periode: "2026-S1",
      campagne: "état initial",
      evaluateurs: "Amina, Youssef",
      consensus: "moyenne",
      categories: ["prf"],
    });
    expect(listeEvaluateurs(identiteDuClasseur(meta, identiteInitiale()).evaluateurs)).toEqual(["Amina", "Youssef"]);
  });

  it("un classeur sans métadonnées laisse le formulaire tel quel", () => {
    const saisie = { ...identiteInitiale(2030), etablissement: "EPS Tanger" };
    expect(identiteDuClasseur(null, saisie)).toBe(saisie);
  });
});

describe("étiquettes du radar", () => {
  it("un nom court tient sur une ligne ; un long sur deux, coupé aux mots, avec points de suspension", () => {
    expect(etiquetteCourte("Droits de la personne")).toEqual(["Droits de la", "personne"]);
    expect(etiquetteCourte("Bientraitance")).toEqual(["Bientraitance"]);
    const long = etiquetteCourte("Co-construction et personnalisation du projet d'accompagnement");
    expect(long).toHaveLength(2);
    expect(long[1]!.endsWith("…")).toBe(true);
    for (const l of long) expect(l.length).toBeLessThanOrEqual(15);
    expect(etiquetteCourte("التعبير والمشاركة")).toEqual(["التعبير", "والمشاركة"]);
  });
});

describe("phrases isolées (bidi)", () => {
  it("chaque valeur d'une phrase traduite est dans son propre <bdi>", () => {
    const html = renderToStaticMarkup(<>{phraseIsolee("ar", "fichier.courant", { nom: "évaluation (2026).xlsx" })}</>);
    expect(html).toBe("المصنف: <bdi>évaluation (2026).xlsx</bdi>");
    expect(renderToStaticMarkup(<>{phraseIsolee("fr", "corriger.ligne", { ligne: 14, cellule: "J14" })}</>)).toBe("Ligne <bdi>14</bdi>, cellule <bdi>J14</bdi>");
  });
});

describe("textes des onglets du volet Excel (chargés avec eux)", () => {
  it("l'arabe a chaque clé du français, en arabe ; une fois chargés, traduire les trouve", async () => {
    const { frExcel, arExcel } = await import("../../src/taskpane/i18n/excel");
    const { traduire } = await import("../../src/taskpane/i18n");
    expect(Object.keys(arExcel).sort()).toEqual(Object.keys(frExcel).sort());
    for (const v of Object.values(arExcel)) expect(v).toMatch(/[\u0600-\u06FF]/);
    expect(traduire("fr", "corriger.titre", { n: 3 })).toBe("À corriger (3)");
    expect(traduire("ar", "corriger.titre", { n: 3 })).toBe("للتصحيح (3)");
  });
});
