/**
 * Office.js adapter for the decision grid: create it in the open workbook (one read, one write),
 * read its three sheets back (two round trips: whether it exists, then its values). The rules
 * stay in core/classement.
 */
import { decisionDepuisFeuilles, FEUILLE_CLASSEMENT, FEUILLE_CRITERES, FEUILLE_META_CLASSEMENT, lireIdentiteClassement, planifierClassement, type IdentiteClassement } from "../../core/classement/classeur";
import type { Decision } from "../../core/classement/calcul";
import type { ModeleDecision } from "../../core/classement/modele";
import type { ContexteExcel } from "./api";
import { ecrireConsolidationExcel, normaliser } from "./injection";

/** The decision grid of the open workbook, or null when it has none. */
export async function lireClassementExcel(context: ContexteExcel, source: string): Promise<{ identite: IdentiteClassement; decision: Decision } | null> {
  const feuilles = context.workbook.worksheets;
  const meta = feuilles.getItemOrNullObject(FEUILLE_META_CLASSEMENT);
  await context.sync();
  if (meta.isNullObject) return null;
  const plages = [FEUILLE_META_CLASSEMENT, FEUILLE_CRITERES, FEUILLE_CLASSEMENT].map((nom) => {
    const ws = feuilles.getItemOrNullObject(nom);
    const plage = ws.getUsedRangeOrNullObject(true);
    plage.load("values");
    return { ws, plage };
  });
  await context.sync();
  const valeurs = plages.map(({ ws, plage }) => (ws.isNullObject || plage.isNullObject ? null : plage.values.map((l) => l.map(normaliser))));
  const identite = lireIdentiteClassement(valeurs[0] ?? null);
  if (!identite) return null;
  return { identite, decision: decisionDepuisFeuilles(identite, valeurs[1] ?? null, valeurs[2] ?? null, source) };
}

/** Adds a new decision grid of this model to the open workbook (a user's sheet of the same name stops it). */
export async function creerClassementExcel(context: ContexteExcel, modele: ModeleDecision, maintenant: string): Promise<void> {
  await ecrireConsolidationExcel(context, (feuilles) => planifierClassement({ modele, feuilles, maintenant }));
}
