/** The JSON of `qualite score --json` read back by `qualite pe --evaluation`, checked with zod (loaded only by that command). */
import { basename } from "node:path";
import { z } from "zod";
import { analyserJson } from "../core/json";
import { erreurZodFr } from "../core/messages-zod";
import { cheminLisible, ErreurUtilisateur } from "../core/referential";
import type { Resultats } from "../core/scores";
import { lireFichier } from "./main";

const note = z.union([z.number().finite(), z.literal("NC"), z.null()]);
const texte = z.string().max(10_000);
const niveau = z.object({ id: texte, libelle: texte, score: z.number().finite().nullable(), evalues: z.number().int().nonnegative(), total: z.number().int().nonnegative(), completion: z.number().finite() });
/** The part of `qualite score --json` a document uses, checked: a hand-edited file may hold anything. */
const resultatsSchema = z
  .object({
    referentiel: z.object({ id: texte, version: texte }),
    global: z.number().finite().nullable(),
    completion: z.number().finite(),
    evalues: z.number().int().nonnegative(),
    nc: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    thematiques: z.array(niveau).max(10_000),
    criteres: z.array(z.object({ id: texte, libelle: texte, score: note }).passthrough()).max(100_000),
    imperatifsNonAtteints: z.array(texte).max(100_000),
  })
  .passthrough()
  .refine((r) => {
    const ids = new Set(r.criteres.map((c) => c.id));
    return r.imperatifsNonAtteints.every((id) => ids.has(id));
  }, { message: "un impératif non atteint n'est pas dans la liste des critères", path: ["imperatifsNonAtteints"] });

export function resultatsJson(data: unknown, nom: string): Resultats {
  const r = resultatsSchema.safeParse(data, { error: erreurZodFr });
  if (!r.success) {
    throw new ErreurUtilisateur(`${nom} n'est pas un résultat de « qualite score --json ».`, r.error.issues.slice(0, 5).map((i) => `${cheminLisible(i.path)} : ${i.message}`));
  }
  return r.data as unknown as Resultats;
}

export function lireJson(chemin: string): unknown {
  return analyserJson(new TextDecoder().decode(lireFichier(chemin)), basename(chemin));
}

