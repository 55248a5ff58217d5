/**
 * A satisfaction questionnaire: who answers, one answer scale, 10 to 20 questions each linked to
 * criteria of a quality referential. Plain data (templates/enquetes/*.json), validated on load by
 * zod with French messages, like a referential. Every text carries French AND Arabic: the people
 * who answer often read Arabic more easily.
 */
import { z } from "zod";
import { analyserJson } from "../json";
import { criteresAplatis, detailsZod, ErreurUtilisateur, type Referentiel } from "../referential";

const bilingue = z.object({
  fr: z.string().trim().min(1, "texte français obligatoire").max(600),
  ar: z.string().trim().min(1, "texte arabe obligatoire : les personnes interrogées lisent souvent plus facilement l'arabe").max(600),
});
export type TexteBilingue = z.infer<typeof bilingue>;

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "identifiant invalide : lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus");

/**
 * One answer of the scale. `code` is what is typed (from a drop-down list) in the answer
 * workbook: no comma or quote (Excel lists are comma-separated). `valeur` is its score; null
 * for « je ne sais pas », counted in the distribution, left out of the index.
 */
const choixSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[^,"]+$/, "un code de réponse ne contient ni virgule ni guillemet (listes déroulantes d'Excel)"),
  libelle: bilingue,
  valeur: z.number().int().min(0).max(10).nullable(),
  /** Drawn face on the printed questionnaire of young children. */
  visage: z.enum(["content", "neutre", "triste"]).optional(),
});
export type Choix = z.infer<typeof choixSchema>;

const questionSchema = z.object({
  id: idSchema,
  /** « echelle »: one answer of the scale; « texte »: free words (a comment). */
  type: z.enum(["echelle", "texte"]).default("echelle"),
  texte: bilingue,
  /** Criteria of the referential this question informs (ids, e.g. "1.10.3"). */
  criteres: z.array(idSchema).max(10).default([]),
});
export type Question = z.infer<typeof questionSchema>;

export const questionnaireSchema = z
  .object({
    $schema: z.string().optional(),
    id: idSchema,
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "version attendue sous la forme 1.0 ou 1.0.0"),
    titre: bilingue,
    /** Who answers: « enfants de 6 à 11 ans ». */
    public: bilingue,
    /** Read to (or by) the person before the questions. */
    consigne: bilingue,
    referentiel: z.object({ id: idSchema, version: z.string().optional() }),
    /** Large faces (young children) or boxes to tick. */
    presentation: z.enum(["visages", "cases"]),
    echelle: z.array(choixSchema).min(2, "une échelle a au moins deux réponses").max(7),
    /** Optional age bands offered in the answer workbook (never a name, never a birth date). */
    tranchesAge: z
      .array(z.object({ code: z.string().trim().min(1).max(30).regex(/^[^,"]+$/, "pas de virgule ni de guillemet (listes déroulantes d'Excel)"), ar: z.string().trim().min(1).max(60) }))
      .max(8)
      .default([]),
    questions: z.array(questionSchema).min(10, "un questionnaire compte au moins 10 questions").max(20, "un questionnaire compte au plus 20 questions"),
  })
  .superRefine((q, ctx) => {
    const ids = new Set<string>();
    q.questions.forEach((qu, i) => {
      if (ids.has(qu.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `l'identifiant « ${qu.id} » est déjà utilisé` });
      ids.add(qu.id);
      if (qu.type === "echelle" && !qu.criteres.length) ctx.addIssue({ code: "custom", path: ["questions", i, "criteres"], message: "une question à échelle est reliée à au moins un critère du référentiel" });
    });
    const codes = new Set<string>();
    q.echelle.forEach((c, i) => {
      if (codes.has(c.code.toLocaleLowerCase("fr"))) ctx.addIssue({ code: "custom", path: ["echelle", i, "code"], message: `le code « ${c.code} » est déjà utilisé` });
      codes.add(c.code.toLocaleLowerCase("fr"));
    });
    const valeurs = q.echelle.map((c) => c.valeur).filter((v): v is number => v !== null);
    if (new Set(valeurs).size < 2) ctx.addIssue({ code: "custom", path: ["echelle"], message: "l'échelle a au moins deux réponses de valeurs différentes" });
    if (q.presentation === "visages" && q.echelle.some((c) => c.valeur !== null && !c.visage)) {
      ctx.addIssue({ code: "custom", path: ["echelle"], message: "avec la présentation « visages », chaque réponse notée a son visage (content, neutre ou triste)" });
    }
    if (!q.questions.some((qu) => qu.type === "echelle")) ctx.addIssue({ code: "custom", path: ["questions"], message: "au moins une question à échelle" });
  });

export type Questionnaire = z.infer<typeof questionnaireSchema>;

/** Validates unknown data as a questionnaire; every fault named by its path, in French. */
export function chargerQuestionnaire(data: unknown, source = "questionnaire"): Questionnaire {
  const res = questionnaireSchema.safeParse(data, { error: z.locales.fr().localeError });
  if (!res.success) {
    throw new ErreurUtilisateur(`Le ${source} n'est pas valide.`, detailsZod(res.error.issues));
  }
  return res.data;
}

export function lireQuestionnaireJson(texte: string, source = "questionnaire"): Questionnaire {
  return chargerQuestionnaire(analyserJson(texte, `Le ${source}`), source);
}

/** Criteria named by the questions that the referential does not have (empty when all exist). */
export function criteresInconnus(q: Questionnaire, ref: Referentiel): string[] {
  const connus = new Set(criteresAplatis(ref).map((c) => c.critere.id));
  return [...new Set(q.questions.flatMap((qu) => qu.criteres))].filter((id) => !connus.has(id));
}

/** Refuses a questionnaire whose questions cite criteria the referential does not have. */
export function verifierCriteres(q: Questionnaire, ref: Referentiel, source = `questionnaire « ${q.id} »`): void {
  if (q.referentiel.id !== ref.id) throw new ErreurUtilisateur(`Le ${source} se rapporte au référentiel « ${q.referentiel.id} », pas à « ${ref.id} ».`);
  const inconnus = criteresInconnus(q, ref);
  if (inconnus.length) {
    throw new ErreurUtilisateur(
      `Le ${source} cite des critères absents du référentiel « ${ref.id} » ${ref.version} : ${inconnus.join(", ")}.`,
      q.questions.filter((qu) => qu.criteres.some((c) => inconnus.includes(c))).map((qu) => `question ${qu.id} : ${qu.criteres.filter((c) => inconnus.includes(c)).join(", ")}`),
    );
  }
}

export const questionsEchelle = (q: Questionnaire) => q.questions.filter((qu) => qu.type === "echelle");
export const questionsTexte = (q: Questionnaire) => q.questions.filter((qu) => qu.type === "texte");

/** Lowest and highest scores of the scale (« je ne sais pas » aside). */
export function bornesEchelle(q: Questionnaire): { min: number; max: number } {
  const v = q.echelle.map((c) => c.valeur).filter((x): x is number => x !== null);
  return { min: Math.min(...v), max: Math.max(...v) };
}
