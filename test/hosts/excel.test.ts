import { BUDGET_REQUETE, injecterDansExcel, valeurOffice } from "../../src/hosts/excel/injection";
import type { ContexteExcel } from "../../src/hosts/excel/api";
import { referentielLivre } from "../../src/core/catalogue";
import { chargerReferentiel, compterReferentiel } from "../../src/core/referential";
import { FEUILLE_META, lireMeta } from "../../src/core/metadata";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { ContexteFaux, ModeleClasseur } from "../helpers/excel-fake";
import { referentielGrossi } from "../helpers/referentiels";
import eps from "../../templates/referentiels/eps-maroc.json";

// Compile-time check: the real Excel API satisfies the subset the adapter is written against.
const apiReelle: ContexteExcel | null = null as Excel.RequestContext | null;

const ref = referentielLivre("eps-maroc");
const options = { referentiel: ref, etablissement: "EPS Agadir", periode: "2026", source: "Classeur1", maintenant: "2026-11-25T09:00:00Z" };

function classeurUtilisateur(): ModeleClasseur {
  const m = new ModeleClasseur();
  m.ajouterFeuille("Feuil1");
  m.ecrire("Feuil1", "A1", "données de l'utilisateur");
  return m;
}

describe("le faux Excel se comporte comme Excel là où l'adaptateur peut se tromper", () => {
  it("refuse une lecture avant load + sync", async () => {
    expect(apiReelle).toBeNull();
    const ctx = new ContexteFaux(classeurUtilisateur());
    const feuilles = ctx.workbook.worksheets;
    expect(() => feuilles.items).toThrow(/PropertyNotLoaded/);
    feuilles.load("items/name");
    expect(() => feuilles.items).toThrow(/PropertyNotLoaded/);
    await ctx.sync();
    expect(feuilles.items.map((f) => f.name)).toEqual(["Feuil1"]);
    expect(() => feuilles.items[0]!.visibility).toThrow(/PropertyNotLoaded/);
  });

  it("refuse de supprimer une feuille très masquée et une écriture aux mauvaises dimensions", () => {
    const ctx = new ContexteFaux(classeurUtilisateur());
    const ws = ctx.workbook.worksheets.add("Cachée");
    ws.visibility = "VeryHidden";
    expect(() => ws.delete()).toThrow(/GeneralException/);
    expect(() => (ws.getRange("A1:B2").values = [[1, 2]])).toThrow(/InvalidArgument/);
  });
});

describe("injection Office.js", () => {
  it("rend la grille dans un classeur neuf en 2 allers-retours", async () => {
    const modele = classeurUtilisateur();
    const ctx = new ContexteFaux(modele);
    const etapes: string[] = [];
    const rapport = await injecterDansExcel(ctx, { ...options, etape: (e) => etapes.push(e) });
    expect(ctx.syncs).toBe(2);
    expect(etapes).toEqual(["Lecture du classeur…", "Écriture de 154 lignes…"]);
    expect(rapport).toMatchObject({ criteres: 142, imperatifs: 22, lignes: 154, reponsesConservees: 0 });

    const g = modele.feuille(FEUILLE_GRILLE)!;
    const v = modele.valeurs(FEUILLE_GRILLE);
    expect(v).toHaveLength(155);
    expect(v[0]).toEqual(["Réf.", "Critère", "Chapitre", "Thématique", "Objectif", "Intitulé", "Méthode", "Impératif", "Catégories", "Note", "Commentaire", "Preuves", "Évaluateur", "Application", "Ce qu'on regarde", "Exemples de preuves"]);
    expect(v[1]![0]).toBe("1.1.1.a");
    expect(modele.tableaux).toEqual([expect.objectContaining({ nom: "QE_Grille", adresse: "A1:P155", feuille: g })]);
    expect(g.protegee).toMatchObject({ allowAutoFilter: true, allowFormatColumns: true });
    expect(g.figee).toEqual({ lignes: 1, colonnes: 1 });
    expect(g.cellules.get("1,9")?.deverrouillee).toBe(true); // J2
    expect(g.cellules.get("1,5")?.deverrouillee).toBeUndefined(); // F2 reste verrouillée
    expect(g.cellules.get("1,10")?.nf).toBe("@");
    expect(g.validations.map((x) => x.rule.list?.source)).toEqual(expect.arrayContaining(["1,2,3,4,NC", "1,4"]));
    expect(g.validations.every((x) => x.errorAlert?.style === "Stop" && x.errorAlert.showAlert)).toBe(true);
    expect(g.misesEnForme[0]).toMatchObject({ formule: '=AND($H2="Oui",ISNUMBER(J2),J2<4)', fond: "#C00000" });
    expect(g.largeurs.get(5)).toBe(360);
    expect(modele.feuille(FEUILLE_META)!.visibilite).toBe("VeryHidden");
    expect(lireMeta(modele.valeurs(FEUILLE_META), "x")).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Agadir" });
    expect(modele.active).toBe(g);
    // The synthesis sheet: live formulas (not text) and a radar of the 9 thematics.
    const synthese = modele.feuille("Synthèse")!;
    const formules = [...synthese.cellules.values()].filter((c) => c.formule);
    expect(formules.length).toBeGreaterThan(142 * 4);
    expect(synthese.cellules.get("5,22")?.formule).toBe(`=IF(SUM($AG$7:$AG$9)=0,"",ROUND(SUM($AF$7:$AF$9)/SUM($AG$7:$AG$9),2))`); // W6: establishment score
    // The report at the top left reads it; the radar draws the thematics' names and scores.
    expect(synthese.cellules.get("5,2")?.formule).toBe("=W6"); // C6
    expect(synthese.graphiques).toEqual([expect.objectContaining({ type: "Radar", source: "C19:C27", categories: "B19:B27", min: 1, max: 4, position: ["I2", "R30"] })]);
    // Helper columns hidden; row heights fitted; printed landscape on one page wide (ExcelApi 1.9).
    expect([...synthese.colonnesMasquees].sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => 19 + i));
    expect(synthese.miseEnPage).toMatchObject({ orientation: "Landscape", paperSize: "A4", zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, zone: "A1:R51" });
    expect(synthese.miseEnPage.enTete).toEqual({ leftHeader: "EPS Agadir", centerHeader: "Synthèse de l'évaluation · eps-maroc 1.1.0", rightHeader: "Période 2026", centerFooter: "Page &P sur &N" });
    expect(g.miseEnPage).toMatchObject({ orientation: "Landscape", titres: "$1:$1", printGridlines: true });
    expect(g.hauteurs.get(2)).toBeGreaterThanOrEqual(45); // 1.1.1.a: three lines of text
    expect(g.hauteurs.has(1)).toBe(false); // the header row keeps one line
    expect(modele.valeurs("Feuil1")).toEqual([["données de l'utilisateur"]]);
  });

  it("réinjecte en 3 allers-retours en gardant chaque réponse, et supprime l'ancienne méta très masquée", async () => {
    const modele = classeurUtilisateur();
    await injecterDansExcel(new ContexteFaux(modele), options);
    modele.ecrire(FEUILLE_GRILLE, "J2", 4);
    modele.ecrire(FEUILLE_GRILLE, "K2", "=pas une formule");
    modele.ecrire(FEUILLE_GRILLE, "J30", "NC");
    modele.ecrire(FEUILLE_GRILLE, "M30", "Fatima");
    const ctx = new ContexteFaux(modele);
    const rapport = await injecterDansExcel(ctx, { ...options, etablissement: undefined, maintenant: "2026-12-01T00:00:00Z" });
    expect(ctx.syncs).toBe(3);
    expect(rapport.reponsesConservees).toBe(2);
    const v = modele.valeurs(FEUILLE_GRILLE);
    expect(v[1]![9]).toBe(4);
    expect(v[1]![10]).toBe("=pas une formule");
    expect(modele.feuille(FEUILLE_GRILLE)!.cellules.get("1,10")?.formule).toBeUndefined();
    expect(v[29]![9]).toBe("NC");
    expect(v[29]![12]).toBe("Fatima");
    expect(modele.feuilles.map((f) => f.nom)).toEqual(["Feuil1", FEUILLE_GRILLE, "Synthèse", FEUILLE_META]);
    expect(modele.tableaux).toHaveLength(1);
    expect(lireMeta(modele.valeurs(FEUILLE_META), "x")).toMatchObject({ etablissement: "EPS Agadir", modifieLe: "2026-12-01T00:00:00Z", creeLe: "2026-11-25T09:00:00Z" });
  });

  it.each([
    [10, 1420, 1540],
    [20, 2840, 3080],
  ])("découpe l'écriture d'un référentiel ×%i en requêtes d'au plus 2 Mo (Excel sur le web refuse 5 Mo), et garde les réponses", async (facteur, criteres, lignes) => {
    const grand = referentielGrossi(facteur);
    expect(compterReferentiel(grand).criteres).toBe(criteres);
    const modele = classeurUtilisateur();
    const ctx = new ContexteFaux(modele);
    const rapport = await injecterDansExcel(ctx, { ...options, referentiel: grand });
    expect(rapport.lignes).toBe(lignes);
    const total = ctx.octetsParSync.reduce((a, b) => a + b, 0);
    // The fake counts each operation's JSON plus 40 bytes: allow that envelope over the estimate.
    expect(Math.max(...ctx.octetsParSync)).toBeLessThan(BUDGET_REQUETE * 1.1);
    expect(ctx.syncs).toBeGreaterThanOrEqual(1 + Math.ceil(total / (BUDGET_REQUETE * 1.1)));
    expect(ctx.syncs).toBeLessThanOrEqual(2 + Math.ceil((2 * total) / BUDGET_REQUETE));
    modele.ecrire(FEUILLE_GRILLE, `J${lignes + 1}`, 3);
    const ctx2 = new ContexteFaux(modele);
    const r2 = await injecterDansExcel(ctx2, { ...options, referentiel: grand });
    expect(Math.max(...ctx2.octetsParSync)).toBeLessThan(BUDGET_REQUETE * 1.1);
    expect(r2.reponsesConservees).toBe(1);
    expect(modele.valeurs(FEUILLE_GRILLE)[lignes]![9]).toBe(3);
  });

  it("le référentiel livré reste en 2 allers-retours (3 en réinsertion), une seule requête d'écriture sous le budget", async () => {
    const modele = classeurUtilisateur();
    const ctx = new ContexteFaux(modele);
    await injecterDansExcel(ctx, { ...options, referentiel: referentielLivre("eps-maroc") });
    expect(ctx.syncs).toBe(2);
    expect(Math.max(...ctx.octetsParSync)).toBeLessThan(BUDGET_REQUETE / 4);
    const ctx2 = new ContexteFaux(modele);
    await injecterDansExcel(ctx2, { ...options, referentiel: referentielLivre("eps-maroc") });
    expect(ctx2.syncs).toBe(3);
  });

  it("écrit comme texte un libellé qui commence par =, + ou -", async () => {
    const d = structuredClone(eps) as any;
    d.chapitres[0].thematiques[0].objectifs[0].criteres[1].libelle.fr = "=HYPERLINK(\"http://exemple\")";
    d.chapitres[0].thematiques[0].objectifs[0].criteres[2].libelle.fr = "-5 points si absent";
    const modele = classeurUtilisateur();
    await injecterDansExcel(new ContexteFaux(modele), { ...options, referentiel: chargerReferentiel(d) });
    const g = modele.feuille(FEUILLE_GRILLE)!;
    expect([...g.cellules.values()].some((c) => c.formule)).toBe(false);
    expect(modele.valeurs(FEUILLE_GRILLE).map((l) => l[5])).toEqual(expect.arrayContaining(['=HYPERLINK("http://exemple")', "-5 points si absent"]));
    expect(valeurOffice("+212 6")).toBe("'+212 6");
    expect(valeurOffice({ formule: "SUM(A1:A2)" })).toBe("=SUM(A1:A2)");
  });

  it("ne touche pas la feuille « Grille qualité » de l'utilisateur", async () => {
    const modele = classeurUtilisateur();
    modele.ajouterFeuille("Grille qualité");
    modele.ecrire("Grille qualité", "B2", "ma grille à moi");
    const rapport = await injecterDansExcel(new ContexteFaux(modele), options);
    expect(rapport.feuilleGrille).toBe("Grille qualité (2)");
    expect(modele.valeurs("Grille qualité")).toEqual([["", ""], ["", "ma grille à moi"]]);
  });

  it("refuse un autre référentiel sans rien écrire", async () => {
    const modele = classeurUtilisateur();
    await injecterDansExcel(new ContexteFaux(modele), options);
    const avant = JSON.stringify(modele.feuilles.map((f) => [f.nom, f.visibilite, modele.valeurs(f.nom)]));
    const ctx = new ContexteFaux(modele);
    await expect(injecterDansExcel(ctx, { ...options, referentiel: referentielLivre("q4c") })).rejects.toThrow(/Classeur1 contient déjà une grille du référentiel « eps-maroc »/);
    expect(JSON.stringify(modele.feuilles.map((f) => [f.nom, f.visibilite, modele.valeurs(f.nom)]))).toBe(avant);
  });
});
