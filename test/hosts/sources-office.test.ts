/**
 * The pane's Office source against the typed fake: Excel.run hands over the fake's context, so
 * the pane's real wiring (delayForCellEdit, listening to the grid's table, removal) runs.
 */
import { sourceOffice } from "../../src/taskpane/excel/sources";
import { injecterDansExcel } from "../../src/hosts/excel/injection";
import { genererPaqDansExcel } from "../../src/hosts/excel/resultats";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE, TABLEAU_GRILLE } from "../../src/core/grille";
import { TABLEAU_PAQ } from "../../src/core/paq";
import { plageLigneCritere } from "../../src/core/scores";
import { ContexteFaux, ModeleClasseur } from "../helpers/excel-fake";

let modele: ModeleClasseur;
let ctx: ContexteFaux;
let options: unknown[];
const referentiel = referentielLivre("eps-maroc");
beforeEach(async () => {
  modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  await injecterDansExcel(new ContexteFaux(modele), { referentiel, source: "C" });
  modele.ecrire(FEUILLE_GRILLE, "J5", 4);
  ctx = new ContexteFaux(modele);
  options = [];
  (globalThis as Record<string, unknown>).Excel = {
    // Excel.run(batch), Excel.run(options, batch) or Excel.run(context, batch): each run gets a fresh context.
    run: (a: unknown, b?: (c: unknown) => Promise<unknown>) => {
      if (typeof a === "function") return a((ctx = new ContexteFaux(modele)));
      options.push(a);
      return b!(a instanceof ContexteFaux ? a : (ctx = new ContexteFaux(modele)));
    },
  };
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).Excel;
});

it("calcule sans échouer pendant une saisie (delayForCellEdit), en un aller-retour", async () => {
  const r = await sourceOffice().calculer();
  expect(r.evalues).toBe(1);
  expect(options).toContainEqual({ delayForCellEdit: true });
  expect(ctx.syncs).toBe(1);
});

describe("actualisation en direct", () => {
  it("le piège : un gestionnaire posé sur le tableau de la grille meurt quand la réinsertion recrée le tableau", async () => {
    let appels = 0;
    const c = new ContexteFaux(modele);
    c.workbook.tables.getItem(TABLEAU_GRILLE).onChanged.add(async () => void appels++);
    await c.sync();
    await modele.modifierTableau(TABLEAU_GRILLE);
    expect(appels).toBe(1);
    await injecterDansExcel(new ContexteFaux(modele), { referentiel, source: "C" });
    await modele.modifierTableau(TABLEAU_GRILLE);
    expect(appels).toBe(1);
  });

  it("suit la grille même réinsérée, ignore le tableau du plan d'amélioration, puis cesse d'écouter", async () => {
    let appels = 0;
    const arreter = await sourceOffice().surChangement!(() => appels++);
    expect(ctx.syncs).toBe(1);
    await modele.modifierTableau(TABLEAU_GRILLE);
    await modele.modifierTableau(TABLEAU_GRILLE);
    expect(appels).toBe(2);

    // The plan's table changes: no refresh; its id is checked once, then known.
    await genererPaqDansExcel(new ContexteFaux(modele), { source: "C" });
    await modele.modifierTableau(TABLEAU_PAQ);
    const verifie = ctx;
    await modele.modifierTableau(TABLEAU_PAQ);
    expect(ctx).toBe(verifie);
    expect(appels).toBe(2);

    // Re-insertion deletes and recreates the grid's table: still heard.
    await injecterDansExcel(new ContexteFaux(modele), { referentiel, source: "C" });
    await modele.modifierTableau(TABLEAU_GRILLE);
    await modele.modifierTableau(TABLEAU_GRILLE);
    expect(appels).toBe(4);

    arreter();
    await new Promise((r) => setTimeout(r, 0));
    expect(modele.gestionnairesTableaux).toHaveLength(0);
    await modele.modifierTableau(TABLEAU_GRILLE);
    expect(appels).toBe(4);
  });
});

it("les liens d'un critère visent la vraie feuille de la grille et sa dernière colonne (plusieurs évaluateurs)", async () => {
  const m = new ModeleClasseur();
  m.ajouterFeuille(FEUILLE_GRILLE).cellules.set("0,0", { v: "la feuille de l'utilisatrice" });
  await injecterDansExcel(new ContexteFaux(m), { referentiel, source: "C", evaluateurs: ["Amina", "Youssef", "Khadija"] });
  modele = m;
  const source = sourceOffice();
  const r = await source.calculer();
  expect(r.grille.feuille).toBe("Grille qualité (2)");
  const largeur = m.valeurs("Grille qualité (2)")[0]!.length;
  expect(r.grille.colonnes).toBe(largeur);
  expect(largeur).toBeGreaterThan(13);
  const c = r.criteres.find((x) => x.id === "1.1.2")!;
  const adresse = plageLigneCritere(r, c.ligne);
  expect(adresse).toBe(`A${c.ligne}:${String.fromCharCode(64 + largeur)}${c.ligne}`);
  await source.selectionner!(r.grille.feuille, adresse);
  expect(m.feuille("Grille qualité (2)")!.selection).toBe(adresse);
  expect(m.feuille(FEUILLE_GRILLE)!.selection).toBeNull();
});

it("« À corriger » dans Excel : chaque cellule signalée mène à elle-même ; un impératif non atteint dit quelle ligne le retient", async () => {
  modele.ecrire(FEUILLE_GRILLE, "J8", 7);
  for (const [a, v] of [["J2", 4], ["J3", 4], ["J4", 1]] as const) modele.ecrire(FEUILLE_GRILLE, a, v);
  const source = sourceOffice();
  const r = await source.calculer();
  const a = r.anomalies.find((x) => x.cellule === "J8")!;
  expect(a).toMatchObject({ feuille: FEUILLE_GRILLE, message: expect.stringContaining("7 est hors de l'échelle") });
  await source.selectionner!(a.feuille, a.cellule);
  // The fake writes a one-cell range as « J8:J8 ».
  expect(modele.feuille(FEUILLE_GRILLE)!.selection).toBe("J8:J8");
  // Read through Office.js, the explanation is the same as in file mode: row 4, note 1.
  expect(r.criteres.find((c) => c.id === "1.1.1")!.enCause).toEqual([expect.objectContaining({ ref: "1.1.1.c", ligne: 4, note: 1, statut: "non-atteint" })]);
});

it("l'identité du classeur ouvert dans Excel remplit le formulaire (deux allers-retours, la grille n'est pas lue)", async () => {
  const { lireMetaExcel } = await import("../../src/hosts/excel/injection");
  const { identiteDuClasseur, identiteInitiale } = await import("../../src/taskpane/excel/identite");
  const m = new ModeleClasseur();
  m.ajouterFeuille("Feuil1");
  await injecterDansExcel(new ContexteFaux(m), { referentiel, source: "C", etablissement: "EPS Agadir", periode: "2026-T2", evaluateurs: ["Amina", "Youssef"], campagne: "état initial" });
  const c = new ContexteFaux(m);
  const meta = await lireMetaExcel(c, "Le classeur");
  expect(c.syncs).toBe(2);
  expect(identiteDuClasseur(meta, identiteInitiale(2030))).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Agadir", periode: "2026-T2", campagne: "état initial", evaluateurs: "Amina, Youssef" });
  // A workbook without our identity: nothing to read, one round trip.
  const vide = new ModeleClasseur();
  vide.ajouterFeuille("Feuil1");
  const c2 = new ContexteFaux(vide);
  expect(await lireMetaExcel(c2, "Le classeur")).toBeNull();
  expect(c2.syncs).toBe(1);
});
