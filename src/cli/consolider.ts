/**
 * `qualite consolider`: reads many assessment workbooks (both cores through worker threads when
 * running from the built command), one at a time per worker, keeping only each one's answers:
 * memory stays bounded whatever the number of files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { ErreurUtilisateur, lireReferentielJson, type Referentiel } from "../core/referential";
import type { SourceConsolidation } from "../core/consolidation";
import type { Evaluation, LigneEvaluee } from "../core/scores";
import { lireSourceConsolidation, TAILLE_MAX_OCTETS } from "../hosts/xlsx/classeur";
import { empreinteReferentiel } from "../core/referential";

/** What crosses the thread boundary: plain data, the referential as JSON once per content hash. */
export type SourceTransmise =
  | { fichier: string; erreur: string }
  | { fichier: string; etablissement: string; periode: string; campagne?: string; modifieLe: string; empreinte: string; referentielJson: string; evaluateurs: string[]; lignes: LigneEvaluee[]; anomalies: Evaluation["anomalies"] };

export async function lireEtTransmettre(chemin: string, nom: string): Promise<SourceTransmise> {
  let octets: Uint8Array;
  try {
    const taille = statSync(chemin).size;
    if (taille > TAILLE_MAX_OCTETS) return { fichier: nom, erreur: `pèse ${(taille / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${TAILLE_MAX_OCTETS / 1024 / 1024} Mo` };
    octets = new Uint8Array(readFileSync(chemin));
  } catch (e) {
    return { fichier: nom, erreur: `illisible (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const s = await lireSourceConsolidation(octets, nom);
  if ("erreur" in s) return s;
  const ref = s.evaluation.referentiel;
  return {
    fichier: nom,
    etablissement: s.etablissement,
    periode: s.periode,
    campagne: s.campagne,
    modifieLe: s.modifieLe,
    empreinte: empreinteReferentiel(ref),
    referentielJson: JSON.stringify(ref),
    evaluateurs: s.evaluation.evaluateurs,
    lignes: [...s.evaluation.lignes.values()],
    anomalies: s.evaluation.anomalies,
  };
}

/** Rebuilds a consolidation source; referentials are parsed once per content hash. */
export function recevoir(t: SourceTransmise, cache: Map<string, Referentiel>): SourceConsolidation {
  if ("erreur" in t) return t;
  let ref = cache.get(t.empreinte);
  if (!ref) cache.set(t.empreinte, (ref = lireReferentielJson(t.referentielJson, `référentiel de ${t.fichier}`)));
  return {
    fichier: t.fichier,
    etablissement: t.etablissement,
    periode: t.periode,
    campagne: t.campagne,
    modifieLe: t.modifieLe,
    evaluation: { referentiel: ref, evaluateurs: t.evaluateurs, lignes: new Map(t.lignes.map((l) => [l.ref, l])), anomalies: t.anomalies, source: t.fichier, feuille: "" },
  };
}

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

/** A reader thread may use this much heap; beyond it, only that file is lost. */
const MEMOIRE_LECTEUR_MO = 512;
/** A file whose reading takes longer is given up (the thread is stopped and replaced). */
export const DELAI_LECTURE_MS = 60_000;

function raisonPerte(e: unknown): string {
  if ((e as NodeJS.ErrnoException | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return `illisible : sa lecture a dépassé la mémoire permise (${MEMOIRE_LECTEUR_MO} Mo) — fichier démesuré une fois décompressé ?`;
  }
  return "illisible : sa lecture a échoué de façon inattendue (défaut interne de Qualité EPS)";
}

/**
 * Reads the files with `n` worker threads (the built command re-runs itself as a reader), or in
 * this thread when the code is not bundled (tests). A thread that crashes, runs out of memory or
 * stalls costs only the file it was reading: that file is refused, a new thread takes over.
 */
export async function lireTout(fichiers: { chemin: string; nom: string }[], progression: (fait: number, total: number, refuses: number) => void, n = Math.min(2, cpus().length)): Promise<SourceConsolidation[]> {
  const cache = new Map<string, Referentiel>();
  const resultats: SourceConsolidation[] = new Array(fichiers.length);
  let fait = 0;
  let refuses = 0;
  const noter = (i: number, t: SourceTransmise) => {
    resultats[i] = recevoir(t, cache);
    fait++;
    if ("erreur" in t) refuses++;
    progression(fait, fichiers.length, refuses);
  };
  const executable = typeof __filename === "string" && __filename.endsWith(".cjs");
  if (!executable) {
    for (const [i, f] of fichiers.entries()) noter(i, await lireEtTransmettre(f.chemin, f.nom));
    return resultats;
  }
  let suivant = 0;
  const fil = async () => {
    while (suivant < fichiers.length) {
      const w = new Worker(__filename, { workerData: { role: "lecteur-qualite" }, resourceLimits: { maxOldGenerationSizeMb: MEMOIRE_LECTEUR_MO } });
      await new Promise<void>((fin) => {
        let courant = -1;
        let minuterie: NodeJS.Timeout | undefined;
        const perdre = (raison: string) => {
          clearTimeout(minuterie);
          if (courant < 0) return;
          noter(courant, { fichier: fichiers[courant]!.nom, erreur: raison });
          courant = -1;
        };
        const donner = () => {
          if (suivant >= fichiers.length) {
            void w.terminate();
            return;
          }
          courant = suivant++;
          w.postMessage({ i: courant, chemin: fichiers[courant]!.chemin, nom: fichiers[courant]!.nom });
          minuterie = setTimeout(() => {
            perdre(`illisible : sa lecture a pris plus de ${DELAI_LECTURE_MS / 1000} s et a été abandonnée`);
            void w.terminate();
          }, DELAI_LECTURE_MS);
        };
        w.on("message", (m: { i: number; t: SourceTransmise }) => {
          clearTimeout(minuterie);
          if (m.i !== courant) return;
          courant = -1;
          noter(m.i, m.t);
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
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, fichiers.length)) }, fil));
  return resultats;
}
