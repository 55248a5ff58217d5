/** Document templates shipped in templates/documents/. */
import peEps from "../../../templates/documents/pe-eps.json";
import guidePrf from "../../../templates/documents/guide-prf.json";
import capitalisation from "../../../templates/documents/capitalisation.json";
import { ErreurUtilisateur } from "../referential";
import { chargerModele, type ModeleDocument } from "./modele";

const SOURCES: Record<string, unknown> = { "pe-eps": peEps, "guide-prf": guidePrf, capitalisation };
export const MODELES_LIVRES = Object.keys(SOURCES);
/** Templates a writer fills in the Word pane (the capitalisation report comes from a consolidation). */
export const MODELES_REDACTION = MODELES_LIVRES.filter((id) => id !== "capitalisation");
const cache = new Map<string, ModeleDocument>();

export function modeleLivre(id: string): ModeleDocument {
  const deja = cache.get(id);
  if (deja) return deja;
  if (!Object.hasOwn(SOURCES, id)) throw new ErreurUtilisateur(`Modèle de document « ${id} » inconnu. Modèles livrés : ${MODELES_LIVRES.join(", ")}.`);
  const m = chargerModele(SOURCES[id], `modèle livré « ${id} »`);
  cache.set(id, m);
  return m;
}
