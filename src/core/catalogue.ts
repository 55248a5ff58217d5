/** The referentials shipped in templates/, validated by the same schema as any loaded file. */
import epsMaroc from "../../templates/referentiels/eps-maroc.json";
import q4c from "../../templates/referentiels/q4c.json";
import { chargerReferentiel, ErreurUtilisateur, type Referentiel } from "./referential";

const SOURCES: Record<string, unknown> = { "eps-maroc": epsMaroc, q4c };
const cache = new Map<string, Referentiel>();

export const REFERENTIELS_LIVRES = Object.keys(SOURCES);

export function referentielLivre(id: string): Referentiel {
  const deja = cache.get(id);
  if (deja) return deja;
  // Own keys only: "toString" is not a referential.
  const data = Object.hasOwn(SOURCES, id) ? SOURCES[id] : undefined;
  if (data === undefined) {
    throw new ErreurUtilisateur(`Référentiel « ${id} » inconnu. Référentiels livrés : ${REFERENTIELS_LIVRES.join(", ")}.`);
  }
  const ref = chargerReferentiel(data, `référentiel livré « ${id} »`);
  cache.set(id, ref);
  return ref;
}

/** The shipped referential with this id, or null: the fallback for workbooks that do not carry theirs. */
export function referentielLivreSiConnu(id: string): Referentiel | null {
  return Object.hasOwn(SOURCES, id) ? referentielLivre(id) : null;
}

export function referentielsLivres(): Referentiel[] {
  return REFERENTIELS_LIVRES.map(referentielLivre);
}
