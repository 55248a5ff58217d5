/** Where the Classer tab finds its decision grid: the open workbook (Office.js) or the file being edited. Modules load with the tab. */
import type { Classeur } from "../../hosts/xlsx/classeur";
import type { SourceClassement } from "./Classer";

export function sourceClassementOffice(): SourceClassement {
  return {
    cle: "office",
    lire: async () => {
      const { lireClassementExcel } = await import("../../hosts/excel/classement");
      return Excel.run({ delayForCellEdit: true }, (context) => lireClassementExcel(context, "Le classeur"));
    },
    creer: async (modele) => {
      const { creerClassementExcel } = await import("../../hosts/excel/classement");
      await Excel.run({ delayForCellEdit: true }, (context) => creerClassementExcel(context, modele, new Date().toISOString()));
    },
  };
}

export interface FichierOuvert {
  nom: string;
  wb: Classeur;
}

/**
 * File mode: `courant` gives the workbook as it is now (a read right after a creation must see
 * it); a creation in no workbook starts a new one, handed back with its bytes to download.
 */
export function sourceClassementFichier(courant: () => FichierOuvert | null, apresCreation: (f: FichierOuvert, octets: Uint8Array) => void): SourceClassement {
  return {
    cle: courant()?.nom ?? "",
    lire: async () => {
      const c = courant();
      return c ? (await import("../../hosts/xlsx/classement")).lireClassementFichier(c.wb) : null;
    },
    creer: async (modele) => {
      const [{ nouveauClasseur, appliquerPlan, ecrireClasseur }, { planifierClassement }] = await Promise.all([import("../../hosts/xlsx/classeur"), import("../../core/classement/classeur")]);
      const cible = courant() ?? { nom: `classement-${modele.id}.xlsx`, wb: nouveauClasseur(`classement-${modele.id}.xlsx`) };
      await appliquerPlan(cible.wb, planifierClassement({ modele, feuilles: cible.wb.etat.feuilles, maintenant: new Date().toISOString() }));
      apresCreation({ ...cible }, await ecrireClasseur(cible.wb));
    },
  };
}
