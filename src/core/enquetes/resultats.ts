/**
 * Results of a satisfaction survey, computed from the answers. Pure: the answer workbook carries
 * live formulas for the same figures, and an interop test checks that both agree.
 *
 * Definitions (docs/enquetes.md):
 * - a **respondent** is a row with at least one question answered (a scale answer or words);
 * - the **distribution** of a question counts each answer of the scale, « je ne sais pas »
 *   included; a percentage is a count over the question's answers;
 * - the **satisfaction index** of a question, from 0 to 100, is the mean of its scored answers
 *   placed on the scale from its lowest (0) to its highest value (100): on a 1–4 scale « 4 »
 *   counts 100, « 3 » 66.7, « 2 » 33.3, « 1 » 0; « je ne sais pas » is left out;
 * - the index of a **criterion** is the plain mean of the indices of the questions linked to it
 *   (each question weighs the same, whatever its number of answers); questions without an index
 *   are left out;
 * - **minimum group size** (default 5): nothing is shown while the survey has fewer respondents,
 *   nor for a question answered by fewer people, so that no child can be recognised by their
 *   answers. Comments are listed only when the survey reaches the minimum.
 */
import { bornesEchelle, questionsEchelle, questionsTexte, type Questionnaire } from "./questionnaire";

export const SEUIL_PAR_DEFAUT = 5;

/** One respondent's row: answer codes by question id (null: no answer). No name, ever. */
export interface Reponse {
  trancheAge: string | null;
  unite: string | null;
  valeurs: Record<string, string | null>;
}

export interface ResultatQuestion {
  id: string;
  texte: string;
  criteres: string[];
  /** Answers given to the question (« je ne sais pas » included). */
  reponses: number;
  /** Count per answer of the scale, in the scale's order; null when hidden (below the minimum). */
  comptes: number[] | null;
  /** Share of the answers, 0 to 1; null when hidden. */
  parts: number[] | null;
  /** Satisfaction index 0–100; null when hidden or when no answer is scored. */
  indice: number | null;
  masque: boolean;
  reference: string;
}

export interface ResultatCritere {
  id: string;
  questions: string[];
  indice: number | null;
  reference: string;
}

export interface ResultatsEnquete {
  questionnaire: { id: string; version: string };
  periode: string;
  repondants: number;
  seuil: number;
  /** The survey reaches the minimum group size. */
  affiche: boolean;
  questions: ResultatQuestion[];
  criteres: ResultatCritere[];
  /** Words written to the open questions, in row order; empty while below the minimum. */
  commentaires: { question: string; texte: string; textes: string[] }[];
}

/** A stable reference a PE or a grid's « preuves » column can cite: ENQ-enfants-6-11-2026-Q03. */
export function referenceResultat(questionnaireId: string, periode: string, objet: string): string {
  return `ENQ-${questionnaireId}-${periode || "sans-periode"}-${objet}`;
}
export const objetCritere = (id: string) => `C${id}`;

/** Whether a cell holds an answer: a non-empty text (what COUNTIF(…;"?*") counts in the sheet). */
export const estRempli = (v: string | null | undefined): v is string => typeof v === "string" && v.length > 0;

export function estRepondant(q: Questionnaire, r: Reponse): boolean {
  return q.questions.some((qu) => estRempli(r.valeurs[qu.id]));
}

/** The scale's index of an answer code, compared without case (as Excel's COUNTIF); -1 if unknown. */
export function indexChoix(q: Questionnaire, code: string): number {
  const c = code.toLocaleLowerCase("fr");
  return q.echelle.findIndex((x) => x.code.toLocaleLowerCase("fr") === c);
}

/** The scored value of each answer of the scale on 0–1 (null for « je ne sais pas »). */
export function valeursNormalisees(q: Questionnaire): (number | null)[] {
  const { min, max } = bornesEchelle(q);
  return q.echelle.map((c) => (c.valeur === null ? null : (c.valeur - min) / (max - min)));
}

/** Index 0–100 from the counts of each answer of the scale; null when nothing is scored. */
export function indiceSatisfaction(q: Questionnaire, comptes: readonly number[]): number | null {
  const norm = valeursNormalisees(q);
  let somme = 0;
  let n = 0;
  comptes.forEach((k, i) => {
    const v = norm[i];
    if (v === null || v === undefined) return;
    somme += k * v;
    n += k;
  });
  return n ? (100 * somme) / n : null;
}

function moyenne(valeurs: readonly (number | null)[]): number | null {
  const v = valeurs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

export function calculerResultats(q: Questionnaire, reponses: readonly Reponse[], o: { seuil?: number; periode?: string } = {}): ResultatsEnquete {
  const seuil = o.seuil ?? SEUIL_PAR_DEFAUT;
  const periode = o.periode ?? "";
  const repondants = reponses.filter((r) => estRepondant(q, r)).length;
  const affiche = repondants >= seuil;
  const questions = questionsEchelle(q).map((qu): ResultatQuestion => {
    const comptes = q.echelle.map(() => 0);
    for (const r of reponses) {
      const v = r.valeurs[qu.id];
      if (!estRempli(v)) continue;
      const i = indexChoix(q, v);
      if (i >= 0) comptes[i]!++;
    }
    const n = comptes.reduce((a, b) => a + b, 0);
    const masque = !affiche || n < seuil;
    return {
      id: qu.id,
      texte: qu.texte.fr,
      criteres: qu.criteres,
      reponses: n,
      comptes: masque ? null : comptes,
      parts: masque ? null : comptes.map((k) => k / n),
      indice: masque ? null : indiceSatisfaction(q, comptes),
      masque,
      reference: referenceResultat(q.id, periode, qu.id),
    };
  });
  const criteres = criteresLies(q).map((id): ResultatCritere => {
    const liees = questions.filter((x) => x.criteres.includes(id));
    return { id, questions: liees.map((x) => x.id), indice: moyenne(liees.map((x) => x.indice)), reference: referenceResultat(q.id, periode, objetCritere(id)) };
  });
  const commentaires = questionsTexte(q).map((qu) => ({
    question: qu.id,
    texte: qu.texte.fr,
    textes: affiche ? reponses.map((r) => r.valeurs[qu.id]).filter(estRempli) : [],
  }));
  return { questionnaire: { id: q.id, version: q.version }, periode, repondants, seuil, affiche, questions, criteres, commentaires };
}

/** The criteria the scale questions inform, each once, in natural order (1.2.3 before 1.10.3). */
export function criteresLies(q: Questionnaire): string[] {
  return [...new Set(questionsEchelle(q).flatMap((x) => x.criteres))].sort((a, b) => a.localeCompare(b, "fr", { numeric: true }));
}
