/** Document templates shipped in templates/documents/. */
import peEps from "../../../templates/documents/pe-eps.json";
import guidePrf from "../../../templates/documents/guide-prf.json";
import { ErreurUtilisateur } from "../referential";
import { chargerModele, type ModeleDocument } from "./modele";

const SOURCES: Record<string, unknown> = { "pe-eps": peEps, "guide-prf": guidePrf };
export const MODELES_LIVRES = Object.keys(SOURCES);
const cache = new Map<string, ModeleDocument>();

export function modeleLivre(id: string): ModeleDocument {
  const deja = cache.get(id);
  if (deja) return deja;
  if (!(id in SOURCES)) throw new ErreurUtilisateur(`Modèle de document « ${id} » inconnu. Modèles livrés : ${MODELES_LIVRES.join(", ")}.`);
  const m = chargerModele(SOURCES[id], `modèle livré « ${id} »`);
  cache.set(id, m);
  return m;
}
