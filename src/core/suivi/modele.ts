/**
 * The follow-up model (suivi) of an establishment project: objectives (from the PE) → actions
 * (from the PE, the improvement plan, or written by hand) → the criteria they aim to improve →
 * indicators with a baseline, a target and one value per semester. Pure data; the rules that
 * derive progress and status are in `calculs.ts`.
 */
import { z } from "zod";
import { cheminLisible, ErreurUtilisateur } from "../referential";
import indicateursPe from "../../../templates/suivi/indicateurs-pe.json";

export const SENS = ["hausse", "baisse"] as const;
export type Sens = (typeof SENS)[number];
export const FREQUENCES = ["semestrielle", "annuelle"] as const;
export const STATUTS_ACTION = ["À faire", "En cours", "Fait", "Abandonné"] as const;
export type StatutAction = (typeof STATUTS_ACTION)[number];
export const ORIGINES_ACTION = { pe: "Projet d'établissement", paq: "Plan d'amélioration", manuel: "Ajout manuel" } as const;
export type OrigineAction = (typeof ORIGINES_ACTION)[keyof typeof ORIGINES_ACTION];

/** A value at a semester: the base or the target of an indicator. */
export interface Jalon {
  valeur: number | null;
  /** A semester, « 2026-S1 ». */
  periode: string;
}

export interface Indicateur {
  id: string;
  /** Id of the objective it measures. */
  objectif: string;
  libelle: string;
  libelleAr: string;
  unite: string;
  sens: Sens;
  /** Values of several establishments may be added (people, events); a rate may not. */
  additif: boolean;
  base: Jalon;
  cible: Jalon;
  source: string;
  frequence: (typeof FREQUENCES)[number];
  responsable: string;
  abandonne: boolean;
  /** Semester → value. */
  valeurs: Record<string, number>;
}

export interface Objectif {
  id: string;
  libelle: string;
  echeance: number | null;
  responsable: string;
}

export interface Action {
  id: string;
  objectif: string;
  libelle: string;
  origine: OrigineAction;
  /** Ids of the referential's criteria this action aims to improve. */
  criteres: string[];
  responsable: string;
  /** ISO date (AAAA-MM-JJ) or null. */
  echeance: string | null;
  statut: StatutAction;
  /** ISO date the action was closed (done), or null. */
  cloture: string | null;
  /** Why it is late, or any comment. */
  motif: string;
}

/** One assessment campaign's scores, kept in the follow-up workbook to see them change. */
export interface Campagne {
  periode: string;
  libelle: string;
  global: number | null;
  criteres: { id: string; libelle: string; score: number | null }[];
}

export interface Suivi {
  etablissement: string;
  /** First and last year of the PE. */
  debut: number;
  fin: number;
  objectifs: Objectif[];
  actions: Action[];
  indicateurs: Indicateur[];
  campagnes: Campagne[];
}

// ─── The shipped indicator sets (JSON validated with French messages) ─────────────────────────

const texte = (max: number) => z.string().trim().min(1, { message: "texte vide" }).max(max, { message: `texte de plus de ${max} caractères` });
const indicateurLivreSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, { message: "identifiant attendu en majuscules, chiffres et tirets (20 caractères au plus)" }),
    libelle: z.object({ fr: texte(300), ar: texte(300) }).strict(),
    unite: texte(30),
    sens: z.enum(SENS, { message: "sens attendu : « hausse » (plus c'est haut, mieux c'est) ou « baisse »" }),
    additif: z.boolean({ message: "additif attendu : true (les valeurs de plusieurs établissements s'additionnent) ou false" }),
    base: z.number().finite().optional(),
    cible: z.number().finite().optional(),
    source: texte(300),
    frequence: z.enum(FREQUENCES, { message: "fréquence attendue : « semestrielle » ou « annuelle »" }),
    responsable: texte(100),
    motsCles: z.array(texte(60)).max(30),
  })
  .strict()
  .refine((i) => i.base === undefined || i.cible === undefined || (i.sens === "hausse" ? i.cible >= i.base : i.cible <= i.base), {
    message: "la cible va contre le sens de l'indicateur (une hausse vise une cible au moins égale à la base, une baisse une cible au plus égale)",
    path: ["cible"],
  });

export const jeuIndicateursSchema = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, { message: "identifiant attendu en minuscules, chiffres et tirets" }),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: "version attendue sous la forme 1.0.0" }),
    titre: z.object({ fr: texte(200), ar: texte(200) }).strict(),
    indicateurs: z.array(indicateurLivreSchema).min(1, { message: "au moins un indicateur" }).max(500),
  })
  .strict()
  .refine((j) => new Set(j.indicateurs.map((i) => i.id)).size === j.indicateurs.length, { message: "deux indicateurs portent le même identifiant", path: ["indicateurs"] });

export type JeuIndicateurs = z.infer<typeof jeuIndicateursSchema>;
export type IndicateurLivre = JeuIndicateurs["indicateurs"][number];

/** Reads an indicator set; a French message names the file and each faulty field. */
export function chargerJeuIndicateurs(data: unknown, source = "jeu d'indicateurs"): JeuIndicateurs {
  const r = jeuIndicateursSchema.safeParse(data, { error: z.locales.fr().localeError });
  if (!r.success) {
    throw new ErreurUtilisateur(
      `${source} n'est pas un jeu d'indicateurs valide.`,
      r.error.issues.slice(0, 10).map((i) => `${cheminLisible(i.path)} : ${i.message}`),
    );
  }
  return r.data;
}

let livre: JeuIndicateurs | null = null;
/** The indicator set shipped for the PE of an EPS. */
export function indicateursPeLivres(): JeuIndicateurs {
  livre ??= chargerJeuIndicateurs(indicateursPe, "jeu d'indicateurs livré « indicateurs-pe »");
  return livre;
}
