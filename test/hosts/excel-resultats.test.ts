import { injecterDansExcel } from "../../src/hosts/excel/injection";
import { calculerDansExcel, genererPaqDansExcel, selectionnerDansExcel } from "../../src/hosts/excel/resultats";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_PAQ, ORIGINES } from "../../src/core/paq";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { ContexteFaux, ModeleClasseur } from "../helpers/excel-fake";
import { referentielGrossi } from "../helpers/referentiels";

const ref = referentielLivre("eps-maroc");

async function classeurNote(evaluateurs: string[] = []) {
  const modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  await injecterDansExcel(new ContexteFaux(modele), { referentiel: ref, source: "Classeur1", evaluateurs, maintenant: "2026-11-25T00:00:00Z" });
  return modele;
}

describe("résultats dans Excel", () => {
  it("lit la grille et la méta en un seul aller-retour et calcule comme le cœur", async () => {
    const modele = await classeurNote();
    modele.ecrire(FEUILLE_GRILLE, "J2", 4);
    modele.ecrire(FEUILLE_GRILLE, "J3", 4);
    modele.ecrire(FEUILLE_GRILLE, "J4", 1);
    modele.ecrire(FEUILLE_GRILLE, "J6", "NC");
    const ctx = new ContexteFaux(modele);
    const r = await calculerDansExcel(ctx, "Classeur1");
    expect(ctx.syncs).toBe(1);
    expect(r.global).toBe(3);
    expect(r.imperatifsNonAtteints).toEqual(["1.1.1"]);
    expect(r.criteres.find((c) => c.id === "1.1.1")!.ligne).toBe(2);
    expect(r.nc).toBe(1);
  });

  it("un seul aller-retour aussi pour un référentiel dix fois plus grand", async () => {
    const modele = new ModeleClasseur();
    modele.ajouterFeuille("Feuil1");
    await injecterDansExcel(new ContexteFaux(modele), { referentiel: referentielGrossi(10), source: "C" });
    const ctx = new ContexteFaux(modele);
    const r = await calculerDansExcel(ctx, "C");
    expect(ctx.syncs).toBe(1);
    expect(r.total).toBe(1420);
  });

  it("dit en français qu'il faut d'abord insérer le référentiel", async () => {
    const modele = new ModeleClasseur();
    modele.ajouterFeuille("Feuil1");
    await expect(calculerDansExcel(new ContexteFaux(modele), "Classeur1")).rejects.toThrow("Classeur1 ne contient pas de grille Qualité EPS : insérez d'abord le référentiel");
  });

  it("sélectionne la ligne d'un critère en un aller-retour", async () => {
    const modele = await classeurNote();
    const ctx = new ContexteFaux(modele);
    await selectionnerDansExcel(ctx, FEUILLE_GRILLE, "A5:M5");
    expect(ctx.syncs).toBe(1);
    expect(modele.feuille(FEUILLE_GRILLE)!.selection).toBe("A5:M5");
    expect(modele.active?.nom).toBe(FEUILLE_GRILLE);
  });

  it("rédige le plan d'amélioration en 3 allers-retours et garde ensuite les lignes travaillées", async () => {
    const modele = await classeurNote(["Amina", "Youssef"]);
    modele.ecrire(FEUILLE_GRILLE, "J2", 1);
    modele.ecrire(FEUILLE_GRILLE, "K2", 1);
    const ctx = new ContexteFaux(modele);
    const rapport = await genererPaqDansExcel(ctx, { source: "Classeur1", maintenant: "2026-11-25T00:00:00Z" });
    expect(ctx.syncs).toBe(3);
    expect(rapport).toMatchObject({ feuille: FEUILLE_PAQ, imperatifs: 1 });
    expect(modele.valeurs(FEUILLE_PAQ)[1]!.slice(0, 3)).toEqual(["1.1.1", expect.any(String), ORIGINES.imperatif]);
    expect(modele.feuille(FEUILLE_PAQ)!.protegee).not.toBeNull();
    // The user writes an action (unlocked column F), then the plan is regenerated.
    const paq = modele.feuille(FEUILLE_PAQ)!;
    paq.cellules.set("1,5", { ...paq.cellules.get("1,5"), v: "Rédiger la politique" });
    await genererPaqDansExcel(new ContexteFaux(modele), { source: "Classeur1", maintenant: "2026-12-02T00:00:00Z" });
    expect(modele.valeurs(FEUILLE_PAQ)[1]![5]).toBe("Rédiger la politique");
    expect(modele.feuilles.filter((f) => f.nom.startsWith("Plan"))).toHaveLength(1);
  });
});

describe("consolidation écrite dans Excel", () => {
  it("ajoute les feuilles consolidées en 2 allers-retours, sans toucher aux feuilles existantes", async () => {
    const { consolider } = await import("../../src/core/consolidation");
    const { planifierConsolidation } = await import("../../src/core/consolidation-plan");
    const { ecrireConsolidationExcel } = await import("../../src/hosts/excel/injection");
    const ref = referentielLivre("eps-maroc");
    const source = (nom: string, note: number) => ({
      fichier: `${nom}.xlsx`,
      etablissement: nom,
      periode: "2026",
      modifieLe: "",
      evaluation: { referentiel: ref, evaluateurs: [], lignes: new Map([["1.1.2", { ref: "1.1.2", critereId: "1.1.2", notes: [note], ligne: 5 }]]), anomalies: [], source: nom, feuille: "G" },
    });
    const c = consolider([source("EPS A", 4), source("EPS B", 1)]);
    const modele = new ModeleClasseur();
    modele.ajouterFeuille("Consolidation");
    modele.ecrire("Consolidation", "A1", "à moi");
    const ctx = new ContexteFaux(modele);
    await ecrireConsolidationExcel(ctx, (existantes) => planifierConsolidation(c, existantes));
    expect(ctx.syncs).toBe(2);
    expect(modele.valeurs("Consolidation")).toEqual([["à moi"]]);
    expect(modele.feuilles.map((f) => f.nom)).toContain("Consolidation (2)");
    const m = modele.feuille("Matrice thématiques")!;
    const echelle = (plage: string, min: string, max: string) => ({ plage, criteria: expect.objectContaining({ minimum: expect.objectContaining({ formula: min }), maximum: expect.objectContaining({ formula: max }) }) });
    // Scores 1–4; completion (column D) on its own 0–1 scale.
    expect(m.echelles).toEqual([echelle("C2:C4", "1", "4"), echelle("F2:N4", "1", "4"), echelle("D2:E4", "0", "1")]);
    expect(modele.valeurs("Matrice thématiques").map((l) => l[0])).toEqual(["Établissement", "EPS A", "EPS B", "Moyenne nationale"]);
    expect(modele.feuille("Consolidation (2)")!.graphiques).toHaveLength(1);
  });
});
