/**
 * The survey's answer workbook on file: written by the same plan → ExcelJS renderer as the grids,
 * read back by the one streaming reader. No domain rule here.
 */
import { ErreurUtilisateur } from "../../core/referential";
import { FEUILLE_IDENTITE_ENQUETE, FEUILLE_REPONSES, FEUILLE_RESULTATS, lireIdentiteEnquete, lireReponses, lireSeuil, planifierClasseurEnquete, type IdentiteEnquete, type OptionsClasseurEnquete } from "../../core/enquetes/classeur";
import type { Reponse } from "../../core/enquetes/resultats";
import { appliquerPlan, ecrireClasseur, nouveauClasseur } from "./classeur";
import { ClasseurLu } from "./lecture";

export async function ecrireClasseurEnquete(o: OptionsClasseurEnquete, source: string): Promise<Uint8Array> {
  const c = nouveauClasseur(source);
  await appliquerPlan(c, planifierClasseurEnquete(o));
  return ecrireClasseur(c);
}

export interface ClasseurEnqueteLu extends IdentiteEnquete {
  reponses: Reponse[];
  seuil: number;
}

/** Identity, answers and minimum group size of a filled answer workbook; French refusals. */
export async function lireClasseurEnquete(octets: Uint8Array, source: string): Promise<ClasseurEnqueteLu> {
  const lu = await ClasseurLu.ouvrir(octets, source);
  const fId = lu.feuille(FEUILLE_IDENTITE_ENQUETE);
  const identite = fId ? lireIdentiteEnquete((await lu.valeurs(fId)).valeurs, source) : null;
  if (!identite) throw new ErreurUtilisateur(`${source} n'est pas un classeur de réponses d'enquête écrit par Qualité EPS (« qualite enquete init ») : la feuille d'identité de l'enquête manque.`);
  const fRep = lu.feuille(FEUILLE_REPONSES);
  if (!fRep) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLE_REPONSES} » manque (renommée ou supprimée ?).`);
  const reponses = lireReponses(identite.questionnaire, (await lu.valeurs(fRep)).valeurs, source, identite.lignes);
  const fRes = lu.feuille(FEUILLE_RESULTATS);
  const seuil = lireSeuil(fRes ? (await lu.valeurs(fRes)).valeurs : null, source);
  return { ...identite, reponses, seuil };
}
