/** Dates written for French readers. */

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** "2027-02-25" → "25 février 2027", "2027-03-01" → "1er mars 2027"; anything else as it is. */
export function formaterDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v.trim());
  if (!m) return v;
  const jour = Number(m[3]);
  const mois = MOIS[Number(m[2]) - 1];
  if (!mois || jour < 1 || jour > 31) return v;
  return `${jour === 1 ? "1er" : jour} ${mois} ${m[1]}`;
}
