/**
 * Reads an assessment from the grid's values (any adapter gives them): one note per evaluator
 * and row, with every unusable cell reported by sheet and cell, in French.
 */
import { ErreurUtilisateur, estApplicable, idsLignesCritere, type Referentiel } from "./referential";
import { FEUILLE_META, referentielDuClasseur, type Metadonnees } from "./metadata";
import { estCleNote, type EtatClasseur } from "./grille";
import { REPONSE_IMPOSSIBLE, type Anomalie, type Evaluation, type LigneEvaluee, type Note } from "./scores";
import { lettreColonne, type Valeur } from "./workbook-plan";

/** Cells (A1) whose content was not typed data: a formula or a date, never taken as a note. */
export type NaturesCellules = ReadonlyMap<string, "formule" | "date">;

/** Beyond this many, anomalies are counted, not listed: a pasted million-row grid stays readable. */
export const ANOMALIES_MAX = 1000;

/** What reading a grid needs of a referential, for an establishment's categories. */
interface IndexReferentiel {
  /** Criterion id → imperative for this establishment. */
  imperatifs: ReadonlyMap<string, boolean>;
  /** Criteria of the first chapter (the person's), the only ones where RI is allowed. */
  chapitrePersonne: ReadonlySet<string>;
  sansObjet: ReadonlySet<string>;
  /** Every row id a grid may hold (criteria, or their elements). */
  attendus: ReadonlySet<string>;
}

/** Built once per referential and categories: a consolidation reads thousands of grids of one referential. */
const INDEX = new WeakMap<Referentiel, Map<string, IndexReferentiel>>();

function indexDuReferentiel(ref: Referentiel, categories: readonly string[] | undefined): IndexReferentiel {
  const cle = (categories ?? []).join("\u0000");
  let parCategories = INDEX.get(ref);
  if (!parCategories) INDEX.set(ref, (parCategories = new Map()));
  const deja = parCategories.get(cle);
  if (deja) return deja;
  const imperatifs = new Map<string, boolean>();
  const chapitrePersonne = new Set<string>();
  const sansObjet = new Set<string>();
  const attendus = new Set<string>();
  for (const ch of ref.chapitres)
    for (const t of ch.thematiques)
      for (const o of t.objectifs)
        for (const c of o.criteres) {
          const applicable = estApplicable(c, categories);
          imperatifs.set(c.id, c.imperatif && applicable);
          if (!applicable) sansObjet.add(c.id);
          if (ch === ref.chapitres[0]) chapitrePersonne.add(c.id);
          for (const id of idsLignesCritere(c)) attendus.add(id);
        }
  const index = { imperatifs, chapitrePersonne, sansObjet, attendus };
  parCategories.set(cle, index);
  return index;
}

export function lireEvaluation(ref: Referentiel, meta: Metadonnees, valeurs: readonly (readonly Valeur[])[], source: string, natures: NaturesCellules = new Map()): Evaluation {
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
  const { imperatifs, chapitrePersonne, sansObjet, attendus } = indexDuReferentiel(ref, meta.categories);
  const iRetenue = cles.indexOf("retenue");
  const iCommentaire = cles.indexOf("commentaire");
  const iMotif = cles.indexOf("motif");

  const liste: Anomalie[] = [];
  let tues = 0;
  const anomalies = {
    push(a: Anomalie) {
      if (liste.length < ANOMALIES_MAX) liste.push(a);
      else tues++;
    },
  };
  const attenduImperatif = [...permisImperatif].join(" ou ");
  const attenduCritere = `${min} à ${max} ou ${nonConcerne}`;
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
    /** What the cell should hold, for the messages (built once per grid). */
    const attendu = imperatif ? attenduImperatif : attenduCritere;
    /** One note cell (an evaluator's, or the agreed note): the value, or null with an anomaly naming sheet, cell and criterion. */
    const lire = (i: number, nom: "note" | "note retenue"): Note | null => {
      const brut = ligne[i];
      // A plain note on a criterion that applies, in a cell that is neither a formula nor a date: the common case, read at once.
      if (typeof brut === "number" && Number.isInteger(brut) && brut >= min && brut <= max && (!imperatif || permisImperatif.has(brut)) && !sansObjet.has(critereId) && (natures.size === 0 || !natures.has(`${lettreColonne(i)}${numero}`))) return brut;
      const [une, la] = [`une ${nom}`, `la ${nom}`];
      const cellule = `${lettreColonne(i)}${numero}`;
      const signaler = (message: string) => anomalies.push({ feuille, cellule, message: `critère ${critereId} : ${message}` });
      const nature = natures.get(cellule);
      if (nature === "formule") {
        signaler(`la cellule contient une formule, pas ${une} (${attendu}) : ignorée ; tapez la note elle-même`);
        return null;
      }
      if (nature === "date") {
        signaler(`la cellule contient une date (${String(brut)}), pas ${une} (${attendu}) : ignorée`);
        return null;
      }
      if (brut === null || brut === undefined || (typeof brut === "string" && brut.trim() === "")) return null;
      if (sansObjet.has(critereId)) {
        const texte = typeof brut === "string" ? brut.trim().toUpperCase() : "";
        if (texte !== nonConcerne.toUpperCase()) {
          anomalies.push({ feuille, cellule, message: `le critère ${critereId} est sans objet pour cet établissement (catégories ${meta.categories?.join(", ")}) : « ${String(brut)} » n'est pas compté` });
        }
        return null;
      }
      if (typeof brut === "boolean") {
        signaler(`la valeur logique ${brut ? "VRAI" : "FAUX"} n'est pas ${une} (${attendu}) : ignorée`);
        return null;
      }
      const texte = typeof brut === "string" ? brut.trim() : null;
      const majuscules = texte?.toUpperCase() ?? null;
      if (majuscules !== null && majuscules === nonConcerne.toUpperCase()) {
        if (imperatif) {
          signaler(`« ${nonConcerne} » n'est pas admis sur un critère impératif : ${la} est ignorée`);
          return null;
        }
        return "NC";
      }
      if (majuscules === REPONSE_IMPOSSIBLE) {
        if (imperatif || !chapitrePersonne.has(critereId)) {
          const pourquoi = imperatif ? `le critère impératif ${critereId}` : `le critère ${critereId}, hors du chapitre ${ref.chapitres[0]!.id}`;
          anomalies.push({ feuille, cellule, message: `« ${REPONSE_IMPOSSIBLE} » (réponse impossible) n'est pas admis sur ${pourquoi} : ${la} est ignorée` });
          return null;
        }
        return REPONSE_IMPOSSIBLE;
      }
      const n = typeof brut === "number" ? brut : texte !== null && /^-?\d+([.,]\d+)?$/.test(texte) ? Number(texte.replace(",", ".")) : NaN;
      if (!Number.isFinite(n)) {
        signaler(`le texte « ${texte!.length > 40 ? `${texte!.slice(0, 40)}…` : texte} » n'est pas ${une} (${attendu}) : ignoré`);
        return null;
      }
      if (n < min || n > max) {
        signaler(`${n} est hors de l'échelle (${attendu}) : ignorée`);
        return null;
      }
      if (!Number.isInteger(n)) signaler(`la note ${n} n'est pas entière : elle compte telle quelle`);
      else if (imperatif && !permisImperatif.has(n)) {
        signaler(`un critère impératif se note ${[...permisImperatif].join(" ou ")} ; ${n} compte comme non atteint`);
      }
      return n;
    };
    // Filled into an array of any values from the start: whether a row holds whole notes, decimals,
    // NC or blanks, its notes array has the same representation (scoring code stays optimised).
    const notes = new Array<Note | null>(colonnesNotes.length).fill(null);
    for (let k = 0; k < colonnesNotes.length; k++) notes[k] = lire(colonnesNotes[k]![1], "note");
    const retenue = iRetenue >= 0 ? lire(iRetenue, "note retenue") : null;
    // NC must be justified: in the comment (or, for an agreed NC, the motive).
    const texteDe = (i: number) => (i >= 0 ? String(ligne[i] ?? "").trim() : "");
    const iNc = retenue !== "NC" && !notes.includes("NC") ? undefined : [...colonnesNotes.map(([, i]) => i), ...(iRetenue >= 0 ? [iRetenue] : [])].find((_, k) => (k < notes.length ? notes[k] : retenue) === "NC");
    if (iNc !== undefined && !texteDe(iCommentaire) && !texteDe(iMotif)) {
      const ou = iCommentaire >= 0 ? `${lettreColonne(iCommentaire)}${numero}` : "la colonne Commentaire";
      anomalies.push({ feuille, cellule: `${lettreColonne(iNc)}${numero}`, message: `« ${nonConcerne} » sur le critère ${critereId} doit être justifié : écrivez la raison en ${ou}` });
    }
    lignes.set(ref_, iRetenue >= 0 ? { ref: ref_, critereId, notes, retenue, ligne: numero } : { ref: ref_, critereId, notes, ligne: numero });
  });
  return { referentiel: ref, evaluateurs, lignes, anomalies: liste, anomaliesTotal: liste.length + tues, source, feuille, colonnes: cles.length, ...(meta.categories?.length ? { categories: meta.categories } : {}) };
}

/**
 * The assessment a workbook holds, from what any adapter read (EtatClasseur). The referential
 * comes from the workbook itself; `livre` is only a fallback for files that do not carry it.
 */
export function evaluationDuClasseur(
  etat: EtatClasseur,
  source: string,
  livre?: (id: string) => Referentiel | null,
  /** Reads the referential the workbook carries (a consolidation caches it by content). */
  embarque: (m: Metadonnees, source: string) => Referentiel | null = referentielDuClasseur,
): Evaluation {
  if (!etat.meta) {
    throw new ErreurUtilisateur(`${source} n'est pas une grille Qualité EPS : la feuille « ${FEUILLE_META} » est absente. Insérez d'abord un référentiel (bouton « Insérer le référentiel » ou « qualite inject »).`);
  }
  if (!etat.grille) {
    throw new ErreurUtilisateur(`${source} : la grille « ${etat.meta.feuilleGrille} » (tableau ${etat.meta.tableauGrille}) est introuvable. Réinsérez le référentiel pour la reconstruire.`);
  }
  const ref = embarque(etat.meta, source) ?? livre?.(etat.meta.referentielId) ?? null;
  if (!ref) throw new ErreurUtilisateur(`${source} : le référentiel « ${etat.meta.referentielId} » n'est ni enregistré dans le classeur, ni connu de cette version.`);
  return lireEvaluation(ref, { ...etat.meta, feuilleGrille: etat.grille.feuille }, etat.grille.valeurs, source, etat.grille.natures);
}
