/**
 * Weighted multi-criteria ranking, pure: min–max normalisation per criterion with its direction,
 * weighted score out of 100, rank with ties, and sensitivity of the first rank to each weight.
 *
 * Rules (docs/classement.md says them in French):
 * - Normalisation: n = (v − min) / (max − min) when higher is better, (max − v) / (max − min) when
 *   lower is better; min and max over the options of the grid. When every option has the same
 *   value, the criterion does not separate them: n = 1 for all (it adds the same to every score).
 * - Score = Σ poids × n, weights in % (out of 100), rounded to 9 decimals like the workbook's
 *   ROUND(…; 9), so that equal scores are equal in both and ties are found alike.
 * - Rank: 1 + the number of options with a strictly higher score (1, 1, 3: Excel's RANK).
 * - Moving one weight to t (0 to 100), the others share 100 − t in proportion to their current
 *   weights; when they are all 0 (the moved weight was 100), they share it equally.
 */
import { ErreurUtilisateur } from "../referential";
import { fauteSommePoids, JUGEMENT_MAX, JUGEMENT_MIN, type Nature, type Sens } from "./modele";

export interface CritereDecision {
  id: string;
  libelle: string;
  /** The criterion's name in Arabic, for the pane in Arabic. */
  libelleAr?: string;
  /** In %, the weights of a decision add up to 100. */
  poids: number;
  sens: Sens;
  nature: Nature;
  unite?: string;
}

export interface OptionDecision {
  libelle: string;
  /** One value per criterion, in the criteria's order. */
  valeurs: number[];
}

export interface Decision {
  criteres: CritereDecision[];
  options: OptionDecision[];
}

export interface OptionClassee {
  libelle: string;
  /** Index in the decision's options. */
  index: number;
  normalisees: number[];
  score: number;
  rang: number;
}

export const DECIMALES_SCORE = 9;
export const arrondirScore = (x: number) => Math.round(x * 10 ** DECIMALES_SCORE) / 10 ** DECIMALES_SCORE;

/** Checks what the schema of a grid cannot: weights add up to 100, judgements 1–5, at least one option. */
export function verifierDecision(d: Decision): void {
  const somme = fauteSommePoids(d.criteres);
  if (somme) throw new ErreurUtilisateur(somme);
  if (!d.options.length) throw new ErreurUtilisateur("Aucune option à classer : remplissez au moins une ligne.");
  for (const o of d.options) {
    if (o.valeurs.length !== d.criteres.length) throw new ErreurUtilisateur(`Option « ${o.libelle} » : ${o.valeurs.length} valeurs pour ${d.criteres.length} critères.`);
    d.criteres.forEach((c, j) => {
      const v = o.valeurs[j]!;
      if (!Number.isFinite(v)) throw new ErreurUtilisateur(`Option « ${o.libelle} », critère « ${c.libelle} » : valeur non numérique.`);
      if (c.nature === "jugement" && (v < JUGEMENT_MIN || v > JUGEMENT_MAX)) {
        throw new ErreurUtilisateur(`Option « ${o.libelle} », critère « ${c.libelle} » : ${v} hors de l'échelle de jugement ${JUGEMENT_MIN} à ${JUGEMENT_MAX}.`);
      }
    });
  }
}

/** Min–max normalisation of one criterion's values (see the rules above). */
export function normaliser(valeurs: readonly number[], sens: Sens): number[] {
  const min = Math.min(...valeurs);
  const max = Math.max(...valeurs);
  if (max === min) return valeurs.map(() => 1);
  return valeurs.map((v) => (sens === "max" ? (v - min) / (max - min) : (max - v) / (max - min)));
}

/** The normalised matrix: [option][criterion]. */
export function matriceNormalisee(d: Decision): number[][] {
  const colonnes = d.criteres.map((c, j) => normaliser(d.options.map((o) => o.valeurs[j]!), c.sens));
  return d.options.map((_, i) => colonnes.map((col) => col[i]!));
}

/** Scores out of 100 for given weights (in %), from the normalised matrix. */
export function scoresPour(normalisees: readonly number[][], poids: readonly number[]): number[] {
  return normalisees.map((n) => arrondirScore(n.reduce((s, x, j) => s + poids[j]! * x, 0)));
}

/** Competition ranks: 1 + the number of strictly higher scores. */
export function rangs(scores: readonly number[]): number[] {
  return scores.map((s) => 1 + scores.filter((x) => x > s).length);
}

/** The weights after moving criterion k's to t, the others renormalised (rule above). */
export function poidsDeplaces(poids: readonly number[], k: number, t: number): number[] {
  const autres = 100 - poids[k]!;
  const n = poids.length;
  return poids.map((w, j) => (j === k ? t : autres > TOLERANCE_RESTE ? (w * (100 - t)) / autres : (100 - t) / (n - 1)));
}
const TOLERANCE_RESTE = 1e-9;

export interface SeuilBascule {
  /** Weight change in points (positive: increase) from which the first rank changes hands; null: never within 0–100 %. */
  delta: number | null;
  /** The weight (in %) at which it happens. */
  poids: number | null;
  /** Who takes the first rank beyond that change. */
  nouveauPremier: string | null;
}

export interface SensibiliteCritere {
  id: string;
  libelle: string;
  poids: number;
  hausse: SeuilBascule;
  baisse: SeuilBascule;
  /** Ranks of every option (decision's order) with this weight 10 points higher, then lower (clamped to 0–100). */
  rangsPlus10: number[];
  rangsMoins10: number[];
}

export interface ResultatClassement {
  criteres: CritereDecision[];
  /** In the decision's order. */
  options: OptionClassee[];
  /** Best first; ties keep the decision's order. */
  classement: OptionClassee[];
  /** The options sharing the first rank. */
  premiers: OptionClassee[];
  sensibilite: SensibiliteCritere[];
}

const aucun: SeuilBascule = { delta: null, poids: null, nouveauPremier: null };

/**
 * Where the first rank changes hands when criterion k's weight moves up (then down) from its
 * current value. Each score is linear in the moved weight t: S_i(t) = t·n_ik + (100 − t)·B_i,
 * with B_i the score on the other criteria at their base shares. The current leader (the first
 * option ranked first) loses the first rank at the nearest t where another option's line meets
 * its own and then rises above it; a meeting at 0 or 100 % exactly is only a tie (nothing lies
 * beyond), not a change.
 */
function seuils(d: Decision, n: number[][], k: number, leader: number): { hausse: SeuilBascule; baisse: SeuilBascule } {
  if (d.criteres.length < 2) return { hausse: aucun, baisse: aucun };
  const poids = d.criteres.map((c) => c.poids);
  const w = poids[k]!;
  const base = poidsDeplaces(poids, k, 0).map((x) => x / 100); // shares of the others, summing to 1, k's 0
  const droite = (i: number) => {
    const a = n[i]![k]!;
    const b = n[i]!.reduce((s, x, j) => (j === k ? s : s + base[j]! * x), 0);
    // S_i(t) = t·a + (100 − t)·b = 100·b + t·(a − b)
    return { origine: 100 * b, pente: a - b };
  };
  const L = droite(leader);
  let hausse: { t: number; i: number } | null = null;
  let baisse: { t: number; i: number } | null = null;
  const EPS = 1e-9;
  for (let i = 0; i < d.options.length; i++) {
    if (i === leader) continue;
    const O = droite(i);
    const dp = O.pente - L.pente;
    const diff0 = O.origine - L.origine; // (S_i − S_L)(t) = diff0 + t·dp
    if (Math.abs(dp) < EPS) continue; // parallel: the order between them never changes
    const t = -diff0 / dp;
    if (dp > 0 && t >= w - EPS && t < 100 - EPS && (!hausse || t < hausse.t)) hausse = { t: Math.max(t, w), i };
    if (dp < 0 && t <= w + EPS && t > EPS && (!baisse || t > baisse.t)) baisse = { t: Math.min(t, w), i };
  }
  const arrondi = (x: number) => Math.round(x * 100) / 100;
  const seuil = (x: { t: number; i: number } | null): SeuilBascule =>
    x ? { delta: arrondi(x.t - w), poids: arrondi(Math.min(100, Math.max(0, x.t))), nouveauPremier: d.options[x.i]!.libelle } : aucun;
  return { hausse: seuil(hausse), baisse: seuil(baisse) };
}

/** Ranks the options of a checked decision and measures the sensitivity of the first rank. */
export function classer(d: Decision): ResultatClassement {
  verifierDecision(d);
  const n = matriceNormalisee(d);
  const poids = d.criteres.map((c) => c.poids);
  const scores = scoresPour(n, poids);
  const r = rangs(scores);
  const options = d.options.map((o, i): OptionClassee => ({ libelle: o.libelle, index: i, normalisees: n[i]!, score: scores[i]!, rang: r[i]! }));
  const classement = [...options].sort((a, b) => a.rang - b.rang || a.index - b.index);
  const leader = classement[0]!.index;
  const rangsAvec = (k: number, t: number) => rangs(scoresPour(n, poidsDeplaces(poids, k, Math.min(100, Math.max(0, t)))));
  const sensibilite = d.criteres.map((c, k): SensibiliteCritere => ({
    id: c.id,
    libelle: c.libelle,
    poids: c.poids,
    ...seuils(d, n, k, leader),
    rangsPlus10: d.criteres.length > 1 ? rangsAvec(k, c.poids + 10) : r,
    rangsMoins10: d.criteres.length > 1 ? rangsAvec(k, c.poids - 10) : r,
  }));
  return { criteres: d.criteres, options, classement, premiers: classement.filter((o) => o.rang === 1), sensibilite };
}
