/**
 * Scoring rules (documented in docs/scores.md). Pure functions over an Evaluation read from a
 * grid: no Office.js, no file.
 *
 * - A row (criterion or evaluation element) takes the note the group agreed (« Note retenue »)
 *   when there is one, else the consensus of its evaluators' valid notes: median by default,
 *   mean on request; NC (or RI, « réponse impossible ») only when no note is numeric.
 * - RI is excluded from every average, like NC, and counts as assessed for completion.
 * - A criterion scores the mean of its rows' numeric consensus, rounded to 2 decimals; NC when
 *   every assessed row is NC; null when nothing is assessed.
 * - Each level (objective → thematic → chapter → establishment) is the weighted mean of its
 *   children's rounded scores, rounded to 2 decimals; NC and unassessed children are left out.
 * - An imperative row is met when its agreed note is the maximum or, without one, when EVERY
 *   evaluator's note is the maximum. When evaluators disagree (some at the maximum, some below)
 *   the row is « non atteint — à discuter » until the group records its agreed note: a single
 *   low note can no longer hide behind a median. The criterion is unmet as soon as one row is.
 */
import { criteresAplatis, estApplicable, idsLignesCritere, type CritereAplati, type Referentiel } from "./referential";
import { lettreColonne } from "./workbook-plan";

/** A row's value: a number of the scale, NC (not applicable) or RI (no usable answer). */
export type Note = number | "NC" | "RI";
/** Code of an answer that could not be collected (a very young child…): chapter 1 only. */
export const REPONSE_IMPOSSIBLE = "RI";
export type Consensus = "mediane" | "moyenne";

export interface Anomalie {
  feuille: string;
  cellule: string;
  message: string;
}

export interface LigneEvaluee {
  ref: string;
  critereId: string;
  /** One entry per evaluator; null when the cell is empty or unusable. */
  notes: (Note | null)[];
  /** The note the group agreed after discussion (participative grids), null when none. */
  retenue?: Note | null;
  /** Row number in the sheet (1-based), to select it. */
  ligne: number;
}

export interface Evaluation {
  referentiel: Referentiel;
  evaluateurs: string[];
  lignes: Map<string, LigneEvaluee>;
  /** The first ANOMALIES_MAX anomalies found. */
  anomalies: Anomalie[];
  /** How many were found in all (absent: as many as listed). */
  anomaliesTotal?: number;
  source: string;
  feuille: string;
  /** Number of columns of the grid's table (one note column per evaluator), when read from a grid. */
  colonnes?: number;
  /** The establishment's categories: criteria of other categories are « sans objet » (no score, no completion, never imperative). */
  categories?: string[];
}

export interface ResultatNiveau {
  id: string;
  libelle: string;
  score: number | null;
  /** Criteria with a numeric score below this node. */
  evalues: number;
  /** Criteria scored NC below this node. */
  nc: number;
  /** Criteria scored RI (answer impossible) below this node: assessed, out of the averages. */
  ri: number;
  total: number;
  completion: number;
}

export interface ResultatCritere {
  id: string;
  libelle: string;
  objectifId: string;
  thematiqueId: string;
  chapitreId: string;
  /** Imperative for this establishment (an imperative that does not apply is not one). */
  imperatif: boolean;
  /** The criterion does not apply to the establishment's categories: excluded from every figure. */
  sansObjet?: boolean;
  score: Note | null;
  /** The criterion's score by each evaluator (mean of that evaluator's rows). */
  evaluateurs: (Note | null)[];
  /** Largest spread between evaluators on one of the criterion's rows; null below two notes. */
  ecart: number | null;
  desaccord: boolean;
  /** Imperatives only: true met, false unmet, null not decided yet. */
  atteint: boolean | null;
  /** Imperatives only: unmet because evaluators disagree and no agreed note is recorded yet. */
  aDiscuter: boolean;
  /** Unmet imperatives only: the rows that keep it unmet (a row is met only at the scale's maximum). */
  enCause?: LigneEnCause[];
  ligne: number;
}

/** A row of an unmet imperative: where, which note counted, each evaluator's note. */
export interface LigneEnCause {
  ref: string;
  ligne: number;
  /** The agreed note or, without one, the row's consensus. */
  note: Note | null;
  notes: (Note | null)[];
  statut: "non-atteint" | "a-discuter";
}

export interface Resultats {
  referentiel: { id: string; version: string };
  /** The referential's scale: every rule reads its bounds here, never a literal. */
  echelle: { min: number; max: number };
  /** Evaluators' names, in the order of each criterion's `evaluateurs` notes. */
  evaluateurs: string[];
  consensus: Consensus;
  global: number | null;
  completion: number;
  evalues: number;
  nc: number;
  ri: number;
  total: number;
  chapitres: ResultatNiveau[];
  thematiques: ResultatNiveau[];
  objectifs: ResultatNiveau[];
  criteres: ResultatCritere[];
  imperatifsNonAtteints: string[];
  /** Unmet imperatives whose evaluators disagree, with no agreed note yet (a subset of the above). */
  imperatifsADiscuter: string[];
  /** Open disagreements: a spread at or above the threshold on a row without an agreed note. */
  desaccords: string[];
  /** Lowest numeric criteria, lowest first. */
  plusFaibles: string[];
  /** The first ANOMALIES_MAX anomalies found… */
  anomalies: Anomalie[];
  /** …out of this many (the true total, shown to the user). */
  anomaliesTotal: number;
  /** Where the grid is, so a criterion's row can be shown: its sheet (maybe « Grille qualité (2) ») and width. */
  grille: { feuille: string; colonnes: number | null };
}

/** The address of a criterion's whole row in the grid (A to the last column), for the pane's links. */
export function plageLigneCritere(r: Pick<Resultats, "grille">, ligne: number): string {
  return r.grille.colonnes ? `A${ligne}:${lettreColonne(r.grille.colonnes - 1)}${ligne}` : `${ligne}:${ligne}`;
}

export interface OptionsScores {
  consensus?: Consensus;
  /** A spread at or above this between evaluators flags the criterion for discussion. */
  seuilDesaccord?: number;
  nbPlusFaibles?: number;
}

/** ROUND(x, 2) as Excel and LibreOffice compute it (half away from zero, decimal-correct). */
export function arrondi2(x: number): number {
  // Fast path, same result: away from a half (x·100 ends in .5), the binary product rounds like
  // the decimal one. Near a half, or for huge or non-finite values, the decimal-correct way.
  const y = Math.abs(x) * 100;
  const r = Math.round(y);
  if (y < 1e9 && Math.abs(y - r) < 0.4999) return ((x < 0 ? -1 : 1) * r) / 100;
  const signe = x < 0 ? -1 : 1;
  return (signe * Math.round(Number(`${Math.abs(Number(x.toPrecision(15)))}e2`))) / 100;
}

/**
 * The median of the `n` numbers among `valeurs`. Sorted in a Float64Array (numeric order, one
 * representation whatever the notes are): scoring runs for every row of thousands of workbooks.
 */
function mediane(valeurs: readonly (Note | null)[], n: number): number {
  const t = new Float64Array(n);
  let k = 0;
  for (const x of valeurs) if (typeof x === "number") t[k++] = x;
  t.sort();
  const m = n >> 1;
  return n % 2 ? t[m]! : (t[m - 1]! + t[m]!) / 2;
}

/** How many numbers `valeurs` holds, and their sum (added in order, as a reduce would). */
function nombres(valeurs: readonly (Note | null)[]): { n: number; somme: number } {
  let n = 0;
  let somme = 0;
  for (const x of valeurs) {
    if (typeof x !== "number") continue;
    n++;
    somme += x;
  }
  return { n, somme };
}

/** Without any number: NC when some value is NC, else RI when some is RI, else nothing. */
const codeSansNombre = (valeurs: readonly (Note | null)[]): Note | null => (valeurs.includes("NC") ? "NC" : valeurs.includes("RI") ? "RI" : null);

/** Consensus of one row's notes, rounded to 2 decimals like the grid's formula. */
export function consensusLigne(notes: readonly (Note | null)[], methode: Consensus): Note | null {
  const { n, somme } = nombres(notes);
  if (n) return arrondi2(methode === "mediane" ? mediane(notes, n) : somme / n);
  return codeSansNombre(notes);
}

/** A row's score: the agreed note when the group recorded one, else the consensus. */
export function scoreLigne(l: Pick<LigneEvaluee, "notes" | "retenue">, methode: Consensus): Note | null {
  return l.retenue !== undefined && l.retenue !== null ? l.retenue : consensusLigne(l.notes, methode);
}

export type StatutLigneImperative = "atteint" | "non-atteint" | "a-discuter" | null;

/**
 * An imperative row: met only at the scale's maximum, by the agreed note or, without one, by
 * every evaluator's note; mixed notes are « à discuter » (unmet until the group agrees).
 */
export function statutLigneImperative(l: Pick<LigneEvaluee, "notes" | "retenue">, max: number): StatutLigneImperative {
  if (typeof l.retenue === "number") return l.retenue === max ? "atteint" : "non-atteint";
  let n = 0;
  let auMax = 0;
  for (const x of l.notes) {
    if (typeof x !== "number") continue;
    n++;
    if (x === max) auMax++;
  }
  if (!n) return null;
  return auMax === n ? "atteint" : auMax === 0 ? "non-atteint" : "a-discuter";
}

function scoreDeLignes(valeurs: readonly (Note | null)[]): Note | null {
  const { n, somme } = nombres(valeurs);
  if (n) return arrondi2(somme / n);
  return codeSansNombre(valeurs);
}

/**
 * The weighted mean of the children that have a score, rounded like ROUND(…, 2). Scores and
 * weights in two parallel arrays: no object per child (this runs for every level of thousands of
 * workbooks in a consolidation).
 */
function moyennePonderee(scores: readonly (number | null)[], poids: readonly number[]): number | null {
  let somme = 0;
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === null || s === undefined) continue;
    somme += s * poids[i]!;
    total += poids[i]!;
  }
  return total > 0 ? arrondi2(somme / total) : null;
}

/** The grid row of a criterion: that of its first row present (0 when none is). */
function ligneDe(ids: readonly string[], lignes: ReadonlyMap<string, { ligne: number }>): number {
  for (const id of ids) {
    const l = lignes.get(id);
    if (l) return l.ligne;
  }
  return 0;
}

/**
 * One criterion's result (its own function, not a closure: compiled on its own, once, when a
 * consolidation reads thousands of workbooks).
 */
function resultatCritere({ critere, objectif, thematique, chapitre }: CritereAplati, ev: Evaluation, methode: Consensus, seuil: number, max: number, nbEval: number): ResultatCritere {
  // Plain loops over arrays made with one representation: this runs for every criterion of every
  // workbook of a consolidation, and stays optimised whatever the notes hold.
  const sansObjet = !estApplicable(critere, ev.categories);
  const ids = idsLignesCritere(critere);
  const n = ids.length;
  // A criterion that does not apply reads no row: whatever was typed there counts for nothing.
  const lignes = new Array<LigneEvaluee | undefined>(n).fill(undefined);
  if (!sansObjet) for (let i = 0; i < n; i++) lignes[i] = ev.lignes.get(ids[i]!);
  const consensus = new Array<Note | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const l = lignes[i];
    consensus[i] = l ? scoreLigne(l, methode) : null;
  }
  const parEvaluateur = new Array<Note | null>(nbEval).fill(null);
  const colonne = new Array<Note | null>(n).fill(null);
  for (let e = 0; e < nbEval; e++) {
    for (let i = 0; i < n; i++) colonne[i] = lignes[i]?.notes[e] ?? null;
    parEvaluateur[e] = scoreDeLignes(colonne);
  }
  // A row's spread: its highest note minus its lowest (two notes at least); the criterion's, the largest.
  let ecart: number | null = null;
  // Open: a spread at the threshold on a row the group has not settled with an agreed note.
  let ouvert = false;
  for (let i = 0; i < n; i++) {
    const l = lignes[i];
    if (!l) continue;
    let nombre = 0;
    let plusBas = Infinity;
    let plusHaut = -Infinity;
    for (const x of l.notes) {
      if (typeof x !== "number") continue;
      nombre++;
      if (x < plusBas) plusBas = x;
      if (x > plusHaut) plusHaut = x;
    }
    if (nombre < 2) continue;
    const e = plusHaut - plusBas;
    if (ecart === null || e > ecart) ecart = e;
    if (e >= seuil && (l.retenue ?? null) === null) ouvert = true;
  }
  let atteint: boolean | null = null;
  let aDiscuter = false;
  let enCause: LigneEnCause[] | undefined;
  if (critere.imperatif && !sansObjet) {
    const statuts = new Array<StatutLigneImperative>(n).fill(null);
    let nonAtteint = false;
    let enDiscussion = false;
    let tousAtteints = true;
    for (let i = 0; i < n; i++) {
      const l = lignes[i];
      const statut = l ? statutLigneImperative(l, max) : null;
      statuts[i] = statut;
      if (statut === "non-atteint") nonAtteint = true;
      else if (statut === "a-discuter") enDiscussion = true;
      if (statut !== "atteint") tousAtteints = false;
    }
    if (nonAtteint) atteint = false;
    else if (enDiscussion) [atteint, aDiscuter] = [false, true];
    else if (tousAtteints) atteint = true;
    if (atteint === false) {
      enCause = [];
      for (let i = 0; i < n; i++) {
        const l = lignes[i];
        const statut = statuts[i];
        if (l && (statut === "non-atteint" || statut === "a-discuter")) enCause.push({ ref: l.ref, ligne: l.ligne, note: consensus[i] ?? null, notes: l.notes, statut });
      }
    }
  }
  return {
    id: critere.id,
    libelle: critere.libelle.fr,
    objectifId: objectif.id,
    thematiqueId: thematique.id,
    chapitreId: chapitre.id,
    imperatif: critere.imperatif && !sansObjet,
    sansObjet,
    score: scoreDeLignes(consensus),
    evaluateurs: parEvaluateur,
    ecart,
    desaccord: ouvert,
    atteint,
    aDiscuter,
    // Always present (undefined when nothing is in cause): every result has the same shape.
    enCause,
    ligne: ligneDe(idsLignesCritere(critere), ev.lignes),
  };
}

export function calculerScores(ev: Evaluation, options: OptionsScores = {}): Resultats {
  const methode = options.consensus ?? "mediane";
  const seuil = options.seuilDesaccord ?? 2;
  const ref = ev.referentiel;
  const max = ref.echelle.max;
  const nbEval = Math.max(ev.evaluateurs.length, 1);

  const criteres: ResultatCritere[] = [];
  for (const a of criteresAplatis(ref)) criteres.push(resultatCritere(a, ev, methode, seuil, max, nbEval));
  /** Counts of a run of criteria (those of a level are consecutive in `criteres`). */
  const compter = (debut: number, fin: number) => {
    let evalues = 0;
    let nc = 0;
    let ri = 0;
    let total = 0;
    for (let i = debut; i < fin; i++) {
      const c = criteres[i]!;
      if (c.sansObjet) continue;
      total++;
      if (typeof c.score === "number") evalues++;
      else if (c.score === "NC") nc++;
      else if (c.score === "RI") ri++;
    }
    return { evalues, nc, ri, total, completion: total ? (evalues + nc + ri) / total : 0 };
  };

  const objectifs: ResultatNiveau[] = [];
  const thematiques: ResultatNiveau[] = [];
  const chapitres: ResultatNiveau[] = [];
  const scoresChapitres: (number | null)[] = [];
  const poidsChapitres: number[] = [];
  // `criteres` follows the referential's order: each level is a run of it.
  let k = 0;
  for (const ch of ref.chapitres) {
    const debutChapitre = k;
    const scoresThematiques: (number | null)[] = [];
    const poidsThematiques: number[] = [];
    for (const th of ch.thematiques) {
      const debutThematique = k;
      const scoresObjectifs: (number | null)[] = [];
      const poidsObjectifs: number[] = [];
      for (const ob of th.objectifs) {
        const debut = k;
        const notes: (number | null)[] = [];
        const poids: number[] = [];
        for (const c of ob.criteres) {
          const s = criteres[k++]!.score;
          notes.push(typeof s === "number" ? s : null);
          poids.push(c.poids ?? 1);
        }
        const score = moyennePonderee(notes, poids);
        objectifs.push({ id: ob.id, libelle: ob.libelle.fr, score, ...compter(debut, k) });
        scoresObjectifs.push(score);
        poidsObjectifs.push(ob.poids ?? 1);
      }
      const score = moyennePonderee(scoresObjectifs, poidsObjectifs);
      thematiques.push({ id: th.id, libelle: th.libelle.fr, score, ...compter(debutThematique, k) });
      scoresThematiques.push(score);
      poidsThematiques.push(th.poids ?? 1);
    }
    const score = moyennePonderee(scoresThematiques, poidsThematiques);
    chapitres.push({ id: ch.id, libelle: ch.libelle.fr, score, ...compter(debutChapitre, k) });
    scoresChapitres.push(score);
    poidsChapitres.push(ch.poids ?? 1);
  }
  const tous = compter(0, criteres.length);
  const plusFaibles = criteres
    .filter((c): c is ResultatCritere & { score: number } => typeof c.score === "number")
    .sort((a, b) => a.score - b.score || (a.imperatif === b.imperatif ? 0 : a.imperatif ? -1 : 1))
    .slice(0, options.nbPlusFaibles ?? 10)
    .map((c) => c.id);

  return {
    referentiel: { id: ref.id, version: ref.version },
    echelle: { min: ref.echelle.min, max },
    evaluateurs: ev.evaluateurs,
    consensus: methode,
    global: moyennePonderee(scoresChapitres, poidsChapitres),
    ...tous,
    chapitres,
    thematiques,
    objectifs,
    criteres,
    imperatifsNonAtteints: criteres.filter((c) => c.atteint === false).map((c) => c.id),
    imperatifsADiscuter: criteres.filter((c) => c.aDiscuter).map((c) => c.id),
    desaccords: criteres.filter((c) => c.desaccord).map((c) => c.id),
    plusFaibles,
    anomalies: ev.anomalies,
    anomaliesTotal: ev.anomaliesTotal ?? ev.anomalies.length,
    grille: { feuille: ev.feuille, colonnes: ev.colonnes ?? null },
  };
}
