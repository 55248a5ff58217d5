/**
 * Reading an assessment made on one version of a referential as if it were made on another.
 *
 * Rows keep their id unless the target's migration map (`migrations` in the referential) says
 * otherwise: a row renamed follows its new id; a criterion revised (its id or one of its rows
 * listed in `revus`) or removed loses its answers, so an old answer is never read as an answer
 * to a new text. The migration is safe when every other criterion both versions share keeps its
 * rows and its imperative flag, and most of the target's criteria exist in the source.
 */
import { criteresAplatis, destinationLigne, idsLignesCritere, migrationDepuis, type Referentiel } from "./referential";
import type { Evaluation, LigneEvaluee } from "./scores";

/** Criteria of `vers` whose answers given on `depuis` are not carried over (revised by the map). */
export function criteresRevus(vers: Referentiel, depuis: string): Set<string> {
  const m = migrationDepuis(vers, depuis);
  const revus = new Set<string>();
  if (!m) return revus;
  for (const { critere } of criteresAplatis(vers)) {
    if (Object.hasOwn(m.revus, critere.id) || idsLignesCritere(critere).some((id) => Object.hasOwn(m.revus, id))) revus.add(critere.id);
  }
  return revus;
}

/** Row ids and imperative flag per criterion of `de`, under the ids they take in `vers`. */
function structureSource(de: Referentiel, vers: Referentiel): Map<string, string> {
  const m = migrationDepuis(vers, de.version);
  const nouvelId = (id: string) => {
    const d = destinationLigne(m, id);
    return "id" in d ? d.id : id;
  };
  return new Map(
    criteresAplatis(de).map(({ critere }) => [nouvelId(critere.id), `${critere.imperatif ? "I" : "-"}:${(critere.elements ?? []).map((e) => nouvelId(e.id)).join(",")}`]),
  );
}

function structureCible(vers: Referentiel): Map<string, string> {
  return new Map(criteresAplatis(vers).map(({ critere }) => [critere.id, `${critere.imperatif ? "I" : "-"}:${(critere.elements ?? []).map((e) => e.id).join(",")}`]));
}

/**
 * Can answers given on `de` be read on `vers`? Criteria the map declares revised are left out
 * (read as not assessed); any other change of rows or imperative flag makes it unsafe.
 */
export function migrationSure(de: Referentiel, vers: Referentiel): { sure: boolean; raison: string; absents: number } {
  const a = structureSource(de, vers);
  const b = structureCible(vers);
  const revus = criteresRevus(vers, de.version);
  const changes = [...b].filter(([id, s]) => !revus.has(id) && a.has(id) && a.get(id) !== s).map(([id]) => id);
  const absents = [...b.keys()].filter((id) => !a.has(id) || revus.has(id)).length;
  if (changes.length) return { sure: false, raison: `critères modifiés entre les versions ${de.version} et ${vers.version} : ${changes.slice(0, 5).join(", ")}${changes.length > 5 ? "…" : ""}`, absents };
  if (absents > b.size / 2) return { sure: false, raison: `${absents} critères sur ${b.size} de la version ${vers.version} n'existent pas dans la version ${de.version}`, absents };
  const detail = [absents ? `${absents} critères nouveaux ou revus non évalués` : "", revus.size ? `revus : ${[...revus].join(", ")}` : ""].filter(Boolean).join(" ; ");
  return { sure: true, raison: `version ${de.version} lue comme ${vers.version}${detail ? ` (${detail})` : ""}`, absents };
}

/** The evaluation's rows moved to `vers`: renamed rows follow their new id, revised and removed criteria lose their answers. */
export function migrerEvaluation(ev: Evaluation, vers: Referentiel): Evaluation {
  const de = ev.referentiel.version;
  if (de === vers.version) return { ...ev, referentiel: vers };
  const m = migrationDepuis(vers, de);
  const revus = criteresRevus(vers, de);
  const critereDeLigne = new Map(criteresAplatis(vers).flatMap(({ critere }) => idsLignesCritere(critere).map((id) => [id, critere.id] as const)));
  const lignes = new Map<string, LigneEvaluee>();
  for (const [id, l] of ev.lignes) {
    const d = destinationLigne(m, id);
    if ("archive" in d) continue;
    const critere = critereDeLigne.get(d.id);
    if (!critere || revus.has(critere)) continue;
    lignes.set(d.id, { ...l, ref: d.id, critereId: critere });
  }
  return { ...ev, referentiel: vers, lignes };
}
