/**
 * Office.js adapter for the follow-up: read its three sheets and the dashboard's semester in one
 * sync; write a semester's values (and the dashboard's semester) with one read and one write.
 * No domain rule here.
 */
import { CELLULE_PERIODE, cellulesSaisie, FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_META_SUIVI, FEUILLE_TDB, lireSuivi, positionsSuivi, type PositionsSuivi } from "../../core/suivi/classeur";
import type { Suivi } from "../../core/suivi/modele";
import { ErreurUtilisateur } from "../../core/referential";
import type { ContexteExcel } from "./api";
import { normaliser } from "./injection";

export interface SuiviLu {
  suivi: Suivi;
  /** The semester the dashboard follows. */
  periode: string;
  positions: PositionsSuivi;
}

const pasDeSuivi = (e: unknown, source: string): never => {
  if (typeof e === "object" && e !== null && (e as { code?: string }).code === "ItemNotFound") {
    throw new ErreurUtilisateur(`${source} ne contient pas de classeur de suivi Qualité EPS : créez-le avec « qualite suivi init » (projet d'établissement et grille), puis ouvrez-le ici.`);
  }
  throw e;
};

/** One sync: identity, indicators, actions, the dashboard's semester. */
export async function lireSuiviExcel(context: ContexteExcel, source: string): Promise<SuiviLu> {
  const feuilles = context.workbook.worksheets;
  const plages = [FEUILLE_META_SUIVI, FEUILLE_INDICATEURS, FEUILLE_ACTIONS].map((nom) => {
    const p = feuilles.getItem(nom).getUsedRange(true);
    p.load("values");
    return p;
  });
  const periode = feuilles.getItem(FEUILLE_TDB).getRange(CELLULE_PERIODE);
  periode.load("values");
  try {
    await context.sync();
  } catch (e) {
    pasDeSuivi(e, source);
  }
  const [meta, indicateurs, actions] = plages.map((p) => p.values.map((l) => l.map(normaliser)));
  const suivi = lireSuivi({ meta: meta!, indicateurs: indicateurs!, actions: actions! }, source);
  return { suivi, periode: String(periode.values[0]?.[0] ?? "").trim().toUpperCase(), positions: positionsSuivi({ indicateurs: indicateurs!, actions: actions! }) };
}

/** Writes a semester's values (null empties the cell) and makes it the dashboard's semester: one read, one write. */
export async function enregistrerValeursExcel(context: ContexteExcel, source: string, periode: string, valeurs: Record<string, number | null>): Promise<void> {
  const feuilles = context.workbook.worksheets;
  const indicateurs = feuilles.getItem(FEUILLE_INDICATEURS).getUsedRange(true);
  indicateurs.load("values");
  const actions = feuilles.getItem(FEUILLE_ACTIONS).getUsedRange(true);
  actions.load("values");
  try {
    await context.sync();
  } catch (e) {
    pasDeSuivi(e, source);
  }
  const pos = positionsSuivi({ indicateurs: indicateurs.values.map((l) => l.map(normaliser)), actions: actions.values.map((l) => l.map(normaliser)) });
  const ws = feuilles.getItem(FEUILLE_INDICATEURS);
  for (const c of cellulesSaisie(pos, periode, valeurs)) ws.getRange(c.adresse).values = [[c.valeur ?? ""]];
  feuilles.getItem(FEUILLE_TDB).getRange(CELLULE_PERIODE).values = [[periode]];
  await context.sync();
}
