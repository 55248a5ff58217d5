/**
 * The words of a printed questionnaire around its questions, in French and Arabic, addressed to
 * a child (« tu ») or to an adult (« vous »). Pure data: the .docx renderer lays them out.
 */
import type { Questionnaire } from "./questionnaire";

export type LangueImpression = "fr" | "ar";

export interface TextesImpression {
  anonyme: string;
  age: string;
  reponse: string;
  merci: string;
  /** Footer: what the sheet is, without any name. */
  pied: string;
}

const ENFANT: Record<LangueImpression, TextesImpression> = {
  fr: { anonyme: "N'écris pas ton nom.", age: "Mon âge :", reponse: "Écris ou dessine ici :", merci: "Merci beaucoup pour tes réponses !", pied: "Questionnaire anonyme" },
  ar: { anonyme: "لا تكتب اسمك.", age: "عمري:", reponse: "اكتب أو ارسم هنا:", merci: "شكرًا جزيلًا على إجاباتك!", pied: "استبيان مجهول الهوية" },
};
const ADOLESCENT: Record<LangueImpression, TextesImpression> = {
  fr: { anonyme: "N'écris pas ton nom.", age: "Ton âge :", reponse: "Ta réponse :", merci: "Merci pour tes réponses !", pied: "Questionnaire anonyme" },
  ar: { anonyme: "لا تكتب اسمك.", age: "عمرك:", reponse: "إجابتك:", merci: "شكرًا على إجاباتك!", pied: "استبيان مجهول الهوية" },
};
const ADULTE: Record<LangueImpression, TextesImpression> = {
  fr: { anonyme: "N'écrivez pas votre nom.", age: "Votre âge :", reponse: "Votre réponse :", merci: "Merci pour vos réponses !", pied: "Questionnaire anonyme" },
  ar: { anonyme: "لا تُكتب الأسماء على هذا الاستبيان.", age: "العمر:", reponse: "الإجابة:", merci: "شكرًا على إجاباتكم!", pied: "استبيان مجهول الهوية" },
};

/** « tu » for children and teenagers (faces, or a questionnaire for the young), « vous » otherwise. */
export function textesImpression(q: Questionnaire, langue: LangueImpression): TextesImpression {
  if (q.presentation === "visages") return ENFANT[langue];
  return /\b(tu|ton|ta|tes)\b/i.test(q.consigne.fr) ? ADOLESCENT[langue] : ADULTE[langue];
}
