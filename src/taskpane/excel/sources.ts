/** The results panel's data, from the open workbook (Office.js) or from a file (ExcelJS). */
import type { Classeur } from "../../hosts/xlsx/classeur";
import { resumePaq } from "../../core/paq";
import { calculerDansExcel, ecouterGrille, genererPaqDansExcel, selectionnerDansExcel } from "../../hosts/excel/resultats";
import type { SourceResultats } from "./Resultats";

const SOURCE_OFFICE = "Le classeur";

export function sourceOffice(): SourceResultats {
  return {
    calculer: () => Excel.run({ delayForCellEdit: true }, (context) => calculerDansExcel(context, SOURCE_OFFICE)),
    selectionner: (feuille, adresse) => Excel.run((context) => selectionnerDansExcel(context, feuille, adresse)),
    genererPaq: async (seuil) => resumePaq(await Excel.run({ delayForCellEdit: true }, (context) => genererPaqDansExcel(context, { source: SOURCE_OFFICE, seuil }))),
    surChangement: async (rappel) => {
      const abonnement = await Excel.run((context) => ecouterGrille(context, (lot) => Excel.run(lot), rappel));
      return () =>
        void Excel.run(abonnement.context as Excel.RequestContext, async (context) => {
          abonnement.remove();
          await context.sync();
        });
    },
  };
}

export function sourceFichier(wb: Classeur, nom: string, apresEcriture: (octets: Uint8Array) => void): SourceResultats {
  const adaptateur = () => import("../../hosts/xlsx/classeur");
  return {
    calculer: async () => (await adaptateur()).scoresDuClasseur(wb, nom).resultats,
    genererPaq: async (seuil) => {
      const { genererPaqDansClasseur, ecrireClasseur } = await adaptateur();
      const rapport = await genererPaqDansClasseur(wb, { source: nom, seuil });
      apresEcriture(await ecrireClasseur(wb));
      return resumePaq(rapport);
    },
  };
}
