/**
 * The pane's Office source against the typed fake: Excel.run hands over the fake's context, so
 * the pane's real wiring (delayForCellEdit, onChanged on the grid table, removal) runs.
 */
import { sourceOffice } from "../../src/taskpane/excel/sources";
import { injecterDansExcel } from "../../src/hosts/excel/injection";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { ContexteFaux, gestionnairesTableau, ModeleClasseur } from "../helpers/excel-fake";

let ctx: ContexteFaux;
let options: unknown[];
beforeEach(async () => {
  const modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  await injecterDansExcel(new ContexteFaux(modele), { referentiel: referentielLivre("eps-maroc"), source: "C" });
  modele.ecrire(FEUILLE_GRILLE, "J5", 4);
  ctx = new ContexteFaux(modele);
  options = [];
  (globalThis as Record<string, unknown>).Excel = {
    // Excel.run(batch), Excel.run(options, batch) or Excel.run(context, batch).
    run: (a: unknown, b?: (c: unknown) => Promise<unknown>) => {
      if (typeof a === "function") return a(ctx);
      options.push(a);
      return b!(ctx);
    },
  };
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).Excel;
  gestionnairesTableau.length = 0;
});

it("calcule sans échouer pendant une saisie (delayForCellEdit), en un aller-retour", async () => {
  const r = await sourceOffice().calculer();
  expect(r.evalues).toBe(1);
  expect(options).toContainEqual({ delayForCellEdit: true });
  expect(ctx.syncs).toBe(1);
});

it("écoute les modifications du tableau de la grille, puis cesse d'écouter", async () => {
  let appels = 0;
  const arreter = await sourceOffice().surChangement!(() => appels++);
  expect(gestionnairesTableau).toHaveLength(1);
  await gestionnairesTableau[0]!({} as Excel.TableChangedEventArgs);
  await gestionnairesTableau[0]!({} as Excel.TableChangedEventArgs);
  expect(appels).toBe(2);
  arreter();
  await new Promise((r) => setTimeout(r, 0));
  expect(gestionnairesTableau).toHaveLength(0);
});

it("sélectionne la ligne d'un critère", async () => {
  await sourceOffice().selectionner!(FEUILLE_GRILLE, "A5:M5");
  expect(ctx.modele.feuille(FEUILLE_GRILLE)!.selection).toBe("A5:M5");
});
