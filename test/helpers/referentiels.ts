import { chargerReferentiel, type Referentiel } from "../../src/core/referential";
import eps from "../../templates/referentiels/eps-maroc.json";

/** eps-maroc with every objective's criteria repeated `facteur` times under new ids. */
export function referentielGrossi(facteur: number): Referentiel {
  const d = structuredClone(eps) as any;
  d.id = `eps-maroc-x${facteur}`;
  for (const ch of d.chapitres)
    for (const th of ch.thematiques)
      for (const ob of th.objectifs) {
        const base = ob.criteres;
        ob.criteres = [];
        for (let k = 0; k < facteur; k++) {
          for (const cr of base) {
            const c = structuredClone(cr);
            c.id = k === 0 ? cr.id : `${cr.id}-${k}`;
            c.elements = c.elements?.map((e: any) => ({ ...e, id: k === 0 ? e.id : `${e.id}-${k}` }));
            ob.criteres.push(c);
          }
        }
      }
  return chargerReferentiel(d, "référentiel grossi");
}
