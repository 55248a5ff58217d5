/**
 * Decision models for a weighted multi-criteria ranking: criteria with a weight (in %, the
 * weights add up to 100), a direction (higher or lower is better) and a kind (a raw value in its
 * unit, or a 1–5 judgement). Shipped models live in templates/classement/ as JSON, checked by the
 * same zod schema as any file a user loads; every message is French.
 */
import { z } from "zod";
import { MODELES_DECISION, SOURCES_DECISION as SOURCES } from "./livres";
import { cheminLisible, ErreurUtilisateur } from "../referential";

/** Weights are percentages; their sum may differ from 100 by this much (rounding of decimals). */
export const TOLERANCE_POIDS = 0.01;
export const JUGEMENT_MIN = 1;
export const JUGEMENT_MAX = 5;

export type Sens = "max" | "min";
export type Nature = "valeur" | "jugement";

const texte = z.string().trim().min(1, "texte vide").max(2000);
const libelle = z.object({ fr: texte, ar: texte.optional() });

const critereSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "identifiant attendu en minuscules, chiffres et tirets (40 caractères au plus)"),
  libelle,
  aide: libelle.optional(),
  poids: z.number().finite().min(0, "un poids ne peut pas être négatif").max(100, "un poids ne peut pas dépasser 100 %"),
  sens: z.enum(["max", "min"]),
  nature: z.enum(["valeur", "jugement"]),
  unite: z.string().trim().max(20).optional(),
});

export const modeleDecisionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, "identifiant attendu en minuscules, chiffres et tirets"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "version attendue sous la forme 1.0.0"),
  titre: libelle,
  description: libelle.optional(),
  /** What an option is called in this model: « Scénario », « Action ». */
  libelleOption: libelle,
  criteres: z.array(critereSchema).min(1, "au moins un critère").max(30, "30 critères au plus"),
});

export type ModeleDecision = z.infer<typeof modeleDecisionSchema>;
export type CritereModele = ModeleDecision["criteres"][number];

/** "95 %", "100,5 %": a weight as a referent writes it. */
export function pourcent(x: number): string {
  const r = Math.round(x * 100) / 100;
  return `${String(r).replace(".", ",")} %`;
}

/**
 * The weights must add up to 100 %: null when they do, else the French sentence that says by how
 * much they miss, with every weight named.
 */
export function fauteSommePoids(criteres: readonly { libelle: string; poids: number }[]): string | null {
  const somme = criteres.reduce((s, c) => s + c.poids, 0);
  if (Math.abs(somme - 100) <= TOLERANCE_POIDS) return null;
  const ecart = somme - 100;
  return `Les poids des critères font ${pourcent(somme)} au lieu de 100 % (${ecart > 0 ? "trop de" : "il manque"} ${pourcent(Math.abs(ecart))}) : ${criteres
    .map((c) => `${c.libelle} ${pourcent(c.poids)}`)
    .join(", ")}. Corrigez les poids pour que leur total fasse 100 %.`;
}

/** Checks a model's data (a shipped template or a user's file); a French message otherwise. */
export function chargerModeleDecision(data: unknown, source = "modèle de décision"): ModeleDecision {
  const r = modeleDecisionSchema.safeParse(data, { error: z.locales.fr().localeError });
  if (!r.success) {
    throw new ErreurUtilisateur(`${source} n'est pas un modèle de décision valide.`, r.error.issues.slice(0, 8).map((i) => `${cheminLisible(i.path)} : ${i.message}`));
  }
  const m = r.data;
  const fautes: string[] = [];
  const vus = new Set<string>();
  for (const [i, c] of m.criteres.entries()) {
    if (vus.has(c.id)) fautes.push(`criteres[${i}].id : l'identifiant « ${c.id} » est déjà utilisé`);
    vus.add(c.id);
  }
  const somme = fauteSommePoids(m.criteres.map((c) => ({ libelle: c.libelle.fr, poids: c.poids })));
  if (somme) fautes.push(somme);
  if (fautes.length) throw new ErreurUtilisateur(`${source} n'est pas un modèle de décision valide.`, fautes);
  return m;
}

export { MODELES_DECISION };

export function modeleDecisionLivre(id: string): ModeleDecision {
  const data = Object.hasOwn(SOURCES, id) ? SOURCES[id] : undefined;
  if (data === undefined) throw new ErreurUtilisateur(`Modèle de classement « ${id} » inconnu. Modèles livrés : ${MODELES_DECISION.join(", ")}.`);
  return chargerModeleDecision(data, `modèle livré « ${id} »`);
}
