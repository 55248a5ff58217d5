/** The follow-up workbook on files: read back from any writer's package, written package-preserving. */
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_META_SUIVI, estMetaSuivi, lireSuivi, planifierSuivi } from "../../core/suivi/classeur";
import type { Suivi } from "../../core/suivi/modele";
import { appliquerPlan, type Classeur } from "./classeur";
import type { ClasseurLu } from "./lecture";

/** The follow-up a package holds, or null when it holds none. */
export async function suiviDuPaquet(lu: ClasseurLu, source: string): Promise<Suivi | null> {
  const valeurs = async (nom: string) => {
    const f = lu.feuille(nom);
    return f ? (await lu.valeurs(f)).valeurs : null;
  };
  const meta = await valeurs(FEUILLE_META_SUIVI);
  if (!estMetaSuivi(meta)) return null;
  const [indicateurs, actions] = await Promise.all([valeurs(FEUILLE_INDICATEURS), valeurs(FEUILLE_ACTIONS)]);
  return lireSuivi({ meta: meta!, indicateurs: indicateurs ?? [], actions: actions ?? [] }, source);
}

/** The follow-up a workbook holds, or null when it holds none. */
export async function suiviDuClasseur(c: Classeur): Promise<Suivi | null> {
  return c.lu ? suiviDuPaquet(c.lu, c.source) : null;
}

/** Writes (or rewrites) the follow-up sheets; every other part of the package stays as it was. */
export async function ecrireSuivi(c: Classeur, s: Suivi, periode: string): Promise<void> {
  await appliquerPlan(c, planifierSuivi(s, periode));
}
