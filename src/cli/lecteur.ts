/**
 * A reader thread of `qualite consolider` (started once, reused for every file), bundled apart
 * (dist/cli/lecteur.cjs): it loads only the reading and reduction code, not the commands. A crash
 * or an exhausted memory ends this thread only; the main thread (consolider.ts) records that file
 * as refused and starts another reader.
 */
import { parentPort } from "node:worker_threads";
import type { FichierReduit } from "../core/consolidation";
import { lireReferentielJson, type Referentiel } from "../core/referential";
import { CacheReferentiels, reduireFichier } from "./reduction";

/** Main thread → reader: a file to read; the referential to read it on, by key (its JSON the first time). */
export interface Demande {
  i: number;
  chemin: string;
  nom: string;
  cible?: { cle: string; json?: string };
}
/** Reader → main thread (as JSON text): the reduced file; its referential's key (its JSON the first time). */
export interface Reponse {
  i: number;
  r: FichierReduit;
  cle?: string;
  json?: string;
}

/** The loop: one file at a time, its referentials cached for the whole run. */
function servir(port: NonNullable<typeof parentPort>): void {
  const cache = new CacheReferentiels();
  const envoyees = new Set<string>();
  port.on("message", async (m: Demande) => {
    let reponse: Reponse;
    try {
      let cible: Referentiel | undefined;
      if (m.cible) {
        cible = cache.get(m.cible.cle);
        if (!cible && m.cible.json) cible = cache.garder(m.cible.cle, lireReferentielJson(m.cible.json, "référentiel de la consolidation"));
        if (!cible) throw new Error("référentiel de la consolidation absent");
      }
      const { r, cle } = await reduireFichier(m.chemin, m.nom, cache, cible);
      reponse = { i: m.i, r, cle };
      if (cle && !envoyees.has(cle)) {
        envoyees.add(cle);
        reponse.json = JSON.stringify(cache.get(cle));
      }
    } catch {
      reponse = { i: m.i, r: { fichier: m.nom, erreur: "illisible : sa lecture a échoué de façon inattendue (défaut interne de Qualité EPS)" } };
    }
    // As JSON text: one string crosses threads faster than the clone of some sixty small objects.
    port.postMessage(JSON.stringify(reponse));
  });
}

if (parentPort) servir(parentPort);
