/** The decision grid in Excel (typed fake that counts syncs and refuses unloaded reads). */
import { creerClassementExcel, lireClassementExcel } from "../../src/hosts/excel/classement";
import { modeleDecisionLivre } from "../../src/core/classement/modele";
import { classer } from "../../src/core/classement/calcul";
import { FEUILLE_CLASSEMENT } from "../../src/core/classement/classeur";
import { ContexteFaux, ModeleClasseur } from "../helpers/excel-fake";

describe("grille de classement dans Excel", () => {
  it("créée en 2 allers-retours à côté des feuilles de l'utilisateur, relue en 2, classée comme par le cœur", async () => {
    const modele = new ModeleClasseur();
    modele.ajouterFeuille("Feuil1");
    modele.ecrire("Feuil1", "A1", "à moi");
    const ctx = new ContexteFaux(modele);
    expect(await lireClassementExcel(ctx, "Le classeur")).toBeNull();
    expect(ctx.syncs).toBe(1);
    const creation = new ContexteFaux(modele);
    await creerClassementExcel(creation, modeleDecisionLivre("priorites-actions"), "2026-11-25");
    expect(creation.syncs).toBe(2);
    expect(modele.valeurs("Feuil1")).toEqual([["à moi"]]);
    // A referent types two actions: impact, urgence, coût, faisabilité, impératif.
    [["Former à l'écoute", 5, 4, 20000, 3, 5], ["Repeindre le foyer", 2, 1, 5000, 5, 1]].forEach((l, i) =>
      l.forEach((v, j) => modele.ecrire(FEUILLE_CLASSEMENT, `${String.fromCharCode(65 + j)}${i + 2}`, v)),
    );
    const lecture = new ContexteFaux(modele);
    const lu = await lireClassementExcel(lecture, "Le classeur");
    expect(lecture.syncs).toBe(2);
    expect(lu!.identite).toMatchObject({ modeleId: "priorites-actions", criteres: 5 });
    expect(lu!.decision.options.map((o) => o.libelle)).toEqual(["Former à l'écoute", "Repeindre le foyer"]);
    expect(classer(lu!.decision).classement[0]!.libelle).toBe("Former à l'écoute");
  });

  it("une deuxième grille est refusée en français : la feuille « Critères » existe déjà", async () => {
    const modele = new ModeleClasseur();
    modele.ajouterFeuille("Critères");
    await expect(creerClassementExcel(new ContexteFaux(modele), modeleDecisionLivre("choix-scenarios"), "2026-11-25")).rejects.toThrow(
      "Le classeur a déjà une feuille « Critères » : rien n'a été écrit. Partez d'un nouveau fichier.",
    );
  });
});
