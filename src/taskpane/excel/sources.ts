/** The results panel's data, from the open workbook (Office.js) or from a file (ExcelJS). */
import type { Classeur } from "../../hosts/xlsx/classeur";
import { FEUILLE_GRILLE, TABLEAU_GRILLE } from "../../core/grille";
import { resumePaq } from "../../core/paq";
import { calculerDansExcel, genererPaqDansExcel, selectionnerDansExcel } from "../../hosts/excel/resultats";
import type { SourceResultats } from "./Resultats";

const SOURCE_OFFICE = "Le classeur";

export function sourceOffice(): SourceResultats {
  return {
    feuilleGrille: FEUILLE_GRILLE,
    calculer: () => Excel.run({ delayForCellEdit: true }, (ctx) => calculerDansExcel(ctx, SOURCE_OFFICE)),
    selectionner: (feuille, adresse) => Excel.run((ctx) => selectionnerDansExcel(ctx, feuille, adresse)),
    genererPaq: async (seuil) => resumePaq(await Excel.run({ delayForCellEdit: true }, (ctx) => genererPaqDansExcel(ctx, { source: SOURCE_OFFICE, seuil }))),
    surChangement: async (rappel) => {
      let retirer: (() => Promise<void>) | undefined;
      await Excel.run(async (ctx) => {
        const gestionnaire = ctx.workbook.tables.getItem(TABLEAU_GRILLE).onChanged.add(async () => rappel());
        await ctx.sync();
        retirer = () => Excel.run(gestionnaire.context, async (c) => {
          gestionnaire.remove();
          await c.sync();
        });
      });
      return () => void retirer?.();
    },
  };
}

export function sourceFichier(wb: Classeur, nom: string, apresEcriture: (octets: Uint8Array) => void): SourceResultats {
  const adaptateur = () => import("../../hosts/xlsx/classeur");
  return {
    feuilleGrille: FEUILLE_GRILLE,
    calculer: async () => (await adaptateur()).scoresDuClasseur(wb, nom).resultats,
    genererPaq: async (seuil) => {
      const { genererPaqDansClasseur, ecrireClasseur } = await adaptateur();
      const rapport = await genererPaqDansClasseur(wb, { source: nom, seuil });
      apresEcriture(await ecrireClasseur(wb));
      return resumePaq(rapport);
    },
  };
}
