/**
 * The assessment grid: from a referential (and what the workbook already holds) to a
 * WorkbookPlan. Pure: no Office.js, no DOM, no file system.
 *
 * One row per criterion, or one row per evaluation element when the criterion has elements.
 * The `ref` column is the row's stable identity (criterion or element id): answers are
 * matched on it when the grid is injected again.
 */
import {
  criteresAplatis,
  destinationLigne,
  empreinteReferentiel,
  ErreurUtilisateur,
  estApplicable,
  migrationDepuis,
  verifierCategories,
  METHODE_LIBELLES,
  NIVEAUX_PAR_DEFAUT,
  valeursAutorisees,
  type Referentiel,
} from "./referential";
import { FEUILLE_META, FORMAT_META, feuilleMeta, type Metadonnees } from "./metadata";
import { REPONSE_IMPOSSIBLE, type Consensus } from "./scores";
import { nomCampagne, periodeValide } from "./periode";
import { feuilleSynthese as feuilleSynthese_, STATUTS_LIGNE } from "./synthese";
import {
  hauteursAjustees,
  lettreColonne,
  nomLibre,
  type MiseEnPagePlan,
  type ColonnePlan,
  type FeuillePlan,
  type MiseEnFormeConditionnellePlan,
  type ValidationListePlan,
  type Valeur,
  type ValeurPlan,
  type Formule,
  type WorkbookPlan,
} from "./workbook-plan";

export const FEUILLE_GRILLE = "Grille qualité";
export const FEUILLE_ARCHIVE = "Réponses archivées";
export const FEUILLE_SYNTHESE = "Synthèse";
export const TABLEAU_GRILLE = "QE_Grille";
export const OUI = "Oui";
/** Shown in the « Application » column of a criterion that does not apply to the establishment. */
export const SANS_OBJET = "Sans objet pour cet établissement";
export const SANS_OBJET_AR = "لا ينطبق على هذه المؤسسة";

/** The text columns users fill in, besides the note columns. */
export const COLONNES_TEXTE = ["commentaire", "preuves", "evaluateur", "motif"] as const;
/** One note column per evaluator ("note.amina"), or a single "note" column. */
export const estCleNote = (cle: string) => cle === "note" || cle.startsWith("note.");
/** Participative grids: the note the group agreed after discussion, overriding the consensus. */
export const CLE_RETENUE = "retenue";
export const estCleReponse = (cle: string) => estCleNote(cle) || cle === CLE_RETENUE || (COLONNES_TEXTE as readonly string[]).includes(cle);

export type Reponse = Record<string, Valeur>;

/** Column key of an evaluator's notes: "note.amina-el-idrissi". */
export function cleEvaluateur(nom: string, prises: Iterable<string> = []): string {
  const base =
    "note." +
    (nom
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 30) || "evaluateur");
  const deja = new Set(prises);
  let cle = base;
  for (let i = 2; deja.has(cle); i++) cle = `${base}-${i}`;
  return cle;
}

/** What an adapter reads from the workbook before planning. */
export interface EtatClasseur {
  /** Every sheet name, hidden ones included. */
  feuilles: string[];
  /** Values of the metadata sheet, if any (first row is the signature). */
  meta: Metadonnees | null;
  /**
   * The existing grid: its sheet and its values, header row first. `natures` lists note cells
   * (A1 address) that held a formula or a date, which are never taken as notes.
   */
  grille: { feuille: string; valeurs: Valeur[][]; natures?: ReadonlyMap<string, "formule" | "date"> } | null;
  /** The improvement plan, when the workbook has one (table QE_PAQ). */
  paq?: { feuille: string; valeurs: Valeur[][] } | null;
}

export interface OptionsInjection {
  referentiel: Referentiel;
  etablissement?: string;
  /** A year, semester, quarter, month or date (see periode.ts). */
  periode?: string;
  /** The campaign's label (« état initial », « fin de mission »), optional. */
  campagne?: string;
  /** ISO date-time, given by the caller so planning stays pure and testable. */
  maintenant: string;
  etat: EtatClasseur;
  /** File or workbook name, for messages. */
  source: string;
  /** Evaluators scoring side by side (participative assessment); one note column each. */
  evaluateurs?: string[];
  consensus?: Consensus;
  /** The establishment's categories (e.g. ["enfance", "prf"]); criteria of other categories are « sans objet ». */
  categories?: string[];
  /** Language of the referential's texts: French, Arabic (right-to-left sheet) or both side by side. */
  langue?: LangueGrille;
}

export const LANGUES_GRILLE = ["fr", "ar", "bilingue"] as const;
export type LangueGrille = (typeof LANGUES_GRILLE)[number];

/** Headers of the Arabic grid: the same column keys (answers follow them), other words. */
const ENTETES_AR: Record<string, string> = {
  ref: "المرجع",
  chapitre: "الفصل",
  thematique: "المحور",
  objectif: "الهدف",
  intitule: "نص المعيار",
  methode: "طريقة التقييم",
  imperatif: "إلزامي",
  categories: "الأصناف",
  commentaire: "ملاحظة",
  preuves: "الأدلة",
  evaluateur: "المقيّم",
  application: "التطبيق",
  regarder: "ما الذي نفحصه",
  exemplesPreuves: "أمثلة على الأدلة",
};
const METHODES_AR: Record<string, string> = { "accompagne-traceur": "تتبّع مسار شخص", "traceur-cible": "تتبّع مسار عملية", "audit-systeme": "تدقيق النظام" };

/** What a host adapter is asked: the planner's options without the state it reads itself. */
export type OptionsInjectionHote = Omit<OptionsInjection, "etat" | "maintenant"> & { maintenant?: string };

export interface RapportInjection {
  feuilleGrille: string;
  lignes: number;
  criteres: number;
  imperatifs: number;
  reponsesConservees: number;
  /** Answers whose row no longer exists in the referential, copied to the archive sheet. */
  reponsesArchivees: number;
  feuilleArchive: string | null;
  feuilleSynthese: string;
  /** Set when a user sheet already had our grid's name and ours took another. */
  nomEvite: string | null;
  /** Set when the workbook held another version of the same referential. */
  ancienneVersion: string | null;
  /** Criteria that do not apply to the establishment's categories (shown greyed, never scored). */
  sansObjet: number;
  /** Answers carried to a renamed row, and answers archived because their criterion was revised, by the referential's migration map. */
  reponsesRenommees: number;
}

function colonnesGrille(ref: Referentiel, evaluateurs: string[], langue: LangueGrille = "fr"): ColonnePlan[] {
  const colonnes = colonnesGrilleFr(ref, evaluateurs);
  if (langue === "fr") return colonnes;
  if (langue === "ar") {
    const n = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
    return colonnes.map((c) => ({ ...c, entete: c.key === "critere" ? (n.critere.ar ?? ENTETES_AR.ref!) : estCleNote(c.key) ? c.entete.replace(/^Note/, "النقطة") : (ENTETES_AR[c.key] ?? c.entete) }));
  }
  // Bilingual: the Arabic text beside the French one, for the criterion and its guidance.
  return colonnes.flatMap((c) =>
    c.key === "intitule" || c.key === "regarder" || c.key === "exemplesPreuves"
      ? [c, { ...c, key: `${c.key}Ar`, entete: ENTETES_AR[c.key]! }]
      : [c],
  );
}

function colonnesGrilleFr(ref: Referentiel, evaluateurs: string[]): ColonnePlan[] {
  const n = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
  const texte = "@";
  const notes: ColonnePlan[] =
    evaluateurs.length <= 1
      ? [{ key: "note", entete: evaluateurs[0] ? `Note · ${evaluateurs[0]}` : "Note", largeur: 8, verrouillee: false }]
      : [
          ...evaluateurs.reduce<ColonnePlan[]>((cols, nom) => {
            cols.push({ key: cleEvaluateur(nom, cols.map((c) => c.key)), entete: `Note · ${nom}`, largeur: 10, verrouillee: false });
            return cols;
          }, []),
          { key: "ecart", entete: "Écart", largeur: 8, verrouillee: true, format: "0.00" },
          { key: CLE_RETENUE, entete: "Note retenue", largeur: 13, verrouillee: false },
          { key: "motif", entete: "Motif", largeur: 30, verrouillee: false, retourALaLigne: true, format: texte },
          // The row's score: the agreed note when there is one, else the evaluators' consensus.
          { key: "consensus", entete: "Score retenu", largeur: 13, verrouillee: true, format: "0.00" },
          { key: "statut", entete: "Statut impératif", largeur: 16, verrouillee: true, format: texte },
        ];
  return [
    { key: "ref", entete: "Réf.", largeur: 10, verrouillee: true, format: texte },
    { key: "critere", entete: n.critere.fr, largeur: 9, verrouillee: true, format: texte },
    { key: "chapitre", entete: n.chapitre.fr, largeur: 22, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "thematique", entete: n.thematique.fr, largeur: 24, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "objectif", entete: n.objectif.fr, largeur: 34, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "intitule", entete: "Intitulé", largeur: 60, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "methode", entete: "Méthode", largeur: 17, verrouillee: true, format: texte },
    { key: "imperatif", entete: "Impératif", largeur: 10, verrouillee: true, format: texte },
    { key: "categories", entete: "Catégories", largeur: 14, verrouillee: true, format: texte },
    ...notes,
    { key: "commentaire", entete: "Commentaire", largeur: 40, verrouillee: false, retourALaLigne: true, format: texte },
    { key: "preuves", entete: "Preuves", largeur: 32, verrouillee: false, retourALaLigne: true, format: texte },
    { key: "evaluateur", entete: "Évaluateur", largeur: 18, verrouillee: false, format: texte },
    { key: "application", entete: "Application", largeur: 14, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "regarder", entete: "Ce qu'on regarde", largeur: 44, verrouillee: true, retourALaLigne: true, format: texte },
    { key: "exemplesPreuves", entete: "Exemples de preuves", largeur: 36, verrouillee: true, retourALaLigne: true, format: texte },
  ];
}

interface LigneReferentiel {
  ref: string;
  critereId: string;
  /** Imperative for this establishment: imperative in the referential and applicable. */
  imperatif: boolean;
  /** RI (answer impossible) is allowed: first chapter, not imperative. */
  ri: boolean;
  applicable: boolean;
  valeurs: Record<string, Valeur>;
}

function lignesReferentiel(ref: Referentiel, categoriesEtablissement: readonly string[], langue: LangueGrille = "fr"): LigneReferentiel[] {
  const out: LigneReferentiel[] = [];
  // Arabic grid: Arabic text where the referential has it, French otherwise (never an empty cell).
  const ar = langue === "ar";
  const texte = (l: { fr: string; ar?: string } | undefined) => (l ? (ar ? (l.ar ?? l.fr) : l.fr) : "");
  for (const { critere, objectif, thematique, chapitre } of criteresAplatis(ref)) {
    const applicable = estApplicable(critere, categoriesEtablissement);
    const imperatif = critere.imperatif && applicable;
    // RI (answer impossible): first chapter, never on an imperative, only where the criterion applies.
    const ri = !critere.imperatif && applicable && chapitre === ref.chapitres[0];
    const commun = {
      critere: critere.id,
      // Ids sit after the Arabic words in an Arabic cell: the number ends the right-to-left line.
      chapitre: ar ? `${texte(chapitre.libelle)} (${chapitre.id})` : `${chapitre.id}. ${chapitre.libelle.fr}`,
      thematique: ar ? `${texte(thematique.libelle)} (${thematique.id})` : `${thematique.id} ${thematique.libelle.fr}`,
      objectif: ar ? `${texte(objectif.libelle)} (${objectif.id})` : `${objectif.id} ${objectif.libelle.fr}`,
      methode: ar ? METHODES_AR[critere.methode]! : METHODE_LIBELLES[critere.methode],
      imperatif: imperatif ? (ar ? "نعم" : OUI) : "",
      categories: (critere.categories ?? []).join(", "),
      application: applicable ? "" : ar ? SANS_OBJET_AR : SANS_OBJET,
      regarder: texte(critere.regarder),
      exemplesPreuves: texte(critere.preuves),
      regarderAr: critere.regarder?.ar ?? "",
      exemplesPreuvesAr: critere.preuves?.ar ?? "",
    };
    if (critere.elements) {
      for (const el of critere.elements) {
        out.push({
          ref: el.id,
          critereId: critere.id,
          imperatif,
          applicable,
          ri,
          valeurs: { ref: el.id, ...commun, intitule: `${texte(critere.libelle)} — ${texte(el.libelle)}`, intituleAr: critere.libelle.ar && el.libelle.ar ? `${critere.libelle.ar} — ${el.libelle.ar}` : "" },
        });
      }
    } else {
      out.push({ ref: critere.id, critereId: critere.id, imperatif, applicable, ri, valeurs: { ref: critere.id, ...commun, intitule: texte(critere.libelle), intituleAr: critere.libelle.ar ?? "" } });
    }
  }
  return out;
}

function estVide(v: Valeur | undefined): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/**
 * Reads the answers of an existing grid, keyed by row id. The header row is matched by the
 * column keys stored in the metadata (or, failing that, by the current headers).
 */
export function lireReponses(
  valeurs: readonly (readonly Valeur[])[],
  cles: readonly string[],
): Map<string, Reponse> {
  const index = new Map(cles.map((c, i) => [c, i] as const));
  const iRef = index.get("ref");
  const reponses = new Map<string, Reponse>();
  if (iRef === undefined) return reponses;
  const colonnes = cles.filter(estCleReponse);
  for (const ligne of valeurs.slice(1)) {
    const ref = ligne[iRef];
    if (estVide(ref ?? null)) continue;
    const r: Reponse = {};
    for (const cle of colonnes) {
      const v = ligne[index.get(cle)!];
      if (!estVide(v)) r[cle] = v ?? null;
    }
    if (Object.keys(r).length) reponses.set(String(ref).trim(), r);
  }
  return reponses;
}

/**
 * Where each old answer column goes in the new grid. A single "note" column and the first
 * evaluator's column stand for each other; an evaluator's column that would disappear while
 * holding notes stops the injection.
 */
function correspondances(anciennes: readonly string[], nouvelles: readonly string[], reponses: Map<string, Reponse>, source: string, entetes: Map<string, string>): Map<string, string> {
  const m = new Map<string, string>();
  const notesNouvelles = nouvelles.filter(estCleNote);
  const perdues: string[] = [];
  for (const a of anciennes.filter(estCleReponse)) {
    if (nouvelles.includes(a)) m.set(a, a);
    else if (estCleNote(a) && notesNouvelles.length === 1 && anciennes.filter(estCleNote).length === 1) m.set(a, notesNouvelles[0]!);
    else if (a === "note" && notesNouvelles[0]) m.set(a, notesNouvelles[0]);
    else if ([...reponses.values()].some((r) => !estVide(r[a]))) perdues.push(entetes.get(a) ?? a);
  }
  if (perdues.length) {
    throw new ErreurUtilisateur(
      `${source} : les colonnes ${perdues.map((p) => `« ${p} »`).join(", ")} contiennent des notes et n'existeraient plus dans la nouvelle grille. ` +
        `Gardez ces évaluateurs dans la liste, ou copiez leurs notes ailleurs avant de les retirer. Rien n'a été modifié.`,
    );
  }
  return m;
}

/** Groups consecutive data rows of the same kind into A1 ranges of one column. */
function plagesContigues<T>(lignes: readonly T[], colonne: string, premiereLigne: number, voulu: T): string[] {
  const plages: string[] = [];
  let debut = -1;
  for (let i = 0; i <= lignes.length; i++) {
    const ok = i < lignes.length && lignes[i] === voulu;
    if (ok && debut < 0) debut = i;
    if (!ok && debut >= 0) {
      plages.push(`${colonne}${premiereLigne + debut}:${colonne}${premiereLigne + i - 1}`);
      debut = -1;
    }
  }
  return plages;
}

const COULEURS_NOTES: Record<number, string> = { 1: "#F4B6B6", 2: "#FCD9A8", 3: "#D8EDC2", 4: "#A9D8A0" };

/** How a sheet of the assessment prints: landscape A4, one page wide, the header row on every page. */
export function miseEnPageGrille(ref: Referentiel, etablissement: string, periode: string, titre = "Grille d'évaluation"): MiseEnPagePlan {
  return {
    orientation: "paysage",
    uneLargeur: true,
    lignesRepetees: 1,
    enTete: { gauche: etablissement || undefined, centre: `${titre} · ${ref.id} ${ref.version}`, droite: periode ? `Période ${periode}` : undefined },
    numeroPage: true,
    quadrillage: true,
  };
}

/** Plans the injection of `referentiel` into a workbook in state `etat`. */
export function planifierInjection(o: OptionsInjection): { plan: WorkbookPlan; rapport: RapportInjection } {
  const { referentiel: ref, etat } = o;
  const meta = etat.meta;
  if (meta && meta.referentielId !== ref.id) {
    throw new ErreurUtilisateur(
      `${o.source} contient déjà une grille du référentiel « ${meta.referentielId} » (version ${meta.referentielVersion}). ` +
        `Un classeur porte un seul référentiel : ouvrez un nouveau classeur pour « ${ref.id} ».`,
    );
  }
  const evaluateurs = (o.evaluateurs ?? meta?.evaluateurs ?? []).map((e) => e.trim()).filter(Boolean);
  if (new Set(evaluateurs.map((e) => e.toLocaleLowerCase("fr"))).size !== evaluateurs.length) {
    throw new ErreurUtilisateur(`Deux évaluateurs portent le même nom : ${evaluateurs.join(", ")}. Distinguez-les (initiale du nom, fonction…).`);
  }
  if (evaluateurs.length > 12) throw new ErreurUtilisateur(`Au plus 12 évaluateurs par grille (${evaluateurs.length} demandés).`);
  const consensus: Consensus = o.consensus ?? meta?.consensus ?? "mediane";
  const periode = o.periode?.trim() ? periodeValide(o.periode) : (meta?.periode ?? "").trim();
  const campagne = (o.campagne ?? meta?.campagne ?? "").trim();
  if (campagne.length > 60) throw new ErreurUtilisateur(`Libellé de campagne trop long (${campagne.length} caractères, 60 au plus) : « ${campagne.slice(0, 30)}… ».`);
  const categories = verifierCategories(ref, o.categories ?? meta?.categories);
  const langue: LangueGrille = o.langue ?? meta?.langue ?? "fr";
  const colonnes = colonnesGrille(ref, evaluateurs, langue);
  const cles = colonnes.map((c) => c.key);
  const lignesRef = lignesReferentiel(ref, categories, langue);

  // Answers already in the workbook, moved to their column in the new grid.
  const anciennesCles = meta?.colonnes.length ? meta.colonnes : cles;
  const lues = etat.grille ? lireReponses(etat.grille.valeurs, anciennesCles) : new Map<string, Reponse>();
  const entetesAnciennes = new Map(anciennesCles.map((c, i) => [c, String(etat.grille?.valeurs[0]?.[i] ?? c)] as const));
  const vers = correspondances(anciennesCles, cles, lues, o.source, entetesAnciennes);
  const deplacees = new Map<string, Reponse>(
    [...lues].map(([id, r]) => [id, Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (vers.has(k) ? [[vers.get(k)!, v]] : [])))] as const),
  );
  // Another version of the referential: rows renamed by its migration map follow their new id,
  // rows revised or removed go to the archive with the reason (never read as an answer to a new text).
  const migration = meta ? migrationDepuis(ref, meta.referentielVersion) : null;
  const reponses = new Map<string, Reponse>();
  const archivees: [string, Reponse, string][] = [];
  let renommees = 0;
  for (const [id, r] of deplacees) {
    const dest = destinationLigne(migration, id);
    if ("archive" in dest) archivees.push([id, r, dest.archive]);
    else {
      if (dest.id !== id) renommees++;
      reponses.set(dest.id, r);
    }
  }

  // Sheets of ours that get rebuilt; every other name stays taken.
  const supprimer: string[] = [];
  if (etat.grille) supprimer.push(etat.grille.feuille);
  if (etat.feuilles.includes(FEUILLE_META)) supprimer.push(FEUILLE_META);
  const syntheseExistante = meta?.feuilleSynthese && etat.feuilles.includes(meta.feuilleSynthese) ? meta.feuilleSynthese : null;
  if (syntheseExistante) supprimer.push(syntheseExistante);
  const pris = etat.feuilles.filter((f) => !supprimer.includes(f));
  const feuilleGrille = etat.grille ? etat.grille.feuille : nomLibre(FEUILLE_GRILLE, pris);
  pris.push(feuilleGrille, FEUILLE_META);
  const feuilleSynthese = syntheseExistante ?? nomLibre(FEUILLE_SYNTHESE, pris);
  pris.push(feuilleSynthese);

  // Per-evaluator note columns, and the column the synthesis reads (the note, or the consensus).
  const notes = cles.filter(estCleNote);
  const lettre = (k: string) => lettreColonne(cles.indexOf(k));
  const plageNotesLigne = (r: number) => `${lettre(notes[0]!)}${r}:${lettre(notes[notes.length - 1]!)}${r}`;
  const { min, max, nonConcerne } = ref.echelle;
  const codes = (p: string, ri: boolean) =>
    `IF(COUNTIF(${p},"${nonConcerne}")>0,"${nonConcerne}",${ri ? `IF(COUNTIF(${p},"${REPONSE_IMPOSSIBLE}")>0,"${REPONSE_IMPOSSIBLE}","")` : '""'})`;
  const formuleConsensus = (r: number, l: LigneReferentiel): Formule => {
    const p = plageNotesLigne(r);
    const f = consensus === "mediane" ? "MEDIAN" : "AVERAGE";
    const calcul = `IF(COUNTIFS(${p},">=${min}",${p},"<=${max}")=0,${codes(p, l.ri)},ROUND(${f}(${p}),2))`;
    // The agreed note wins when it is one the row admits (the core ignores any other, and says so).
    const t = `${lettre(CLE_RETENUE)}${r}`;
    const admis = [`AND(ISNUMBER(${t}),${t}>=${min},${t}<=${max})`, ...(l.imperatif ? [] : [`${t}="${nonConcerne}"`]), ...(l.ri ? [`${t}="${REPONSE_IMPOSSIBLE}"`] : [])];
    return { formule: `IF(OR(${admis.join(",")}),${t},${calcul})` };
  };
  const formuleEcart = (r: number): Formule => {
    const p = plageNotesLigne(r);
    return { formule: `IF(COUNT(${p})<2,"",MAX(${p})-MIN(${p}))` };
  };
  /** Imperative rows: met at the maximum by the agreed note or, without one, by every evaluator. */
  const formuleStatut = (r: number): Formule => {
    const p = plageNotesLigne(r);
    const t = `${lettre(CLE_RETENUE)}${r}`;
    const S = STATUTS_LIGNE;
    const notes = `COUNTIFS(${p},">=${min}",${p},"<=${max}")`;
    return {
      formule:
        `IF(AND(ISNUMBER(${t}),${t}>=${min},${t}<=${max}),IF(${t}=${max},"${S.atteint}","${S.nonAtteint}"),` +
        `IF(${notes}=0,"",IF(COUNTIF(${p},${max})=${notes},"${S.atteint}",IF(COUNTIF(${p},${max})=0,"${S.nonAtteint}","${S.aDiscuter}"))))`,
    };
  };

  let conservees = 0;
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  lignesRef.forEach((l, i) => {
    const r = reponses.get(l.ref);
    if (r) {
      conservees++;
      reponses.delete(l.ref);
    }
    const ligne = i + 2;
    lignes.push(
      cles.map((k): ValeurPlan => {
        if (k === "consensus") return formuleConsensus(ligne, l);
        if (k === "ecart") return formuleEcart(ligne);
        if (k === "statut") return l.imperatif ? formuleStatut(ligne) : null;
        if (estCleReponse(k)) return r?.[k] ?? null;
        return l.valeurs[k] ?? null;
      }),
    );
  });

  // Validations on each note column (and the agreed note): ordinary criteria, those that also
  // admit RI (first chapter), imperatives.
  const lettreImperatif = lettre("imperatif");
  const oui = langue === "ar" ? "نعم" : OUI;
  const sansObjet = langue === "ar" ? SANS_OBJET_AR : SANS_OBJET;
  const genres = lignesRef.map((l) => (!l.applicable ? "sans-objet" : l.imperatif ? "imperatif" : l.ri ? "ri" : "ordinaire"));
  const listeOrdinaire = valeursAutorisees(ref, { imperatif: false });
  const listeImperatif = valeursAutorisees(ref, { imperatif: true });
  const colonnesValidees = [...notes, ...(cles.includes(CLE_RETENUE) ? [CLE_RETENUE] : [])];
  const validations: ValidationListePlan[] = colonnesValidees.flatMap((cle) => [
    ...(["ordinaire", "ri"] as const).flatMap((genre) =>
      plagesContigues(genres, lettre(cle), 2, genre).map((plage) => ({
        plage,
        valeurs: genre === "ri" ? [...listeOrdinaire, REPONSE_IMPOSSIBLE] : listeOrdinaire,
        titreErreur: "Note invalide",
        messageErreur:
          `Choisissez une note de ${min} à ${max}, ou ${nonConcerne} si le critère ne concerne pas l'établissement (à justifier en commentaire)` +
          (genre === "ri" ? `, ou ${REPONSE_IMPOSSIBLE} si la réponse n'a pas pu être recueillie.` : "."),
        titreInvite: "Note",
        invite: `${min} = pas du tout satisfaisant … ${max} = tout à fait satisfaisant ; ${nonConcerne} = non concerné` + (genre === "ri" ? ` ; ${REPONSE_IMPOSSIBLE} = réponse impossible.` : "."),
      })),
    ),
    ...plagesContigues(genres, lettre(cle), 2, "imperatif").map((plage) => ({
      plage,
      valeurs: listeImperatif,
      titreErreur: "Critère impératif",
      messageErreur: `Un critère impératif se note ${listeImperatif.join(" ou ")} ; « ${nonConcerne} » n'est pas admis.`,
      titreInvite: "Critère impératif",
      invite: `Noter ${listeImperatif.join(" ou ")} : il n'est atteint qu'à ${max}.`,
    })),
    // Nothing to score on a criterion that does not apply: only the NC code is accepted.
    ...plagesContigues(genres, lettre(cle), 2, "sans-objet").map((plage) => ({
      plage,
      valeurs: [nonConcerne],
      titreErreur: "Sans objet",
      messageErreur: `Ce critère est sans objet pour cet établissement (catégories ${categories.join(", ")}) : il n'est pas noté. Changez les catégories de l'établissement s'il doit l'être.`,
      titreInvite: "Sans objet",
      invite: "Critère sans objet pour cet établissement : rien à noter.",
    })),
  ]);

  const derniere = lignesRef.length + 1;
  const colonneScore = notes.length > 1 ? "consensus" : notes[0]!;
  const lettreApplication = lettre("application");
  const misesEnForme: MiseEnFormeConditionnellePlan[] = [...notes, ...(notes.length > 1 ? [CLE_RETENUE, "consensus"] : [])].flatMap((cle) => {
    const plageNotes = `${lettre(cle)}2:${lettre(cle)}${derniere}`;
    const cellule = `${lettre(cle)}2`;
    return [
      // An imperative scored below the maximum is the first thing a referent must see.
      { plage: plageNotes, formule: `AND($${lettreImperatif}2="${oui}",ISNUMBER(${cellule}),${cellule}<${max})`, fond: "#C00000", police: "#FFFFFF" },
      ...(max - min === 3 ? [1, 2, 3, 4].map((k) => ({ plage: plageNotes, formule: `${cellule}=${min + k - 1}`, fond: COULEURS_NOTES[k] ?? "#FFFFFF" })) : []),
      { plage: plageNotes, formule: `OR(${cellule}="${nonConcerne}",${cellule}="${REPONSE_IMPOSSIBLE}")`, fond: "#D9D9D9" },
    ];
  });
  // A criterion that does not apply is greyed across the whole row.
  misesEnForme.push({ plage: `A2:${lettreColonne(cles.length - 1)}${derniere}`, formule: `$${lettreApplication}2="${sansObjet}"`, fond: "#EDEDED", police: "#7F7F7F" });
  if (notes.length > 1) {
    const c = `${lettre("ecart")}2`;
    misesEnForme.push({ plage: `${c}:${lettre("ecart")}${derniere}`, formule: `AND(ISNUMBER(${c}),${c}>=2)`, fond: "#FFC000" });
    const s = `${lettre("statut")}2`;
    const plageStatut = `${s}:${lettre("statut")}${derniere}`;
    misesEnForme.push(
      { plage: plageStatut, formule: `OR(${s}="${STATUTS_LIGNE.nonAtteint}",${s}="${STATUTS_LIGNE.aDiscuter}")`, fond: "#C00000", police: "#FFFFFF" },
      { plage: plageStatut, formule: `${s}="${STATUTS_LIGNE.atteint}"`, fond: "#A9D8A0" },
    );
  }

  const grille: FeuillePlan = {
    nom: feuilleGrille,
    visibilite: "visible",
    colonnes,
    lignes,
    tableau: { nom: TABLEAU_GRILLE, style: "TableStyleMedium2" },
    validations,
    misesEnForme,
    figer: { lignes: 1, colonnes: 1 },
    droiteAGauche: langue === "ar",
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    // Rows as tall as their wrapped text; printed landscape, one page wide, header row on every page.
    hauteurs: hauteursAjustees(colonnes, lignes),
    miseEnPage: miseEnPageGrille(ref, (o.etablissement ?? meta?.etablissement ?? "").trim(), nomCampagne(periode, campagne)),
  };

  const feuilles: FeuillePlan[] = [grille];

  // Answers whose row disappeared are never dropped: they go to an archive sheet.
  let feuilleArchive: string | null = null;
  const orphelines: [string, Reponse, string][] = [...[...reponses.entries()].map(([id, r]): [string, Reponse, string] => [id, r, "ligne absente du référentiel"]), ...archivees];
  if (orphelines.length) {
    feuilleArchive = nomLibre(`${FEUILLE_ARCHIVE} ${o.maintenant.slice(0, 10)}`, pris);
    pris.push(feuilleArchive);
    feuilles.push({
      nom: feuilleArchive,
      visibilite: "visible",
      colonnes: [
        { key: "ref", entete: "Réf.", largeur: 12, verrouillee: false, format: "@" },
        ...colonnes.filter((c) => estCleReponse(c.key)).map((c) => ({ ...c, verrouillee: false })),
        { key: "version", entete: "Version d'origine", largeur: 16, verrouillee: false, format: "@" },
        { key: "motif", entete: "Motif de l'archivage", largeur: 40, verrouillee: false, retourALaLigne: true, format: "@" },
      ],
      lignes: [
        ["Réf.", ...colonnes.filter((c) => estCleReponse(c.key)).map((c) => c.entete), "Version d'origine", "Motif de l'archivage"],
        ...orphelines.map(([id, r, motif]): Valeur[] => [id, ...cles.filter(estCleReponse).map((k) => r[k] ?? null), meta?.referentielVersion ?? "", motif]),
      ],
      validations: [],
      misesEnForme: [],
      figer: { lignes: 1, colonnes: 0 },
    });
  }

  feuilles.splice(
    1,
    0,
    feuilleSynthese_(ref, {
      nom: feuilleSynthese,
      grille: feuilleGrille,
      colonneScore: lettre(colonneScore),
      colonneStatut: cles.includes("statut") ? lettre("statut") : undefined,
      etablissement: (o.etablissement ?? meta?.etablissement ?? "").trim(),
      periode: nomCampagne(periode, campagne),
      categories,
    }),
  );

  const m: Metadonnees = {
    format: FORMAT_META,
    referentielId: ref.id,
    referentielVersion: ref.version,
    empreinte: empreinteReferentiel(ref),
    etablissement: (o.etablissement ?? meta?.etablissement ?? "").trim(),
    periode,
    ...(campagne ? { campagne } : {}),
    feuilleGrille,
    tableauGrille: TABLEAU_GRILLE,
    colonnes: cles,
    creeLe: meta?.creeLe || o.maintenant,
    modifieLe: o.maintenant,
    evaluateurs,
    consensus,
    categories,
    langue,
    feuilleSynthese,
    referentielJson: JSON.stringify(ref),
  };
  feuilles.push(feuilleMeta(m));

  const criteres = criteresAplatis(ref);
  return {
    plan: { supprimer, feuilles, activer: feuilleGrille },
    rapport: {
      feuilleGrille,
      lignes: lignesRef.length,
      criteres: criteres.length,
      imperatifs: criteres.filter((c) => c.critere.imperatif && estApplicable(c.critere, categories)).length,
      sansObjet: criteres.filter((c) => !estApplicable(c.critere, categories)).length,
      reponsesRenommees: renommees,
      reponsesConservees: conservees,
      reponsesArchivees: orphelines.length,
      feuilleArchive,
      nomEvite: !etat.grille && feuilleGrille !== FEUILLE_GRILLE ? FEUILLE_GRILLE : null,
      feuilleSynthese,
      ancienneVersion: meta && meta.referentielVersion !== ref.version ? meta.referentielVersion : null,
    },
  };
}

/** The one-line French summary shown by the pane and the CLI. */
export function resumeInjection(r: RapportInjection, ref: Referentiel): string {
  const morceaux = [
    `Référentiel « ${ref.titre.fr} » (${ref.id} ${ref.version}) inséré dans la feuille « ${r.feuilleGrille} » : ${r.criteres} critères dont ${r.imperatifs} impératifs, ${r.lignes} lignes à noter.`,
  ];
  if (r.reponsesConservees) morceaux.push(`${r.reponsesConservees} réponses déjà saisies ont été conservées.`);
  if (r.ancienneVersion) morceaux.push(`La grille passe de la version ${r.ancienneVersion} à la version ${ref.version}.`);
  if (r.sansObjet) morceaux.push(`${r.sansObjet} critères sont sans objet pour les catégories de l'établissement (grisés, non notés).`);
  if (r.reponsesRenommees) morceaux.push(`${r.reponsesRenommees} réponses ont suivi leur critère renuméroté.`);
  if (r.reponsesArchivees) morceaux.push(`${r.reponsesArchivees} réponses sans critère correspondant ont été copiées dans la feuille « ${r.feuilleArchive} ».`);
  if (r.nomEvite) morceaux.push(`Une feuille « ${r.nomEvite} » existait déjà : elle n'a pas été touchée.`);
  return morceaux.join(" ");
}
