/** The follow-up workbook on files: read back from any writer's package, written package-preserving. */
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_META_SUIVI, estMetaSuivi, lireSuivi, planifierSuivi } from "../../core/suivi/classeur";
import type { Suivi } from "../../core/suivi/modele";
import { appliquerPlan, valeursFeuille, type Classeur } from "./classeur";

/** The follow-up a workbook holds, or null when it holds none. */
export async function suiviDuClasseur(c: Classeur): Promise<Suivi | null> {
  const meta = await valeursFeuille(c, FEUILLE_META_SUIVI);
  if (!estMetaSuivi(meta)) return null;
  const [indicateurs, actions] = await Promise.all([valeursFeuille(c, FEUILLE_INDICATEURS), valeursFeuille(c, FEUILLE_ACTIONS)]);
  return lireSuivi({ meta: meta!, indicateurs: indicateurs ?? [], actions: actions ?? [] }, c.source);
}

/** Writes (or rewrites) the follow-up sheets; every other part of the package stays as it was. */
export async function ecrireSuivi(c: Classeur, s: Suivi, periode: string): Promise<void> {
  await appliquerPlan(c, planifierSuivi(s, periode));
}
