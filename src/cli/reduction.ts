/**
 * The reader side of `qualite consolider` (runs in each reader thread): one file in, one
 * `FichierReduit` out — its identity and per-level scores, never its rows. This is THE place
 * where a file's kind is recognised (`reduireClasseur`) and reduced: a new kind of workbook
 * (follow-up, competences…) adds its recogniser and reducer here, and its member of
 * `FichierReduit` in core/consolidation.ts. Node only (node:crypto, node:fs).
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { referentielLivreSiConnu } from "../core/catalogue";
import { reduireEvaluation, type AutreClasseur, type FichierReduit } from "../core/consolidation";
import { evaluationDuClasseur } from "../core/evaluation";
import { FEUILLE_META_COMPETENCES, FEUILLE_META_SUIVI, referentielDuClasseur, type Metadonnees } from "../core/metadata";
import { ErreurUtilisateur, type Referentiel } from "../core/referential";
import type { EtatClasseur } from "../core/grille";
import { TAILLE_MAX_OCTETS } from "../hosts/ooxml/zip";
import { etatPourConsolider } from "../hosts/xlsx/lecture-consolidation";

/**
 * Referentials already parsed and validated in this thread, by content: 10,000 workbooks
 * carrying the same referential parse and validate it once. `cle` is the SHA-256 of the
 * embedded JSON (or « livre:id », the shipped copy, for a workbook that carries none).
 */
export class CacheReferentiels {
  private readonly parCle = new Map<string, Referentiel>();
  private readonly cles = new WeakMap<Referentiel, string>();
  /** By the embedded JSON text itself, for the files that follow (a few texts at most). */
  private readonly parTexte = new Map<string, Referentiel>();

  cleDe(ref: Referentiel): string | undefined {
    return this.cles.get(ref);
  }

  get(cle: string): Referentiel | undefined {
    return this.parCle.get(cle);
  }

  garder(cle: string, ref: Referentiel): Referentiel {
    const deja = this.parCle.get(cle);
    if (deja) return deja;
    this.parCle.set(cle, ref);
    this.cles.set(ref, cle);
    return ref;
  }

  /** The embedded referential of a workbook's metadata, parsed once per content. */
  embarque = (m: Metadonnees, source: string): Referentiel | null => {
    if (!m.referentielJson) return null;
    // The same text as a workbook read before: found without hashing it again.
    const deja = this.parTexte.get(m.referentielJson);
    if (deja) return deja;
    const cle = createHash("sha256").update(m.referentielJson).digest("hex");
    const ref = this.parCle.get(cle) ?? this.garder(cle, referentielDuClasseur(m, source)!);
    if (this.parTexte.size > 16) this.parTexte.clear();
    this.parTexte.set(m.referentielJson, ref);
    return ref;
  };

  /** The shipped copy, for a workbook that does not carry its referential. */
  livre = (id: string): Referentiel | null => {
    const cle = `livre:${id}`;
    const deja = this.parCle.get(cle);
    if (deja) return deja;
    const ref = referentielLivreSiConnu(id);
    return ref ? this.garder(cle, ref) : null;
  };
}

/** A reduced file and the key of the referential it was read with (its own). */
export interface Reduction {
  r: FichierReduit;
  cle?: string;
}

const messageDe = (e: unknown, fichier: string) =>
  e instanceof ErreurUtilisateur ? e.message.replace(`${fichier} : `, "").replace(`${fichier} `, "") : `illisible (${(e as Error).message})`;

/** The other kinds of Qualité EPS workbook a file holds, by their identity sheets. */
function autresClasseurs(feuilles: readonly string[]): { autres?: AutreClasseur[] } {
  const autres: AutreClasseur[] = [];
  if (feuilles.includes(FEUILLE_META_SUIVI)) autres.push("suivi");
  if (feuilles.includes(FEUILLE_META_COMPETENCES)) autres.push("competences");
  return autres.length ? { autres } : {};
}

/** Recognises a workbook's kind and reduces it; never throws: a refused file says why. */
export function reduireClasseur(etat: EtatClasseur, fichier: string, cache: CacheReferentiels, cible?: Referentiel): Reduction {
  const autres = autresClasseurs(etat.feuilles);
  try {
    // Today one kind: an assessment grid (metadata sheet + grid). Others go here.
    const ev = evaluationDuClasseur(etat, fichier, cache.livre, cache.embarque);
    const meta = etat.meta!;
    return {
      cle: cache.cleDe(ev.referentiel),
      r: {
        fichier,
        genre: "evaluation",
        etablissement: meta.etablissement ?? "",
        periode: meta.periode ?? "",
        ...(meta.campagne !== undefined ? { campagne: meta.campagne } : {}),
        modifieLe: meta.modifieLe ?? "",
        referentiel: { id: ev.referentiel.id, version: ev.referentiel.version },
        ...reduireEvaluation(ev, cible),
        ...autres,
      },
    };
  } catch (e) {
    return { r: { fichier, erreur: messageDe(e, fichier), ...autres } };
  }
}

/**
 * The thread's read buffer, grown as needed and reused from file to file: the light reading keeps
 * nothing of it (its results are strings and numbers), so no buffer is allocated per file.
 */
let tampon = Buffer.allocUnsafe(256 * 1024);

/** The file's bytes, in the read buffer (valid until the next call). */
function lireDansTampon(chemin: string): Uint8Array | string {
  const fd = openSync(chemin, "r");
  try {
    const taille = fstatSync(fd).size;
    if (taille > TAILLE_MAX_OCTETS) return `pèse ${(taille / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${TAILLE_MAX_OCTETS / 1024 / 1024} Mo`;
    if (taille > tampon.length) tampon = Buffer.allocUnsafe(Math.max(taille, 2 * tampon.length));
    let lus = 0;
    for (let n; lus < taille && (n = readSync(fd, tampon, lus, taille - lus, lus)) > 0; ) lus += n;
    return new Uint8Array(tampon.buffer, tampon.byteOffset, lus);
  } finally {
    closeSync(fd);
  }
}

/** Reads one file from disk and reduces it. */
export async function reduireFichier(chemin: string, fichier: string, cache: CacheReferentiels, cible?: Referentiel): Promise<Reduction> {
  let octets: Uint8Array;
  try {
    const lu = lireDansTampon(chemin);
    if (typeof lu === "string") return { r: { fichier, erreur: lu } };
    octets = lu;
  } catch (e) {
    return { r: { fichier, erreur: `illisible (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` } };
  }
  // The light reading first; whatever it does not handle exactly, the one reader reads and decides
  // (on its own copy: the read buffer is the next file's).
  let etat = etatPourConsolider(octets, fichier);
  if (!etat) {
    try {
      // The one reader (and its XML parser) is loaded by the first file that needs it.
      const { ClasseurLu } = await import("../hosts/xlsx/lecture");
      const lu = await ClasseurLu.ouvrir(octets.slice(), fichier);
      etat = await lu.etat({ pourScores: true });
    } catch (e) {
      return { r: { fichier, erreur: messageDe(e, fichier) } };
    }
  }
  return reduireClasseur(etat, fichier, cache, cible);
}
