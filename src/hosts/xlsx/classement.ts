/**
 * The decision workbook through the file adapter: recognised by its identity sheet, its two
 * sheets read with the one workbook reader; the rules stay in core/classement.
 */
import { ErreurUtilisateur } from "../../core/referential";
import { decisionDepuisFeuilles, FEUILLE_CLASSEMENT, FEUILLE_CRITERES, FEUILLE_META_CLASSEMENT, lireIdentiteClassement, type IdentiteClassement } from "../../core/classement/classeur";
import type { Decision } from "../../core/classement/calcul";
import { valeursFeuille, type Classeur } from "./classeur";

/** The identity of a decision workbook, or null when the workbook is not one. */
export async function identiteClassement(c: Classeur): Promise<IdentiteClassement | null> {
  return lireIdentiteClassement(await valeursFeuille(c, FEUILLE_META_CLASSEMENT));
}

/** The decision a filled workbook holds; a French message naming the sheet and cell otherwise. */
export async function decisionDuClasseur(c: Classeur): Promise<{ identite: IdentiteClassement; decision: Decision }> {
  const identite = await identiteClassement(c);
  if (!identite) {
    throw new ErreurUtilisateur(
      `${c.source} n'est pas une grille de classement de Qualité EPS (feuille d'identité « ${FEUILLE_META_CLASSEMENT} » absente). Créez-en une avec « qualite classer init --modele choix-scenarios --out choix.xlsx ».`,
    );
  }
  const decision = decisionDepuisFeuilles(identite, await valeursFeuille(c, FEUILLE_CRITERES), await valeursFeuille(c, FEUILLE_CLASSEMENT), c.source);
  return { identite, decision };
}

/** The decision of a workbook open in the pane's file mode: null when it holds no decision grid. */
export async function lireClassementFichier(c: Classeur): Promise<{ identite: IdentiteClassement; decision: Decision } | null> {
  return (await identiteClassement(c)) ? decisionDuClasseur(c) : null;
}
