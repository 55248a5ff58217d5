/** The results panel's data, from the open workbook (Office.js) or from a file (ExcelJS). */
import type { Classeur } from "../../hosts/xlsx/classeur";
import { resumePaq } from "../../core/paq";
import { calculerDansExcel, ecouterGrille, genererPaqDansExcel, selectionnerDansExcel } from "../../hosts/excel/resultats";
import type { SourceResultats } from "./Resultats";
import type { SourceSuivi } from "./Suivi";
import { ErreurUtilisateur } from "../../core/referential";

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

/** The « Suivi » tab's data: the open workbook (Office.js). */
export function sourceSuiviOffice(): SourceSuivi {
  return {
    lire: async () => {
      const { lireSuiviExcel } = await import("../../hosts/excel/suivi");
      return Excel.run({ delayForCellEdit: true }, (context) => lireSuiviExcel(context, SOURCE_OFFICE));
    },
    enregistrer: async (periode, valeurs) => {
      const { enregistrerValeursExcel } = await import("../../hosts/excel/suivi");
      await Excel.run({ delayForCellEdit: true }, (context) => enregistrerValeursExcel(context, SOURCE_OFFICE, periode, valeurs));
    },
    selectionner: (feuille, adresse) => Excel.run((context) => selectionnerDansExcel(context, feuille, adresse)),
  };
}

/** The « Suivi » tab's data from a file: values saved by re-rendering our sheets (the package is kept). */
export function sourceSuiviFichier(wb: Classeur, nom: string, apresEcriture: (octets: Uint8Array) => void): SourceSuivi {
  const modules = () => Promise.all([import("../../hosts/xlsx/suivi"), import("../../hosts/xlsx/classeur"), import("../../core/suivi/classeur")]);
  return {
    lire: async () => {
      const [{ suiviDuClasseur }, { valeursFeuille }, c] = await modules();
      const suivi = await suiviDuClasseur(wb);
      if (!suivi) throw new ErreurUtilisateur(`${nom} ne contient pas de classeur de suivi Qualité EPS : créez-le avec « qualite suivi init » (projet d'établissement et grille), puis ouvrez-le ici.`);
      const [indicateurs, actions, tdb] = await Promise.all([valeursFeuille(wb, c.FEUILLE_INDICATEURS), valeursFeuille(wb, c.FEUILLE_ACTIONS), valeursFeuille(wb, c.FEUILLE_TDB)]);
      return { suivi, periode: String(tdb?.[2]?.[1] ?? "").trim().toUpperCase(), positions: c.positionsSuivi({ indicateurs: indicateurs ?? [], actions: actions ?? [] }) };
    },
    enregistrer: async (periode, valeurs) => {
      const [{ suiviDuClasseur, ecrireSuivi }, { ecrireClasseur }] = await modules();
      const suivi = (await suiviDuClasseur(wb))!;
      for (const [id, v] of Object.entries(valeurs)) {
        const i = suivi.indicateurs.find((x) => x.id === id);
        if (!i) throw new ErreurUtilisateur(`Indicateur ${id} introuvable dans ${nom}.`);
        if (v === null) delete i.valeurs[periode];
        else i.valeurs[periode] = v;
      }
      await ecrireSuivi(wb, suivi, periode);
      apresEcriture(await ecrireClasseur(wb));
    },
  };
}
