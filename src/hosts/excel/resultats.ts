/**
 * Office.js adapter for results: read the grid and metadata in one sync, score with the core,
 * select a criterion's row, draft the improvement plan. No domain rule here.
 */
import { referentielLivreSiConnu } from "../../core/catalogue";
import { evaluationDuClasseur } from "../../core/evaluation";
import { FEUILLE_META, lireMeta } from "../../core/metadata";
import { TABLEAU_GRILLE, type EtatClasseur } from "../../core/grille";
import { planifierPaq, type RapportPaq } from "../../core/paq";
import { ErreurUtilisateur } from "../../core/referential";
import { calculerScores, type OptionsScores, type Resultats } from "../../core/scores";
import type { AbonnementX, ContexteExcel } from "./api";
import { ecrirePlan, lireEtatExcel, normaliser } from "./injection";

/** ItemNotFound on our sheet or table means the workbook has no grid yet. */
function sansGrille(e: unknown, source: string): never {
  if (typeof e === "object" && e !== null && (e as { code?: string }).code === "ItemNotFound") {
    throw new ErreurUtilisateur(`${source} ne contient pas de grille Qualité EPS : insérez d'abord le référentiel (onglet « Grille »).`);
  }
  throw e;
}

/** Reads metadata and grid in a single round trip and computes the results. */
export async function calculerDansExcel(context: ContexteExcel, source: string, options: OptionsScores = {}): Promise<Resultats> {
  const wb = context.workbook;
  const meta = wb.worksheets.getItem(FEUILLE_META).getUsedRange(true);
  meta.load("values");
  const feuille = wb.tables.getItem(TABLEAU_GRILLE).worksheet;
  feuille.load("name");
  const plage = wb.tables.getItem(TABLEAU_GRILLE).getRange();
  plage.load("values");
  try {
    await context.sync();
  } catch (e) {
    sansGrille(e, source);
  }
  const m = lireMeta(meta.values, source);
  const etat: EtatClasseur = { feuilles: [], meta: m, grille: { feuille: feuille.name, valeurs: plage.values.map((l) => l.map(normaliser)) } };
  const ev = evaluationDuClasseur(etat, source, referentielLivreSiConnu);
  return calculerScores(ev, { consensus: m?.consensus, ...options });
}

/** Shows a row of a sheet to the user (one sync). */
export async function selectionnerDansExcel(context: ContexteExcel, feuille: string, adresse: string): Promise<void> {
  const ws = context.workbook.worksheets.getItem(feuille);
  ws.activate();
  ws.getRange(adresse).select();
  await context.sync();
}

/** Drafts or refreshes the improvement plan: two reads, one write. */
export async function genererPaqDansExcel(context: ContexteExcel, o: { source: string; seuil?: number; maintenant?: string }): Promise<RapportPaq> {
  const { etat, visibilites } = await lireEtatExcel(context, o.source);
  const ev = evaluationDuClasseur(etat, o.source, referentielLivreSiConnu);
  const resultats = calculerScores(ev, { consensus: etat.meta?.consensus });
  const { plan, rapport } = planifierPaq({ resultats, seuil: o.seuil, existant: etat.paq ?? null, feuilles: etat.feuilles, maintenant: o.maintenant ?? new Date().toISOString() });
  await ecrirePlan(context, plan, visibilites);
  return rapport;
}

/** The grid table's id, or null when the workbook has none (one sync). */
async function idGrille(context: ContexteExcel): Promise<string | null> {
  const t = context.workbook.tables.getItemOrNullObject(TABLEAU_GRILLE);
  t.load("id");
  await context.sync();
  return t.isNullObject ? null : t.id;
}

/**
 * Calls back whenever the grid's table changes. A handler on the table itself dies when
 * re-insertion deletes and recreates the table, so this listens to the workbook's table
 * collection and filters by table id; an unknown id (the recreated grid, or another table such
 * as the plan's) costs one sync through `executer` (a new Excel.run), once per table.
 * Registration: one sync.
 */
export async function ecouterGrille(
  context: ContexteExcel,
  executer: (lot: (c: ContexteExcel) => Promise<string | null>) => Promise<string | null>,
  rappel: () => void,
): Promise<AbonnementX> {
  const autres = new Set<string>();
  let grille: string | null = null;
  const abonnement = context.workbook.tables.onChanged.add(async (e) => {
    if (e.tableId === grille) return rappel();
    if (autres.has(e.tableId)) return;
    grille = await executer(idGrille);
    if (e.tableId === grille) rappel();
    else autres.add(e.tableId);
  });
  // The handler is registered by the same sync that reads the grid's id.
  grille = await idGrille(context);
  return abonnement;
}
