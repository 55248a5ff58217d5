/**
 * Document templates (the establishment project "pe-eps", the PRF good-practice guide…): an
 * ordered list of sections, each with guidance for the writer, questions for the teams, typed
 * fields, an optional condition, and fixed text that may use variables ({{etablissement}}).
 * Described as data in templates/documents/, validated like referentials.
 */
import { z } from "zod";
import { erreurZodFr } from "../messages-zod";
import { cheminLisible, ErreurUtilisateur } from "../referential";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "identifiant invalide : minuscules, chiffres et « - », 40 caractères au plus");
const texteFr = z.object({ fr: z.string().trim().min(1, "texte français obligatoire").max(4000), ar: z.string().trim().min(1).max(4000).optional() });

export const TYPES_CHAMP = ["texte", "texteLong", "nombre", "date", "choix", "liste"] as const;
export type TypeChamp = (typeof TYPES_CHAMP)[number];

const colonneSchema = z.object({ id, libelle: texteFr, type: z.enum(["texte", "nombre", "date"]).default("texte") });

const champSchema = z
  .object({
    id,
    libelle: texteFr,
    type: z.enum(TYPES_CHAMP),
    obligatoire: z.boolean().default(false),
    aide: texteFr.optional(),
    choix: z.array(z.string().trim().min(1)).min(2).optional(),
    colonnes: z.array(colonneSchema).min(1).optional(),
  })
  .refine((c) => c.type !== "choix" || !!c.choix, { message: "un champ « choix » donne la liste de ses choix", path: ["choix"] })
  .refine((c) => c.type !== "liste" || !!c.colonnes, { message: "un champ « liste » donne ses colonnes", path: ["colonnes"] });

const variableSchema = z.object({ id, libelle: texteFr, type: z.enum(["texte", "nombre", "date", "choix"]), choix: z.array(z.string()).optional(), obligatoire: z.boolean().default(false), aide: texteFr.optional() });

const sectionSchema = z.object({
  id,
  titre: texteFr,
  niveau: z.union([z.literal(1), z.literal(2)]).default(1),
  guide: texteFr,
  questions: z.array(texteFr).default([]),
  /** Fixed text printed at the top of the section; {{variable}} is replaced. */
  texte: texteFr.optional(),
  /** The section appears only when the variable has this value. */
  condition: z.object({ variable: id, egal: z.union([z.string(), z.number(), z.boolean()]) }).optional(),
  champs: z.array(champSchema).default([]),
  /** The section also receives computed content: an assessment's results, or a consolidation's. */
  source: z.enum(["evaluation", "consolidation"]).optional(),
});

export const modeleSchema = z.object({
  $schema: z.string().optional(),
  id,
  version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "version attendue sous la forme 1.0 ou 1.0.0"),
  titre: texteFr,
  description: texteFr.optional(),
  variables: z.array(variableSchema).default([]),
  /** The years the document covers: first and last year variables, and the longest span allowed (PE: five years). */
  periode: z.object({ debut: id, fin: id, anneesMax: z.number().int().min(1).max(20) }).optional(),
  sections: z.array(sectionSchema).min(1, "un modèle a au moins une section"),
});

export type ModeleDocument = z.infer<typeof modeleSchema>;
export type Section = ModeleDocument["sections"][number];
export type Champ = Section["champs"][number];
export type Variable = ModeleDocument["variables"][number];

export function chargerModele(data: unknown, source = "modèle"): ModeleDocument {
  const res = modeleSchema.safeParse(data, { error: erreurZodFr });
  if (!res.success) {
    throw new ErreurUtilisateur(`Le ${source} n'est pas valide.`, res.error.issues.slice(0, 20).map((i) => `${cheminLisible(i.path)} : ${i.message}`));
  }
  const m = res.data;
  const fautes: string[] = [];
  const vus = new Set<string>();
  const variables = new Set(m.variables.map((v) => v.id));
  for (const v of m.periode ? [m.periode.debut, m.periode.fin] : []) if (!variables.has(v)) fautes.push(`periode : variable « ${v} » inconnue`);
  m.sections.forEach((s, i) => {
    if (vus.has(s.id)) fautes.push(`sections[${i}].id : « ${s.id} » est déjà utilisé`);
    vus.add(s.id);
    if (s.condition && !variables.has(s.condition.variable)) fautes.push(`sections[${i}].condition.variable : variable « ${s.condition.variable} » inconnue`);
    const champs = new Set<string>();
    s.champs.forEach((c, j) => {
      if (champs.has(c.id)) fautes.push(`sections[${i}].champs[${j}].id : « ${c.id} » est déjà utilisé dans la section`);
      champs.add(c.id);
    });
    for (const t of [s.texte?.fr ?? "", s.guide.fr]) {
      for (const [, v] of t.matchAll(/\{\{\s*([a-z0-9-]+)\s*\}\}/g)) if (!variables.has(v!)) fautes.push(`sections[${i}] : variable « ${v} » inconnue dans le texte`);
    }
  });
  if (fautes.length) throw new ErreurUtilisateur(`Le ${source} n'est pas cohérent.`, fautes);
  return m;
}
