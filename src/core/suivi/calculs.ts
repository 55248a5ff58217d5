/**
 * What the follow-up derives, with the same rules as the workbook's live formulas (an interop
 * test recalculates them with LibreOffice):
 *
 * - value at a semester P: the latest value typed at P or before;
 * - progress = (value − base) / (target − base); when the target equals the base, 1 if the
 *   value reaches the target in the indicator's direction, else 0. Unknown without a base, a
 *   target or a value;
 * - expected progress = share of the time elapsed from the base's semester to the target's,
 *   counted at the semester of the value, between 0 and 1;
 * - status: « abandonné » if the indicator is abandoned; « non renseigné » without progress;
 *   « atteint » from 100 %; otherwise the gap (progress − expected, in points, rounded to 2
 *   decimals) gives « en avance » from +10 points, « en retard » under −10 points, else
 *   « dans les temps »;
 * - an objective's progress: mean of its indicators' progress, each kept between 0 and 100 %,
 *   abandoned and unmeasured ones left out;
 * - an action is late when it is neither done nor abandoned and its deadline is before the
 *   last day of the semester; done when its status is « Fait ».
 */
import { comparerPeriodes, lirePeriode } from "../periode";
import { arrondi2 } from "../scores";
import type { Action, Campagne, Indicateur, Suivi } from "./modele";

export const STATUTS_INDICATEUR = ["en avance", "dans les temps", "en retard", "atteint", "abandonné", "non renseigné"] as const;
export type StatutIndicateur = (typeof STATUTS_INDICATEUR)[number];
/** Tolerance around the expected progress, in points. */
export const TOLERANCE_POINTS = 10;

/** « 2026-S1 » → 4052 (year × 2 + semester − 1), null for anything else. */
export function indexSemestre(p: string): number | null {
  const m = /^(\d{4})-S([12])$/.exec(p.trim().toUpperCase());
  return m ? Number(m[1]) * 2 + Number(m[2]) - 1 : null;
}

export function semestreDIndex(k: number): string {
  return `${Math.floor(k / 2)}-S${(k % 2) + 1}`;
}

/** Every semester of the PE: « 2026-S1 » … « 2030-S2 ». */
export function semestresDuProjet(debut: number, fin: number): string[] {
  const out: string[] = [];
  for (let k = debut * 2; k <= fin * 2 + 1; k++) out.push(semestreDIndex(k));
  return out;
}

/** Last day of a semester (ISO). */
export function finSemestre(p: string): string {
  const l = lirePeriode(p);
  if (!l) throw new Error(`semestre invalide : ${p}`);
  return l.fin;
}

/** The latest value at P or before, with its semester. */
export function valeurA(ind: Indicateur, periode: string): { valeur: number; periode: string } | null {
  const k = indexSemestre(periode);
  let meilleur: { valeur: number; periode: string; k: number } | null = null;
  for (const [p, v] of Object.entries(ind.valeurs)) {
    const kp = indexSemestre(p);
    if (kp === null || k === null || kp > k || !Number.isFinite(v)) continue;
    if (!meilleur || kp > meilleur.k) meilleur = { valeur: v, periode: p, k: kp };
  }
  return meilleur && { valeur: meilleur.valeur, periode: meilleur.periode };
}

/** Progress towards the target of a value, as a ratio (1 = target reached). */
export function progression(ind: Pick<Indicateur, "base" | "cible" | "sens">, valeur: number | null): number | null {
  const b = ind.base.valeur;
  const c = ind.cible.valeur;
  if (b === null || c === null || valeur === null) return null;
  if (c === b) return (ind.sens === "hausse" ? valeur >= c : valeur <= c) ? 1 : 0;
  return (valeur - b) / (c - b);
}

/** Share of the time elapsed, at semester `periode`, from the base's semester to the target's. */
export function progressionAttendue(ind: Pick<Indicateur, "base" | "cible">, periode: string): number {
  const [k, kb, kc] = [indexSemestre(periode), indexSemestre(ind.base.periode), indexSemestre(ind.cible.periode)];
  if (k === null || kb === null || kc === null || kc <= kb) return 1;
  return Math.min(1, Math.max(0, (k - kb) / (kc - kb)));
}

export interface EtatIndicateur {
  id: string;
  valeur: number | null;
  /** Semester of that value. */
  periodeValeur: string | null;
  progression: number | null;
  attendue: number | null;
  statut: StatutIndicateur;
  /** The value before (previous semester with a value), for the trend. */
  precedente: number | null;
}

export function etatIndicateur(ind: Indicateur, periode: string): EtatIndicateur {
  const v = valeurA(ind, periode);
  const p = progression(ind, v?.valeur ?? null);
  const attendue = v ? progressionAttendue(ind, v.periode) : null;
  const k = v ? indexSemestre(v.periode)! : null;
  const avant = k === null ? null : valeurA(ind, semestreDIndex(k - 1));
  let statut: StatutIndicateur;
  if (ind.abandonne) statut = "abandonné";
  else if (p === null || attendue === null) statut = "non renseigné";
  else if (arrondi2(p * 100) >= 100) statut = "atteint";
  else {
    const ecart = arrondi2((p - attendue) * 100);
    statut = ecart >= TOLERANCE_POINTS ? "en avance" : ecart < -TOLERANCE_POINTS ? "en retard" : "dans les temps";
  }
  return { id: ind.id, valeur: v?.valeur ?? null, periodeValeur: v?.periode ?? null, progression: p, attendue, statut, precedente: avant?.valeur ?? null };
}

/** Trend from the previous value, read in the indicator's direction. */
export function tendance(ind: Pick<Indicateur, "sens">, e: Pick<EtatIndicateur, "valeur" | "precedente">): "mieux" | "moins bien" | "stable" | null {
  if (e.valeur === null || e.precedente === null) return null;
  if (e.valeur === e.precedente) return "stable";
  return (e.valeur > e.precedente) === (ind.sens === "hausse") ? "mieux" : "moins bien";
}

/** Progress kept between 0 and 1, as it enters an objective's mean. */
export const progressionBornee = (p: number) => Math.min(1, Math.max(0, p));

export function progressionObjectif(s: Suivi, objectif: string, periode: string): number | null {
  const ps = s.indicateurs
    .filter((i) => i.objectif === objectif && !i.abandonne)
    .map((i) => etatIndicateur(i, periode).progression)
    .filter((p): p is number => p !== null)
    .map(progressionBornee);
  return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : null;
}

export const actionFaite = (a: Action) => a.statut === "Fait";
/** Late at semester P: not done nor abandoned, deadline before P's last day. */
export function actionEnRetard(a: Action, periode: string): boolean {
  return a.statut !== "Fait" && a.statut !== "Abandonné" && a.echeance !== null && a.echeance < finSemestre(periode);
}

export interface TableauDeBord {
  periode: string;
  indicateurs: EtatIndicateur[];
  statuts: Record<StatutIndicateur, number>;
  objectifs: { id: string; libelle: string; progression: number | null }[];
  actions: { total: number; faites: number; enRetard: number; abandonnees: number };
}

/** The figures of the « Tableau de bord » sheet at semester P. */
export function tableauDeBord(s: Suivi, periode: string): TableauDeBord {
  const indicateurs = s.indicateurs.map((i) => etatIndicateur(i, periode));
  const statuts = Object.fromEntries(STATUTS_INDICATEUR.map((st) => [st, indicateurs.filter((e) => e.statut === st).length])) as Record<StatutIndicateur, number>;
  return {
    periode,
    indicateurs,
    statuts,
    objectifs: s.objectifs.map((o) => ({ id: o.id, libelle: o.libelle, progression: progressionObjectif(s, o.id, periode) })),
    actions: {
      total: s.actions.length,
      faites: s.actions.filter(actionFaite).length,
      enRetard: s.actions.filter((a) => actionEnRetard(a, periode)).length,
      abandonnees: s.actions.filter((a) => a.statut === "Abandonné").length,
    },
  };
}

export interface CritereRevu {
  action: string;
  critere: string;
  /** Score at the latest campaign up to the closing date, and at the latest one after it. */
  avant: number | null;
  apres: number | null;
  /** A campaign ended after the action was closed. */
  renote: boolean;
}

/** For each done action, its criteria: re-scored since it was closed, and how. */
export function criteresRevus(actions: Action[], campagnes: Campagne[]): CritereRevu[] {
  const triees = [...campagnes].sort((a, b) => comparerPeriodes(a.periode, b.periode));
  const out: CritereRevu[] = [];
  for (const a of actions) {
    if (!actionFaite(a) || !a.cloture) continue;
    const finDe = (c: Campagne) => lirePeriode(c.periode)?.fin ?? "";
    const avant = triees.filter((c) => finDe(c) <= a.cloture!).at(-1);
    const apres = triees.filter((c) => finDe(c) > a.cloture!).at(-1);
    for (const id of a.criteres) {
      const score = (c: Campagne | undefined) => c?.criteres.find((x) => x.id === id)?.score ?? null;
      out.push({ action: a.id, critere: id, avant: score(avant), apres: score(apres), renote: apres !== undefined && score(apres) !== null });
    }
  }
  return out;
}

export interface EcartCampagnes {
  precedente: Campagne;
  derniere: Campagne;
  global: number | null;
  criteres: { id: string; libelle: string; avant: number; apres: number; ecart: number }[];
}

/** Score changes between the last two campaigns (null with fewer than two). */
export function ecartCampagnes(campagnes: Campagne[]): EcartCampagnes | null {
  const t = [...campagnes].sort((a, b) => comparerPeriodes(a.periode, b.periode));
  if (t.length < 2) return null;
  const [precedente, derniere] = [t.at(-2)!, t.at(-1)!];
  const avant = new Map(precedente.criteres.map((c) => [c.id, c.score]));
  const criteres = derniere.criteres.flatMap((c) => {
    const a = avant.get(c.id);
    return a === null || a === undefined || c.score === null || a === c.score ? [] : [{ id: c.id, libelle: c.libelle, avant: a, apres: c.score, ecart: arrondi2(c.score - a) }];
  });
  return {
    precedente,
    derniere,
    global: precedente.global !== null && derniere.global !== null ? arrondi2(derniere.global - precedente.global) : null,
    criteres: criteres.sort((x, y) => y.ecart - x.ecart),
  };
}
