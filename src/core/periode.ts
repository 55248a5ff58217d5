/**
 * Evaluation campaigns: a period is a year (2026), two years (2026-2027), a semester (2026-S1),
 * a quarter (2026-T1), a month (2026-03) or a day (2026-03-15). Periods are ordered in time, so
 * a baseline and an end-of-mission assessment in the same year are two distinct campaigns and
 * progression compares them. Pure: no Date parsing of user text.
 */
import { ErreurUtilisateur } from "./erreurs";

export interface Periode {
  /** The text as normalised (« 2026-s1 » → « 2026-S1 »). */
  texte: string;
  /** First and last day, ISO (AAAA-MM-JJ). */
  debut: string;
  fin: string;
}

const deux = (n: number) => String(n).padStart(2, "0");
const finDeMois = (a: number, m: number) => new Date(Date.UTC(a, m, 0)).getUTCDate();

export const FORMATS_PERIODE = "une année (2026), un semestre (2026-S1), un trimestre (2026-T1), un mois (2026-03) ou une date (2026-03-15)";

/** Reads a period, or null when the text is none of the accepted forms. */
export function lirePeriode(brut: string): Periode | null {
  const t = brut.trim().toUpperCase();
  let m: RegExpExecArray | null;
  const mois = (a: number, m1: number, m2: number, texte: string): Periode => ({ texte, debut: `${a}-${deux(m1)}-01`, fin: `${a}-${deux(m2)}-${deux(finDeMois(a, m2))}` });
  if ((m = /^(\d{4})$/.exec(t))) return mois(Number(m[1]), 1, 12, t);
  if ((m = /^(\d{4})-(\d{4})$/.exec(t))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return b > a ? { texte: t, debut: `${a}-01-01`, fin: `${b}-12-31` } : null;
  }
  if ((m = /^(\d{4})-S([12])$/.exec(t))) {
    const s = Number(m[2]);
    return mois(Number(m[1]), s * 6 - 5, s * 6, t);
  }
  if ((m = /^(\d{4})-T([1-4])$/.exec(t))) {
    const q = Number(m[2]);
    return mois(Number(m[1]), q * 3 - 2, q * 3, t);
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(t))) {
    const n = Number(m[2]);
    return n >= 1 && n <= 12 ? mois(Number(m[1]), n, n, t) : null;
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    const [a, n, j] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return n >= 1 && n <= 12 && j >= 1 && j <= finDeMois(a, n) ? { texte: t, debut: t, fin: t } : null;
  }
  return null;
}

/** A period the user typed, or a French error naming where it came from. */
export function periodeValide(brut: string, ou = "Période"): string {
  const p = lirePeriode(brut);
  if (!p) throw new ErreurUtilisateur(`${ou} « ${brut} » invalide : attendu ${FORMATS_PERIODE}.`);
  return p.texte;
}

/**
 * Time order of two periods (negative when `a` is earlier): the one that ends later is the more
 * recent; on the same end, the shorter (later start). Unreadable periods come first, by text.
 */
export function comparerPeriodes(a: string, b: string): number {
  const [pa, pb] = [lirePeriode(a), lirePeriode(b)];
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.localeCompare(b);
  return pa.fin.localeCompare(pb.fin) || pa.debut.localeCompare(pb.debut);
}

/** « 2026-S1 · état initial »: the period and the campaign's label, when there is one. */
export const nomCampagne = (periode: string, libelle?: string) => [periode, libelle?.trim()].filter(Boolean).join(" · ");
