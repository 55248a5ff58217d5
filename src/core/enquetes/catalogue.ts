/** The questionnaires shipped in templates/enquetes/, validated by the same schema as any loaded file. */
import enfants from "../../../templates/enquetes/enfants-6-11.json";
import adolescents from "../../../templates/enquetes/adolescents.json";
import meres from "../../../templates/enquetes/meres-prf.json";
import familles from "../../../templates/enquetes/familles.json";
import { ErreurUtilisateur } from "../referential";
import { chargerQuestionnaire, type Questionnaire } from "./questionnaire";

const SOURCES: Record<string, unknown> = { "enfants-6-11": enfants, adolescents, "meres-prf": meres, familles };
const cache = new Map<string, Questionnaire>();

export const QUESTIONNAIRES_LIVRES = Object.keys(SOURCES);

export function questionnaireLivre(id: string): Questionnaire {
  const deja = cache.get(id);
  if (deja) return deja;
  const data = Object.hasOwn(SOURCES, id) ? SOURCES[id] : undefined;
  if (data === undefined) throw new ErreurUtilisateur(`Questionnaire « ${id} » inconnu. Questionnaires livrés : ${QUESTIONNAIRES_LIVRES.join(", ")}.`);
  const q = chargerQuestionnaire(data, `questionnaire livré « ${id} »`);
  cache.set(id, q);
  return q;
}
