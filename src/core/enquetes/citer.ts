/**
 * Citing a survey in an assessment grid: the « Preuves » cell of each criterion the survey
 * informs receives the citation of its result (appended after what the evaluators wrote, never
 * replacing it; a reference already cited is not written twice). Pure: it changes the grid's
 * values as read, then the grid is planned again like any re-injection, answers kept.
 */
import { criteresAplatis, ErreurUtilisateur, idsLignesCritere, type Referentiel } from "../referential";
import type { EtatClasseur } from "../grille";
import type { Valeur } from "../workbook-plan";

export interface Citation {
  critere: string;
  reference: string;
  texte: string;
}

export interface RapportCitation {
  ajoutees: string[];
  deja: string[];
  /** Criteria of the survey the grid does not have (another referential version). */
  absents: string[];
}

export function citerDansGrille(etat: EtatClasseur, ref: Referentiel, citations: readonly Citation[], source: string): { etat: EtatClasseur; rapport: RapportCitation } {
  if (!etat.meta || !etat.grille) throw new ErreurUtilisateur(`${source} n'est pas une grille d'évaluation Qualité EPS (« qualite inject ») : l'enquête ne peut pas y être citée.`);
  const cles = etat.meta.colonnes;
  const iRef = cles.indexOf("ref");
  const iPreuves = cles.indexOf("preuves");
  if (iRef < 0 || iPreuves < 0) throw new ErreurUtilisateur(`${source} : la grille « ${etat.grille.feuille} » n'a pas de colonne « Preuves ».`);
  const valeurs: Valeur[][] = etat.grille.valeurs.map((l) => [...l]);
  const ligneDe = new Map<string, number>();
  valeurs.forEach((l, i) => {
    if (i > 0 && l[iRef] !== null && l[iRef] !== undefined) ligneDe.set(String(l[iRef]).trim(), i);
  });
  const criteres = new Map(criteresAplatis(ref).map((c) => [c.critere.id, c.critere]));
  const rapport: RapportCitation = { ajoutees: [], deja: [], absents: [] };
  for (const c of citations) {
    const critere = criteres.get(c.critere);
    // A criterion with evaluation elements: the citation goes on its first element's row.
    const i = critere ? ligneDe.get(idsLignesCritere(critere)[0]!) : undefined;
    if (i === undefined) {
      rapport.absents.push(c.critere);
      continue;
    }
    const ligne = valeurs[i]!;
    while (ligne.length <= iPreuves) ligne.push(null);
    const avant = ligne[iPreuves] === null || ligne[iPreuves] === undefined ? "" : String(ligne[iPreuves]);
    if (avant.includes(c.reference)) {
      rapport.deja.push(c.critere);
      continue;
    }
    ligne[iPreuves] = avant.trim() ? `${avant.trimEnd()}\n${c.texte}` : c.texte;
    rapport.ajoutees.push(c.critere);
  }
  return { etat: { ...etat, grille: { ...etat.grille, valeurs } }, rapport };
}
