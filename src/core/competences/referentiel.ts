/**
 * A competence referential: domains → competences → observable indicators, with the level each
 * job requires (1 to 4). Plain data validated on load, like the quality referentials: every fault
 * is a French message naming its path (« domaines[0].competences[2].niveauxRequis.educateur : … »).
 */
import { z } from "zod";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { stringify } from "safe-stable-stringify";
import { analyserJson } from "../json";
import { detailsZod, ErreurUtilisateur } from "../referential";

export const NIVEAU_MIN = 1;
export const NIVEAU_MAX = 4;
export const NIVEAUX = [1, 2, 3, 4] as const;

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "identifiant invalide : lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus");

const libelleSchema = z.object({
  fr: z.string().trim().min(1, "libellé français obligatoire").max(1000),
  ar: z.string().trim().min(1, "libellé arabe vide : retirez-le ou écrivez-le").max(1000).optional(),
});
export type LibelleCompetence = z.infer<typeof libelleSchema>;

const niveauSchema = z.number().int("un niveau est un nombre entier").min(NIVEAU_MIN, `niveau de ${NIVEAU_MIN} à ${NIVEAU_MAX}`).max(NIVEAU_MAX, `niveau de ${NIVEAU_MIN} à ${NIVEAU_MAX}`);

const competenceSchema = z.object({
  id: idSchema,
  libelle: libelleSchema,
  indicateurs: z.array(libelleSchema).min(1, "une compétence a au moins un indicateur observable"),
  /** Job id → required level (every job of the referential). */
  niveauxRequis: z.record(idSchema, niveauSchema),
});

const domaineSchema = z.object({
  id: idSchema,
  libelle: libelleSchema,
  /** Competences of the quality approach and the PE: a training covering one counts as « formé·e à la démarche qualité ». */
  demarcheQualite: z.boolean().default(false),
  competences: z.array(competenceSchema).min(1, "un domaine a au moins une compétence"),
});

const metierSchema = z.object({
  id: idSchema,
  libelle: libelleSchema,
  /** Other ways a staff list names the job (« éducatrice », « chef de service »). */
  synonymes: z.array(z.string().trim().min(1).max(100)).default([]),
});

export const referentielCompetencesSchema = z.object({
  $schema: z.string().optional(),
  id: idSchema,
  version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "version attendue sous la forme 1.0 ou 1.0.0"),
  titre: libelleSchema,
  description: libelleSchema.optional(),
  /** What each level means, 1 to 4. */
  echelle: z.object({ "1": libelleSchema, "2": libelleSchema, "3": libelleSchema, "4": libelleSchema }),
  metiers: z.array(metierSchema).min(1, "un référentiel de compétences a au moins un métier"),
  domaines: z.array(domaineSchema).min(1, "un référentiel de compétences a au moins un domaine"),
});

export type ReferentielCompetences = z.infer<typeof referentielCompetencesSchema>;
export type Domaine = ReferentielCompetences["domaines"][number];
export type Competence = Domaine["competences"][number];
export type Metier = ReferentielCompetences["metiers"][number];

/** Lower case, no accents, no punctuation nor spaces: « Éducateur·rice » → « educateurrice ». */
export function cleTexte(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase("fr")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function verifierCoherence(r: ReferentielCompetences): string[] {
  const fautes: string[] = [];
  const metiers = r.metiers.map((m) => m.id);
  const noms = new Map<string, string>();
  r.metiers.forEach((m, i) => {
    if (metiers.indexOf(m.id) !== i) fautes.push(`metiers[${i}].id : le métier « ${m.id} » est déjà déclaré`);
    for (const nom of [m.id, m.libelle.fr, ...m.synonymes]) {
      const cle = cleTexte(nom);
      const deja = noms.get(cle);
      if (deja && deja !== m.id) fautes.push(`metiers[${i}] : « ${nom} » désigne déjà le métier « ${deja} »`);
      else noms.set(cle, m.id);
    }
  });
  const vus = new Map<string, string>();
  r.domaines.forEach((d, i) => {
    const chemin = `domaines[${i}]`;
    if (vus.has(d.id)) fautes.push(`${chemin}.id : l'identifiant « ${d.id} » est déjà utilisé en ${vus.get(d.id)}`);
    vus.set(d.id, chemin);
    d.competences.forEach((c, j) => {
      const cc = `${chemin}.competences[${j}]`;
      if (vus.has(c.id)) fautes.push(`${cc}.id : l'identifiant « ${c.id} » est déjà utilisé en ${vus.get(c.id)}`);
      vus.set(c.id, cc);
      for (const m of metiers) if (!Object.hasOwn(c.niveauxRequis, m)) fautes.push(`${cc}.niveauxRequis : le niveau requis du métier « ${m} » manque`);
      for (const m of Object.keys(c.niveauxRequis)) if (!metiers.includes(m)) fautes.push(`${cc}.niveauxRequis.${m} : métier inconnu (métiers déclarés : ${metiers.join(", ")})`);
    });
  });
  if (!r.domaines.some((d) => d.demarcheQualite)) fautes.push("domaines : aucun domaine n'est marqué « demarcheQualite » (le tableau de bord compte les personnes formées à la démarche qualité)");
  return fautes;
}

/** Validates unknown data as a competence referential; every fault listed with its path. */
export function chargerReferentielCompetences(data: unknown, source = "référentiel de compétences"): ReferentielCompetences {
  const res = referentielCompetencesSchema.safeParse(data, { error: z.locales.fr().localeError });
  if (!res.success) {
    throw new ErreurUtilisateur(`Le ${source} n'est pas valide.`, detailsZod(res.error.issues));
  }
  const fautes = verifierCoherence(res.data);
  if (fautes.length) throw new ErreurUtilisateur(`Le ${source} n'est pas cohérent.`, fautes);
  return res.data;
}

export function lireReferentielCompetencesJson(texte: string, source = "référentiel de compétences"): ReferentielCompetences {
  return chargerReferentielCompetences(analyserJson(texte, `Le ${source}`), source);
}

export function empreinteCompetences(r: ReferentielCompetences): string {
  const { $schema: _ignore, ...contenu } = r;
  return bytesToHex(sha256(utf8ToBytes(stringify(contenu) ?? "")));
}

export interface CompetenceAplatie {
  competence: Competence;
  domaine: Domaine;
}

/** Every competence in referential order, with its domain. */
export function competencesAplaties(r: ReferentielCompetences): CompetenceAplatie[] {
  return r.domaines.flatMap((domaine) => domaine.competences.map((competence) => ({ competence, domaine })));
}

/** Ids of the competences of the quality approach and the PE. */
export function competencesQualite(r: ReferentielCompetences): string[] {
  return r.domaines.filter((d) => d.demarcheQualite).flatMap((d) => d.competences.map((c) => c.id));
}

/** The job a staff list names, by id, label or synonym, accents and case aside; null if unknown. */
export function metierNomme(r: ReferentielCompetences, texte: string): Metier | null {
  const cle = cleTexte(texte);
  if (!cle) return null;
  return r.metiers.find((m) => [m.id, m.libelle.fr, ...m.synonymes].some((n) => cleTexte(n) === cle)) ?? null;
}
