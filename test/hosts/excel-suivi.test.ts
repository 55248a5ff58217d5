/** The follow-up in Excel (Office.js adapter, against the fake): rendered from its plan, read in one sync, a semester's values written in two. */
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { ecrireConsolidationExcel } from "../../src/hosts/excel/injection";
import { enregistrerValeursExcel, lireSuiviExcel } from "../../src/hosts/excel/suivi";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_TDB, planifierSuivi } from "../../src/core/suivi/classeur";
import { construireSuivi } from "../../src/core/suivi/construction";
import { indicateursPeLivres } from "../../src/core/suivi/modele";
import type { ReponsesDocument } from "../../src/core/pe/document";
import { ContexteFaux, ModeleClasseur } from "../helpers/excel-fake";

async function classeurSuivi() {
  const modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  const suivi = construireSuivi({ reponses: exemple as unknown as ReponsesDocument, jeu: indicateursPeLivres(), paq: [["Réf.", "Critère", "Action", "Échéance"], ["1.1.1", "c", "Écrire la politique", "2026-05-25"]], campagne: null });
  suivi.indicateurs[0]!.valeurs = { "2026-S1": 90 };
  await ecrireConsolidationExcel(new ContexteFaux(modele), (noms) => planifierSuivi(suivi, "2026-S2", noms));
  return { modele, suivi };
}

describe("suivi dans Excel", () => {
  it("lit le suivi, ses positions et le semestre du tableau de bord en un aller-retour", async () => {
    const { modele, suivi } = await classeurSuivi();
    const ctx = new ContexteFaux(modele);
    const lu = await lireSuiviExcel(ctx, "Classeur1");
    expect(ctx.syncs).toBe(1);
    expect(lu.periode).toBe("2026-S2");
    expect(lu.suivi.indicateurs.map((i) => i.id)).toEqual(suivi.indicateurs.map((i) => i.id));
    expect(lu.suivi.indicateurs[0]!.valeurs).toEqual({ "2026-S1": 90 });
    // Dates come back from Office.js as serial numbers: read as ISO dates.
    expect(lu.suivi.actions.find((a) => a.id === "PAQ-1.1.1")!.echeance).toBe("2026-05-25");
    expect(lu.positions.indicateurs["BEN-ENF"]).toBe(2);
    expect(lu.positions.actions["PAQ-1.1.1"]).toBe(4);
  });

  it("enregistre les valeurs d'un semestre en deux allers-retours, et ce semestre devient celui du tableau de bord", async () => {
    const { modele } = await classeurSuivi();
    const ctx = new ContexteFaux(modele);
    await enregistrerValeursExcel(ctx, "Classeur1", "2027-S1", { "BEN-ENF": 95, REINT: 3, "PP-AJOUR": null });
    expect(ctx.syncs).toBe(2);
    const lu = await lireSuiviExcel(new ContexteFaux(modele), "Classeur1");
    expect(lu.periode).toBe("2027-S1");
    expect(lu.suivi.indicateurs.find((i) => i.id === "BEN-ENF")!.valeurs).toEqual({ "2026-S1": 90, "2027-S1": 95 });
    expect(lu.suivi.indicateurs.find((i) => i.id === "REINT")!.valeurs).toEqual({ "2027-S1": 3 });
    expect(modele.valeurs(FEUILLE_TDB)[2]![1]).toBe("2027-S1");
    expect(modele.valeurs(FEUILLE_ACTIONS).length).toBeGreaterThan(3);
  });

  it("se réécrit dans Excel (feuilles remplacées, graphiques en barres par objectif)", async () => {
    const { modele, suivi } = await classeurSuivi();
    await ecrireConsolidationExcel(new ContexteFaux(modele), (noms) => planifierSuivi(suivi, "2027-S1", noms));
    expect(modele.feuilles.map((f) => f.nom)).toEqual(["Feuil1", FEUILLE_TDB, FEUILLE_ACTIONS, FEUILLE_INDICATEURS, "QualiteEPS_suivi"]);
    expect(modele.feuille(FEUILLE_TDB)!.graphiques.map((g) => g.type)).toEqual(["BarClustered", "BarClustered"]); // O1 and OG; OQ has no indicator
    expect(modele.valeurs(FEUILLE_TDB)[2]![1]).toBe("2027-S1");
  });

  it("refuse en français un classeur sans suivi, un indicateur ou un semestre inconnus", async () => {
    const vide = new ModeleClasseur();
    vide.ajouterFeuille("Feuil1");
    await expect(lireSuiviExcel(new ContexteFaux(vide), "Classeur1")).rejects.toThrow("Classeur1 ne contient pas de classeur de suivi Qualité EPS");
    const { modele } = await classeurSuivi();
    await expect(enregistrerValeursExcel(new ContexteFaux(modele), "Classeur1", "2040-S1", { "BEN-ENF": 1 })).rejects.toThrow(`Le semestre 2040-S1 n'a pas de colonne dans la feuille « ${FEUILLE_INDICATEURS} »`);
    await expect(enregistrerValeursExcel(new ContexteFaux(modele), "Classeur1", "2027-S1", { INCONNU: 1 })).rejects.toThrow("Indicateur INCONNU introuvable");
  });
});
