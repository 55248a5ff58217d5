/**
 * What a ranking says, in French sentences and in JSON: the CLI, the pane and the .docx annex
 * use the same words.
 */
import type { ResultatClassement, SensibiliteCritere } from "./calcul";
import { pourcent } from "./modele";

/** "72,5", "180 000" — at most 2 decimals, French comma and thousands separated. */
export function nombreFr(x: number): string {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(x).replace(/[\u202F\u00A0]/g, "\u00A0");
}
/** French quotes, held to their words by no-break spaces. */
export const guillemets = (s: string) => `«\u00A0${s}\u00A0»`;
const points = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${nombreFr(Math.abs(x))} point${Math.abs(x) >= 2 ? "s" : ""}`;

/** The name of the first rank: one option, or the options tied for it. */
export function nomPremier(r: ResultatClassement): string {
  return r.premiers.map((o) => o.libelle).join(" et ");
}

/** How far one weight can move before the first rank changes hands, in one sentence. */
export function phraseSensibilite(s: SensibiliteCritere, r: ResultatClassement): string {
  const premier = r.classement[0]!.libelle;
  if (r.criteres.length < 2) return `Seul critère : son poids reste 100 %.`;
  const bas = s.baisse.poids ?? 0;
  const haut = s.hausse.poids ?? 100;
  const tient = `${guillemets(premier)} reste premier tant que ce poids va de ${pourcent(bas)} à ${pourcent(haut)}`;
  const suites: string[] = [];
  if (s.hausse.delta !== null) suites.push(`au-delà de ${pourcent(haut)} (${points(s.hausse.delta)}), ${guillemets(s.hausse.nouveauPremier ?? "")} passe devant`);
  if (s.baisse.delta !== null) suites.push(`en deçà de ${pourcent(bas)} (${points(s.baisse.delta)}), ${guillemets(s.baisse.nouveauPremier ?? "")} passe devant`);
  if (!suites.length) return `${tient} : aucun changement de poids de ce critère ne le détrône.`;
  return `${tient} ; ${suites.join(" ; ")}.`;
}

const ordinal = (n: number) => (n === 1 ? "1er" : `${n}e`);

/** Ranks with one weight moved by ±10 points: only the options whose rank changes, or « rangs inchangés ». */
export function rangsDeplaces(r: ResultatClassement, rangs: number[]): string {
  const changes = r.classement.filter((o) => rangs[o.index] !== o.rang);
  if (!changes.length) return "rangs inchangés";
  return [...changes].sort((a, b) => rangs[a.index]! - rangs[b.index]!).map((o) => `${guillemets(o.libelle)} ${ordinal(rangs[o.index]!)} (au lieu de ${ordinal(o.rang)})`).join(", ");
}

export interface JsonClassement {
  modele: { id: string; version: string; titre: string };
  options: { option: string; score: number; rang: number }[];
  criteres: {
    id: string;
    libelle: string;
    poids: number;
    sens: "max" | "min";
    nature: "valeur" | "jugement";
    /** Weight change (points) from which the first rank changes hands, upwards and downwards; null: never. */
    bascule: { hausse: number | null; baisse: number | null; nouveauPremierHausse: string | null; nouveauPremierBaisse: string | null };
    rangsPlus10: Record<string, number>;
    rangsMoins10: Record<string, number>;
  }[];
  premier: string[];
}

export function jsonClassement(modele: JsonClassement["modele"], r: ResultatClassement): JsonClassement {
  const parOption = (rangs: number[]) => Object.fromEntries(r.options.map((o) => [o.libelle, rangs[o.index]!]));
  return {
    modele,
    options: r.classement.map((o) => ({ option: o.libelle, score: Math.round(o.score * 100) / 100, rang: o.rang })),
    criteres: r.criteres.map((c, k) => {
      const s = r.sensibilite[k]!;
      return {
        id: c.id,
        libelle: c.libelle,
        poids: c.poids,
        sens: c.sens,
        nature: c.nature,
        bascule: { hausse: s.hausse.delta, baisse: s.baisse.delta, nouveauPremierHausse: s.hausse.nouveauPremier, nouveauPremierBaisse: s.baisse.nouveauPremier },
        rangsPlus10: parOption(s.rangsPlus10),
        rangsMoins10: parOption(s.rangsMoins10),
      };
    }),
    premier: r.premiers.map((o) => o.libelle),
  };
}

/** The ranking and its sensitivity as text for a terminal. */
export function texteClassementDecision(r: ResultatClassement, o: { titre: string; source: string }): string {
  const largeur = Math.min(50, Math.max(...r.classement.map((x) => x.libelle.length)));
  const lignes = [
    `${o.titre} — ${o.source}`,
    "",
    "Classement (score sur 100) :",
    ...r.classement.map((x) => `  ${String(x.rang).padStart(2)}. ${x.libelle.slice(0, largeur).padEnd(largeur)}  ${nombreFr(x.score).padStart(6)}`),
    ...(r.premiers.length > 1 ? [`  Ex æquo au premier rang : ${nomPremier(r)}.`] : []),
    "",
    "Sensibilité du premier rang à chaque poids (les autres poids suivent en proportion) :",
    ...r.sensibilite.flatMap((s) => [
      `  • ${s.libelle} (${pourcent(s.poids)}) : ${phraseSensibilite(s, r)}`,
      `    à +10 points : ${rangsDeplaces(r, s.rangsPlus10)} ; à −10 points : ${rangsDeplaces(r, s.rangsMoins10)}`,
    ]),
    "",
  ];
  return lignes.join("\n");
}
