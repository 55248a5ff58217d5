/**
 * Reads an assessment from the grid's values (any adapter gives them): one note per evaluator
 * and row, with every unusable cell reported by sheet and cell, in French.
 */
import { ErreurUtilisateur, estApplicable, type Referentiel } from "./referential";
import { FEUILLE_META, referentielDuClasseur, type Metadonnees } from "./metadata";
import { estCleNote, type EtatClasseur } from "./grille";
import type { Anomalie, Evaluation, LigneEvaluee, Note } from "./scores";
import { lettreColonne, type Valeur } from "./workbook-plan";

export function lireEvaluation(ref: Referentiel, meta: Metadonnees, valeurs: readonly (readonly Valeur[])[], source: string): Evaluation {
  const feuille = meta.feuilleGrille;
  const cles = meta.colonnes;
  const iRef = cles.indexOf("ref");
  const iCritere = cles.indexOf("critere");
  const colonnesNotes = cles.map((c, i) => [c, i] as const).filter(([c]) => estCleNote(c));
  if (iRef < 0 || iCritere < 0 || colonnesNotes.length === 0) {
    throw new ErreurUtilisateur(`${source} : la grille « ${feuille} » n'a pas les colonnes attendues (Réf., critère, note). Réinsérez le référentiel.`);
  }
  const entetes = valeurs[0] ?? [];
  const evaluateurs = colonnesNotes.map(([c, i], k) => meta.evaluateurs?.[k] ?? (c === "note" ? "" : String(entetes[i] ?? c).replace(/^Note · /, "")));
  const { min, max, nonConcerne } = ref.echelle;
  const permisImperatif = new Set(ref.echelle.imperatif ?? [min, max]);
  const imperatifs = new Map<string, boolean>();
  const sansObjet = new Set<string>();
  const attendus = new Set<string>();
  for (const ch of ref.chapitres)
    for (const t of ch.thematiques)
      for (const o of t.objectifs)
        for (const c of o.criteres) {
          const applicable = estApplicable(c, meta.categories);
          imperatifs.set(c.id, c.imperatif && applicable);
          if (!applicable) sansObjet.add(c.id);
          for (const id of c.elements?.map((e) => e.id) ?? [c.id]) attendus.add(id);
        }

  const anomalies: Anomalie[] = [];
  const lignes = new Map<string, LigneEvaluee>();
  valeurs.slice(1).forEach((ligne, k) => {
    const numero = k + 2;
    const ref_ = String(ligne[iRef] ?? "").trim();
    if (!ref_) return;
    const critereId = String(ligne[iCritere] ?? "").trim();
    if (!attendus.has(ref_)) {
      anomalies.push({ feuille, cellule: `${lettreColonne(iRef)}${numero}`, message: `la ligne « ${ref_} » n'existe pas dans le référentiel ${ref.id} ${ref.version} : ignorée` });
      return;
    }
    if (lignes.has(ref_)) {
      anomalies.push({ feuille, cellule: `${lettreColonne(iRef)}${numero}`, message: `la ligne « ${ref_} » apparaît deux fois : seule la première compte` });
      return;
    }
    const imperatif = imperatifs.get(critereId) ?? false;
    const notes = colonnesNotes.map(([, i]): Note | null => {
      const brut = ligne[i];
      const cellule = `${lettreColonne(i)}${numero}`;
      if (brut === null || brut === undefined || (typeof brut === "string" && brut.trim() === "")) return null;
      if (sansObjet.has(critereId)) {
        const texte = typeof brut === "string" ? brut.trim().toUpperCase() : "";
        if (texte !== nonConcerne.toUpperCase()) {
          anomalies.push({ feuille, cellule, message: `le critère ${critereId} est sans objet pour cet établissement (catégories ${meta.categories?.join(", ")}) : « ${String(brut)} » n'est pas compté` });
        }
        return null;
      }
      const texte = typeof brut === "string" ? brut.trim() : null;
      if (texte !== null && texte.toUpperCase() === nonConcerne.toUpperCase()) {
        if (imperatif) {
          anomalies.push({ feuille, cellule, message: `« ${nonConcerne} » n'est pas admis sur le critère impératif ${critereId} : la note est ignorée` });
          return null;
        }
        return "NC";
      }
      const n = typeof brut === "number" ? brut : texte !== null && /^-?\d+([.,]\d+)?$/.test(texte) ? Number(texte.replace(",", ".")) : NaN;
      if (!Number.isFinite(n) || n < min || n > max) {
        anomalies.push({ feuille, cellule, message: `« ${String(brut)} » n'est pas une note (${imperatif ? [...permisImperatif].join(" ou ") : `${min} à ${max} ou ${nonConcerne}`}) : ignorée` });
        return null;
      }
      if (!Number.isInteger(n)) anomalies.push({ feuille, cellule, message: `la note ${n} n'est pas entière : elle compte telle quelle` });
      else if (imperatif && !permisImperatif.has(n)) {
        anomalies.push({ feuille, cellule, message: `le critère impératif ${critereId} se note ${[...permisImperatif].join(" ou ")} ; ${n} compte comme non atteint` });
      }
      return n;
    });
    lignes.set(ref_, { ref: ref_, critereId, notes, ligne: numero });
  });
  return { referentiel: ref, evaluateurs, lignes, anomalies, source, feuille, colonnes: cles.length, ...(meta.categories?.length ? { categories: meta.categories } : {}) };
}

/**
 * The assessment a workbook holds, from what any adapter read (EtatClasseur). The referential
 * comes from the workbook itself; `livre` is only a fallback for files that do not carry it.
 */
export function evaluationDuClasseur(etat: EtatClasseur, source: string, livre?: (id: string) => Referentiel | null): Evaluation {
  if (!etat.meta) {
    throw new ErreurUtilisateur(`${source} n'est pas une grille Qualité EPS : la feuille « ${FEUILLE_META} » est absente. Insérez d'abord un référentiel (bouton « Insérer le référentiel » ou « qualite inject »).`);
  }
  if (!etat.grille) {
    throw new ErreurUtilisateur(`${source} : la grille « ${etat.meta.feuilleGrille} » (tableau ${etat.meta.tableauGrille}) est introuvable. Réinsérez le référentiel pour la reconstruire.`);
  }
  const ref = referentielDuClasseur(etat.meta, source) ?? livre?.(etat.meta.referentielId) ?? null;
  if (!ref) throw new ErreurUtilisateur(`${source} : le référentiel « ${etat.meta.referentielId} » n'est ni enregistré dans le classeur, ni connu de cette version.`);
  return lireEvaluation(ref, { ...etat.meta, feuilleGrille: etat.grille.feuille }, etat.grille.valeurs, source);
}
