/**
 * `qualite consolider`: reads many assessment workbooks with worker threads started once (one, or
 * one per core for thousands of files, when running from the built command; their own small
 * bundle, dist/cli/lecteur.cjs, from lecteur.ts), each file REDUCED in its thread as soon as it is
 * read (reduction.ts): only identities and per-level scores reach the main thread, so memory does
 * not grow with the files' size, and an embedded referential is parsed once per thread and content.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { ErreurUtilisateur, type Referentiel } from "../core/referential";
import { choisirReferentiel, consoliderReduits, type AutreClasseur, type Consolidation, type FichierReduit, type OptionsConsolidation } from "../core/consolidation";

import type { Demande, Reponse } from "./lecteur";

/** Every .xlsx or .xlsm under the given files and folders (recursively), Excel's lock files left out. */
export function collecter(chemins: string[], exclure: string[] = []): { chemin: string; nom: string }[] {
  const sortie: { chemin: string; nom: string }[] = [];
  const exclus = new Set(exclure.map((e) => resolve(e)));
  const visiter = (chemin: string, racine: string) => {
    if (!existsSync(chemin)) throw new ErreurUtilisateur(`Fichier ou dossier introuvable : ${chemin}`);
    const st = statSync(chemin);
    if (st.isDirectory()) {
      for (const e of readdirSync(chemin).sort()) visiter(join(chemin, e), racine);
    } else if (/\.xls[xm]$/i.test(chemin) && !basename(chemin).startsWith("~$") && !exclus.has(resolve(chemin))) {
      sortie.push({ chemin, nom: racine ? relative(racine, chemin) || basename(chemin) : basename(chemin) });
    }
  };
  for (const c of chemins) visiter(c, statSync(c, { throwIfNoEntry: false })?.isDirectory() ? c : "");
  return sortie;
}

/**
 * From this many files, one reader thread per core (two at most); below, one. A second thread
 * costs about a second of CPU (its own start and the compilation of the reading code) and gives
 * back less than that in waiting below a few thousand files (measured: 2,000 files, 4.4 → 3.4 s
 * waited for 5.2 → 6.2 s of CPU; 5,000 files, 10.2 → 7.0 s for 11.2 → 12.6 s).
 */
export const FICHIERS_PAR_LECTEUR = 2000;

/** How many reader threads for `n` files (QUALITE_LECTEURS forces a number, for measurements). */
export function lecteursPour(n: number): number {
  const force = Number(process.env.QUALITE_LECTEURS);
  if (Number.isInteger(force) && force >= 1) return force;
  return n >= FICHIERS_PAR_LECTEUR ? Math.min(2, cpus().length) : 1;
}

/** A reader thread may use this much heap; beyond it, only that file is lost. */
const MEMOIRE_LECTEUR_MO = 512;
/**
 * A reader's young generation: what one file allocates (a few hundred Ko, no large text since
 * parts are read as bytes) dies with it, collected cheaply; 16 Mo took less CPU than 8 or 32
 * (measured on 5,000 files) and keeps each thread small.
 */
const JEUNE_GENERATION_MO = 16;
/** A file whose reading takes longer is given up (the thread is stopped and replaced). */
export const DELAI_LECTURE_MS = 60_000;

function raisonPerte(e: unknown): string {
  if ((e as NodeJS.ErrnoException | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return `illisible : sa lecture a dépassé la mémoire permise (${MEMOIRE_LECTEUR_MO} Mo) — fichier démesuré une fois décompressé ?`;
  }
  return "illisible : sa lecture a échoué de façon inattendue (défaut interne de Qualité EPS)";
}


type Progression = (fait: number, total: number, refuses: number) => void;

/** What the readers sent back: each file reduced, and the referential it was read with (by key). */
interface Lecture {
  reduits: FichierReduit[];
  cles: (string | undefined)[];
  referentiels: Map<string, Referentiel>;
  /** One copy of each id, version and key: every message brings its own copies. */
  interne: Map<string, string>;
  /** The files that also hold another kind of Qualité EPS workbook, by kind. */
  autres: Record<AutreClasseur, Set<number>>;
}

function interner(m: Map<string, string>, s: string): string {
  const deja = m.get(s);
  if (deja !== undefined) return deja;
  m.set(s, s);
  return s;
}

/**
 * A received file kept small: the level ids, imperative ids and versions that 10,000 files
 * repeat are shared, level by level, instead of copied once per file.
 */
function compacter(r: FichierReduit, m: Map<string, string>): FichierReduit {
  if (!("genre" in r)) return r;
  const i = (s: string) => interner(m, s);
  r.referentiel = { id: i(r.referentiel.id), version: i(r.referentiel.version) };
  if (r.resultats) {
    const res = r.resultats;
    res.referentiel = { id: i(res.referentiel.id), version: i(res.referentiel.version) };
    for (const cle of ["chapitres", "thematiques", "objectifs"] as const) for (const n of res[cle]) n.id = i(n.id);
    res.imperatifsNonAtteints = res.imperatifsNonAtteints.map(i);
  }
  r.periode = i(r.periode);
  return r;
}

/**
 * Reads and reduces the files with `n` worker threads started once (the built command re-runs
 * itself as a reader), or in this thread when the code is not bundled (tests). A thread that
 * crashes, runs out of memory or stalls costs only the file it was reading: that file is
 * refused, a new thread takes over.
 */
async function reduireTout(fichiers: { chemin: string; nom: string }[], cible: { cle: string; ref: Referentiel } | undefined, progression: Progression, n: number, l: Lecture, indices: number[]): Promise<void> {
  let fait = 0;
  let refuses = 0;
  const noter = (k: number, rep: Omit<Reponse, "i">) => {
    const i = indices[k]!;
    for (const a of rep.r.autres ?? []) l.autres[a].add(i);
    delete rep.r.autres;
    l.reduits[i] = compacter(rep.r, l.interne);
    l.cles[i] = rep.cle === undefined ? undefined : interner(l.interne, rep.cle);
    // Validated by the reader thread that sent it: parsed here without validating it again.
    if (rep.cle && rep.json && !l.referentiels.has(rep.cle)) l.referentiels.set(rep.cle, JSON.parse(rep.json) as Referentiel);
    fait++;
    if ("erreur" in rep.r) refuses++;
    progression(fait, indices.length, refuses);
  };
  // The built command starts its readers from their own bundle, next to it; elsewhere (tests), in this thread.
  const lecteur = typeof __filename === "string" && __filename.endsWith(".cjs") ? join(__dirname, "lecteur.cjs") : null;
  if (!lecteur || !existsSync(lecteur)) {
    const { CacheReferentiels, reduireFichier } = await import("./reduction");
    const cache = new CacheReferentiels();
    if (cible) cache.garder(cible.cle, cible.ref);
    for (const [k, i] of indices.entries()) {
      const rep = await reduireFichier(fichiers[i]!.chemin, fichiers[i]!.nom, cache, cible?.ref);
      if (rep.cle && !l.referentiels.has(rep.cle)) l.referentiels.set(rep.cle, cache.get(rep.cle)!);
      noter(k, rep);
    }
    return;
  }
  const cibleJson = cible ? JSON.stringify(cible.ref) : undefined;
  let suivant = 0;
  const fil = async () => {
    while (suivant < indices.length) {
      const w = new Worker(lecteur, { resourceLimits: { maxOldGenerationSizeMb: MEMOIRE_LECTEUR_MO, maxYoungGenerationSizeMb: JEUNE_GENERATION_MO } });
      let cibleEnvoyee = false;
      await new Promise<void>((fin) => {
        let courant = -1;
        let minuterie: NodeJS.Timeout | undefined;
        const perdre = (raison: string) => {
          clearTimeout(minuterie);
          if (courant < 0) return;
          noter(courant, { r: { fichier: fichiers[indices[courant]!]!.nom, erreur: raison } });
          courant = -1;
        };
        const donner = () => {
          if (suivant >= indices.length) {
            void w.terminate();
            return;
          }
          courant = suivant++;
          const f = fichiers[indices[courant]!]!;
          const demande: Demande = { i: courant, chemin: f.chemin, nom: f.nom };
          if (cible) {
            demande.cible = cibleEnvoyee ? { cle: cible.cle } : { cle: cible.cle, json: cibleJson };
            cibleEnvoyee = true;
          }
          w.postMessage(demande);
          minuterie = setTimeout(() => {
            perdre(`illisible : sa lecture a pris plus de ${DELAI_LECTURE_MS / 1000} s et a été abandonnée`);
            void w.terminate();
          }, DELAI_LECTURE_MS);
        };
        w.on("message", (texte: string) => {
          const m = JSON.parse(texte) as Reponse;
          clearTimeout(minuterie);
          if (m.i !== courant) return;
          courant = -1;
          noter(m.i, m);
          donner();
        });
        w.on("error", (e) => perdre(raisonPerte(e)));
        w.on("exit", () => {
          perdre(raisonPerte(undefined));
          fin();
        });
        donner();
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, indices.length)) }, fil));
}

/**
 * Reads, reduces and consolidates the files; also says which files hold a follow-up or a
 * competence workbook (recognised by the readers), the only ones the command opens again. Without `o.referentiel`, the files are first reduced
 * on their own referential; the consolidation's is then chosen (the most frequent, most recent),
 * and only the files of its id carried in another version or content are read again on it
 * (migration): a second pass that costs nothing when every file carries the same referential.
 */
export async function consoliderFichiers(
  fichiers: { chemin: string; nom: string }[],
  o: OptionsConsolidation,
  progression: Progression,
  n = lecteursPour(fichiers.length),
): Promise<{ consolidation: Consolidation; autres: Record<AutreClasseur, { chemin: string; nom: string }[]> }> {
  const l: Lecture = { reduits: new Array(fichiers.length), cles: new Array(fichiers.length), referentiels: new Map(), interne: new Map(), autres: { suivi: new Set(), competences: new Set() } };
  const tous = fichiers.map((_, i) => i);
  const demandee = o.referentiel ? { cle: "demande", ref: o.referentiel } : undefined;
  await reduireTout(fichiers, demandee, progression, n, l, tous);
  let cible = o.referentiel;
  if (!cible) {
    const i = choisirReferentiel(l.reduits.map((r) => ("genre" in r ? r.referentiel : null)));
    const cle = l.cles[i];
    cible = cle === undefined ? undefined : l.referentiels.get(cle);
    if (cible && cle) {
      const aRelire = tous.filter((k) => {
        const r = l.reduits[k]!;
        return "genre" in r && r.referentiel.id === cible!.id && l.cles[k] !== cle;
      });
      if (aRelire.length) await reduireTout(fichiers, { cle, ref: cible }, () => {}, n, l, aRelire);
    }
  }
  const parGenre = (a: AutreClasseur) => [...l.autres[a]].sort((x, y) => x - y).map((i) => fichiers[i]!);
  return { consolidation: consoliderReduits(l.reduits, cible, o), autres: { suivi: parGenre("suivi"), competences: parGenre("competences") } };
}
