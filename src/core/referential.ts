/**
 * The quality referential: a versioned tree chapters → thematics → objectives → criteria
 * (→ optional evaluation elements), described as data and validated on load.
 *
 * Keys are French because referents write and read these JSON files themselves.
 */
import { analyserJson } from "./json";
import type * as Zod from "zod";
import { ErreurUtilisateur } from "./erreur-utilisateur";
import { erreurZodFr } from "./messages-zod";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { stringify } from "safe-stable-stringify";

export const METHODES = ["accompagne-traceur", "traceur-cible", "audit-systeme"] as const;
export type Methode = (typeof METHODES)[number];

export const METHODE_LIBELLES: Record<Methode, string> = {
  "accompagne-traceur": "Accompagné traceur",
  "traceur-cible": "Traceur ciblé",
  "audit-systeme": "Audit système",
};

/**
 * The referential's schemas, built with zod. zod is loaded and the schemas built on the first
 * validation, not when this module loads: the modules that only walk a referential already
 * validated (scores, consolidation) cost nothing of it.
 */
function construireSchemas(z: typeof Zod.z) {
  const idSchema = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "identifiant invalide : lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus");

  const libelleSchema = z.object({
    fr: z.string().trim().min(1, "libellé français obligatoire").max(1000),
    ar: z.string().trim().min(1).max(1000).optional(),
  });

  const poidsSchema = z.number().positive("le poids doit être strictement positif").max(1000).optional();

  const elementSchema = z.object({ id: idSchema, libelle: libelleSchema });

  const critereSchema = z.object({
    id: idSchema,
    libelle: libelleSchema,
    methode: z.enum(METHODES),
    imperatif: z.boolean().default(false),
    categories: z.array(idSchema).min(1).optional(),
    poids: poidsSchema,
    aide: libelleSchema.optional(),
    /** Guidance for the evaluators: what to look at (documents, persons met, observation) and examples of evidence. */
    regarder: libelleSchema.optional(),
    preuves: libelleSchema.optional(),
    elements: z.array(elementSchema).min(2, "un critère détaillé a au moins deux éléments d'évaluation").optional(),
  });

  const objectifSchema = z.object({
    id: idSchema,
    libelle: libelleSchema,
    poids: poidsSchema,
    criteres: z.array(critereSchema).min(1, "un objectif a au moins un critère"),
  });

  const thematiqueSchema = z.object({
    id: idSchema,
    libelle: libelleSchema,
    poids: poidsSchema,
    objectifs: z.array(objectifSchema).min(1, "une thématique a au moins un objectif"),
  });

  const chapitreSchema = z.object({
    id: idSchema,
    libelle: libelleSchema,
    poids: poidsSchema,
    thematiques: z.array(thematiqueSchema).min(1, "un chapitre a au moins une thématique"),
  });

  const echelleSchema = z
    .object({
      min: z.number().int(),
      max: z.number().int(),
      libelles: z.record(z.string(), libelleSchema).optional(),
      nonConcerne: z.string().trim().min(1).max(10).default("NC"),
      /** Values allowed on an imperative criterion (met only at the maximum). */
      imperatif: z.array(z.number().int()).min(2).optional(),
    })
    .refine((e) => e.max > e.min, { message: "l'échelle doit avoir max > min", path: ["max"] })
    .refine((e) => e.max - e.min <= 20, { message: "l'échelle compte au plus 21 valeurs", path: ["max"] });

  const niveauxSchema = z.object({
    chapitre: libelleSchema,
    thematique: libelleSchema,
    objectif: libelleSchema,
    critere: libelleSchema,
  });

  /**
   * How answers given on an earlier version carry over: rows (criterion or element ids) renamed,
   * revised (same id, another meaning: the old answer is archived, never read as a new one) or
   * removed. Rows not listed keep their answers by id.
   */
  const migrationSchema = z.object({
    depuis: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "version attendue sous la forme 1.0 ou 1.0.0"),
    renommes: z.record(idSchema, idSchema).default({}),
    revus: z.record(idSchema, z.string().trim().min(1).max(300)).default({}),
    retires: z.record(idSchema, z.string().trim().min(1).max(300)).default({}),
  });

  const referentielSchema = z.object({
    $schema: z.string().optional(),
    id: idSchema,
    version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "version attendue sous la forme 1.0 ou 1.0.0"),
    titre: libelleSchema,
    description: libelleSchema.optional(),
    niveaux: niveauxSchema.optional(),
    echelle: echelleSchema,
    categories: z.array(z.object({ id: idSchema, libelle: libelleSchema })).optional(),
    migrations: z.array(migrationSchema).optional(),
    chapitres: z.array(chapitreSchema).min(1, "un référentiel a au moins un chapitre"),
  });
  return { libelleSchema, migrationSchema, referentielSchema };
}

type Schemas = ReturnType<typeof construireSchemas>;
let schemas: Schemas | undefined;
function lesSchemas(): Schemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous validation, zod loaded on first use
  return (schemas ??= construireSchemas((require("zod") as typeof Zod).z));
}

/** The referential's schema (for the published JSON Schema). */
export function schemaReferentiel(): Schemas["referentielSchema"] {
  return lesSchemas().referentielSchema;
}

export type Libelle = Zod.z.infer<Schemas["libelleSchema"]>;
export type Migration = Zod.z.infer<Schemas["migrationSchema"]>;
export type Referentiel = Zod.z.infer<Schemas["referentielSchema"]>;
export type Chapitre = Referentiel["chapitres"][number];
export type Thematique = Chapitre["thematiques"][number];
export type Objectif = Thematique["objectifs"][number];
export type Critere = Objectif["criteres"][number];
export type Echelle = Referentiel["echelle"];

export const NIVEAUX_PAR_DEFAUT: NonNullable<Referentiel["niveaux"]> = {
  chapitre: { fr: "Chapitre" },
  thematique: { fr: "Thématique" },
  objectif: { fr: "Objectif" },
  critere: { fr: "Critère" },
};

export { ErreurUtilisateur };

/** Renders a zod path the way a referent reads it: chapitres[0].thematiques[2].libelle.fr */
export function cheminLisible(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(racine)";
}

/** The faults of a zod validation as a referent reads them: path and message, the first 20, then how many more. */
export function detailsZod(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  const details = issues.slice(0, 20).map((i) => `${cheminLisible(i.path)} : ${i.message}`);
  if (issues.length > 20) details.push(`… et ${issues.length - 20} autres erreurs`);
  return details;
}

/** Checks the rules a schema cannot express: unique ids, scale coherence, categories known. */
function verifierCoherence(ref: Referentiel): string[] {
  const fautes: string[] = [];
  const vus = new Map<string, string>();
  const noter = (id: string, chemin: string) => {
    const avant = vus.get(id);
    if (avant) fautes.push(`${chemin}.id : l'identifiant « ${id} » est déjà utilisé en ${avant}`);
    else vus.set(id, chemin);
  };
  const { min, max } = ref.echelle;
  const imperatif = ref.echelle.imperatif;
  if (imperatif) {
    for (const v of imperatif) {
      if (v < min || v > max) fautes.push(`echelle.imperatif : la valeur ${v} sort de l'échelle ${min}–${max}`);
    }
    if (!imperatif.includes(max)) fautes.push(`echelle.imperatif : doit contenir la note maximale ${max}`);
  }
  if (/^\d+$/.test(ref.echelle.nonConcerne)) fautes.push(`echelle.nonConcerne : « ${ref.echelle.nonConcerne} » ne peut pas être un nombre`);
  const categories = new Set((ref.categories ?? []).map((c) => c.id));
  ref.chapitres.forEach((ch, i) => {
    const cChap = `chapitres[${i}]`;
    noter(ch.id, cChap);
    ch.thematiques.forEach((th, j) => {
      const cTh = `${cChap}.thematiques[${j}]`;
      noter(th.id, cTh);
      th.objectifs.forEach((ob, k) => {
        const cOb = `${cTh}.objectifs[${k}]`;
        noter(ob.id, cOb);
        ob.criteres.forEach((cr, l) => {
          const cCr = `${cOb}.criteres[${l}]`;
          noter(cr.id, cCr);
          cr.elements?.forEach((el, m) => noter(el.id, `${cCr}.elements[${m}]`));
          for (const cat of cr.categories ?? []) {
            if (!categories.has(cat)) fautes.push(`${cCr}.categories : catégorie « ${cat} » absente de la liste « categories » du référentiel`);
          }
        });
      });
    });
  });
  for (const [i, m] of (ref.migrations ?? []).entries()) {
    for (const [ancien, nouveau] of Object.entries(m.renommes)) {
      if (!vus.has(nouveau)) fautes.push(`migrations[${i}].renommes.${ancien} : « ${nouveau} » n'existe pas dans la version ${ref.version}`);
    }
    for (const id of Object.keys(m.revus)) {
      if (!vus.has(id)) fautes.push(`migrations[${i}].revus.${id} : « ${id} » n'existe pas dans la version ${ref.version} (un critère retiré va dans « retires »)`);
    }
    for (const id of Object.keys(m.retires)) {
      if (vus.has(id)) fautes.push(`migrations[${i}].retires.${id} : « ${id} » existe encore dans la version ${ref.version} (un critère qui change de sens va dans « revus »)`);
    }
  }
  return fautes;
}

/**
 * Validates unknown data as a referential. Throws an ErreurUtilisateur listing every fault
 * with its path, e.g. « chapitres[0].thematiques[1].objectifs[0].criteres[2].methode : … ».
 */
export function chargerReferentiel(data: unknown, source = "référentiel"): Referentiel {
  const res = lesSchemas().referentielSchema.safeParse(data, { error: erreurZodFr });
  if (!res.success) {
    throw new ErreurUtilisateur(`Le ${source} n'est pas valide.`, detailsZod(res.error.issues));
  }
  const fautes = verifierCoherence(res.data);
  if (fautes.length) throw new ErreurUtilisateur(`Le ${source} n'est pas cohérent.`, fautes);
  return res.data;
}

/** Parses JSON text then validates it; a syntax error names the source. */
export function lireReferentielJson(texte: string, source = "référentiel"): Referentiel {
  return chargerReferentiel(analyserJson(texte, `Le ${source}`), source);
}

/** SHA-256 of the canonical JSON of the validated referential: same content, same hash. */
export function empreinteReferentiel(ref: Referentiel): string {
  const { $schema: _ignored, ...contenu } = ref;
  return bytesToHex(sha256(utf8ToBytes(stringify(contenu) ?? "")));
}

/** Values a criterion accepts, as shown in the drop-down list (numbers then the NC code). */
export function valeursAutorisees(ref: Referentiel, critere: Pick<Critere, "imperatif">): (number | string)[] {
  const { min, max, nonConcerne } = ref.echelle;
  if (critere.imperatif) return [...(ref.echelle.imperatif ?? [min, max])].sort((a, b) => a - b);
  const valeurs: (number | string)[] = [];
  for (let v = min; v <= max; v++) valeurs.push(v);
  valeurs.push(nonConcerne);
  return valeurs;
}

/**
 * Does a criterion apply to an establishment of these categories? A criterion without
 * categories applies everywhere; an establishment without categories takes every criterion.
 */
export function estApplicable(critere: Pick<Critere, "categories">, categories: readonly string[] | undefined): boolean {
  if (!categories?.length || !critere.categories?.length) return true;
  return critere.categories.some((c) => categories.includes(c));
}

/** Checks an establishment's categories against the referential's list; returns them deduplicated. */
export function verifierCategories(ref: Referentiel, categories: readonly string[] | undefined): string[] {
  const liste = [...new Set((categories ?? []).map((c) => c.trim()).filter(Boolean))];
  const connues = (ref.categories ?? []).map((c) => c.id);
  const inconnues = liste.filter((c) => !connues.includes(c));
  if (inconnues.length) {
    throw new ErreurUtilisateur(
      connues.length
        ? `Catégorie${inconnues.length > 1 ? "s" : ""} d'établissement inconnue${inconnues.length > 1 ? "s" : ""} pour le référentiel « ${ref.id} » : ${inconnues.join(", ")}. Catégories possibles : ${connues.join(", ")}.`
        : `Le référentiel « ${ref.id} » ne définit aucune catégorie d'établissement : retirez ${inconnues.join(", ")}.`,
    );
  }
  return liste;
}

/** Row ids of each criterion already asked for (referentials are never changed once read). */
const IDS_LIGNES = new WeakMap<Pick<Critere, "id" | "elements">, readonly string[]>();

/**
 * Row ids (the criterion's, or its elements') in grid order; computed once per criterion, as
 * scoring asks for them for every criterion of every workbook of a consolidation.
 */
export function idsLignesCritere(c: Pick<Critere, "id" | "elements">): readonly string[] {
  let ids = IDS_LIGNES.get(c);
  if (!ids) IDS_LIGNES.set(c, (ids = c.elements ? c.elements.map((e) => e.id) : [c.id]));
  return ids;
}

/**
 * Where the answers of a row given on version `depuis` go in `vers`: the new row id, or the
 * reason it is archived. Without a declared migration, rows keep their id.
 */
export function migrationDepuis(vers: Referentiel, depuis: string): Migration | null {
  if (depuis === vers.version) return null;
  return vers.migrations?.find((m) => m.depuis === depuis) ?? null;
}

export function destinationLigne(m: Migration | null, id: string): { id: string } | { archive: string } {
  if (!m) return { id };
  if (Object.hasOwn(m.revus, id)) return { archive: `critère revu : ${m.revus[id]}` };
  if (Object.hasOwn(m.retires, id)) return { archive: `critère retiré : ${m.retires[id]}` };
  if (Object.hasOwn(m.renommes, id)) return { id: m.renommes[id]! };
  return { id };
}

export interface CritereAplati {
  critere: Critere;
  objectif: Objectif;
  thematique: Thematique;
  chapitre: Chapitre;
}

/** Every criterion in document order, with its ancestors. */
export function criteresAplatis(ref: Referentiel): CritereAplati[] {
  const out: CritereAplati[] = [];
  for (const chapitre of ref.chapitres)
    for (const thematique of chapitre.thematiques)
      for (const objectif of thematique.objectifs)
        for (const critere of objectif.criteres) out.push({ critere, objectif, thematique, chapitre });
  return out;
}

export function compterReferentiel(ref: Referentiel) {
  const criteres = criteresAplatis(ref);
  return {
    chapitres: ref.chapitres.length,
    thematiques: ref.chapitres.reduce((n, c) => n + c.thematiques.length, 0),
    objectifs: ref.chapitres.reduce((n, c) => n + c.thematiques.reduce((m, t) => m + t.objectifs.length, 0), 0),
    criteres: criteres.length,
    imperatifs: criteres.filter((c) => c.critere.imperatif).length,
    elements: criteres.reduce((n, c) => n + (c.critere.elements?.length ?? 0), 0),
  };
}
