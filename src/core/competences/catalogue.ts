/** The competence referentials shipped in templates/competences/, validated by the same schema as any loaded file. */
import competencesEps from "../../../templates/competences/competences-eps.json";
import { ErreurUtilisateur } from "../referential";
import { chargerReferentielCompetences, type ReferentielCompetences } from "./referentiel";

const SOURCES: Record<string, unknown> = { "competences-eps": competencesEps };
const cache = new Map<string, ReferentielCompetences>();

export const REFERENTIELS_COMPETENCES_LIVRES = Object.keys(SOURCES);

export function referentielCompetencesLivre(id: string): ReferentielCompetences {
  const deja = cache.get(id);
  if (deja) return deja;
  if (!Object.hasOwn(SOURCES, id)) {
    throw new ErreurUtilisateur(`Référentiel de compétences « ${id} » inconnu. Référentiels livrés : ${REFERENTIELS_COMPETENCES_LIVRES.join(", ")}.`);
  }
  const r = chargerReferentielCompetences(SOURCES[id], `référentiel de compétences livré « ${id} »`);
  cache.set(id, r);
  return r;
}
