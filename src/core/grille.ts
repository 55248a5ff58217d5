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
  empreinteReferentiel,
  ErreurUtilisateur,
  METHODE_LIBELLES,
  NIVEAUX_PAR_DEFAUT,
  valeursAutorisees,
  type Referentiel,
} from "./referential";
import { FEUILLE_META, FORMAT_META, feuilleMeta, type Metadonnees } from "./metadata";
import {
  lettreColonne,
  nomLibre,
  type ColonnePlan,
  type FeuillePlan,
  type MiseEnFormeConditionnellePlan,
  type ValidationListePlan,
  type Valeur,
  type WorkbookPlan,
} from "./workbook-plan";

export const FEUILLE_GRILLE = "Grille qualité";
export const FEUILLE_ARCHIVE = "Réponses archivées";
export const TABLEAU_GRILLE = "QE_Grille";
export const OUI = "Oui";

/** The columns users fill in. Everything else comes from the referential and is locked. */
export const COLONNES_REPONSE = ["note", "commentaire", "preuves", "evaluateur"] as const;
export type CleReponse = (typeof COLONNES_REPONSE)[number];
export type Reponse = Partial<Record<CleReponse, Valeur>>;

/** What an adapter reads from the workbook before planning. */
export interface EtatClasseur {
  /** Every sheet name, hidden ones included. */
  feuilles: string[];
  /** Values of the metadata sheet, if any (first row is the signature). */
  meta: Metadonnees | null;
  /** The existing grid: its sheet and its values, header row first. */
  grille: { feuille: string; valeurs: Valeur[][] } | null;
}

export interface OptionsInjection {
  referentiel: Referentiel;
  etablissement?: string;
  periode?: string;
  /** ISO date-time, given by the caller so planning stays pure and testable. */
  maintenant: string;
  etat: EtatClasseur;
  /** File or workbook name, for messages. */
  source: string;
}

export interface RapportInjection {
  feuilleGrille: string;
  lignes: number;
  criteres: number;
  imperatifs: number;
  reponsesConservees: number;
  /** Answers whose row no longer exists in the referential, copied to the archive sheet. */
  reponsesArchivees: number;
  feuilleArchive: string | null;
  /** Set when a user sheet already had our grid's name and ours took another. */
  nomEvite: string | null;
  /** Set when the workbook held another version of the same referential. */
  ancienneVersion: string | null;
}

function colonnesGrille(ref: Referentiel): ColonnePlan[] {
  const n = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
  const texte = "@";
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
    { key: "note", entete: "Note", largeur: 8, verrouillee: false },
    { key: "commentaire", entete: "Commentaire", largeur: 40, verrouillee: false, retourALaLigne: true, format: texte },
    { key: "preuves", entete: "Preuves", largeur: 32, verrouillee: false, retourALaLigne: true, format: texte },
    { key: "evaluateur", entete: "Évaluateur", largeur: 18, verrouillee: false, format: texte },
  ];
}

interface LigneReferentiel {
  ref: string;
  critereId: string;
  imperatif: boolean;
  valeurs: Record<string, Valeur>;
}

function lignesReferentiel(ref: Referentiel): LigneReferentiel[] {
  const out: LigneReferentiel[] = [];
  for (const { critere, objectif, thematique, chapitre } of criteresAplatis(ref)) {
    const commun = {
      critere: critere.id,
      chapitre: `${chapitre.id}. ${chapitre.libelle.fr}`,
      thematique: `${thematique.id} ${thematique.libelle.fr}`,
      objectif: `${objectif.id} ${objectif.libelle.fr}`,
      methode: METHODE_LIBELLES[critere.methode],
      imperatif: critere.imperatif ? OUI : "",
      categories: (critere.categories ?? []).join(", "),
    };
    if (critere.elements) {
      for (const el of critere.elements) {
        out.push({
          ref: el.id,
          critereId: critere.id,
          imperatif: critere.imperatif,
          valeurs: { ref: el.id, ...commun, intitule: `${critere.libelle.fr} — ${el.libelle.fr}` },
        });
      }
    } else {
      out.push({ ref: critere.id, critereId: critere.id, imperatif: critere.imperatif, valeurs: { ref: critere.id, ...commun, intitule: critere.libelle.fr } });
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
  for (const ligne of valeurs.slice(1)) {
    const ref = ligne[iRef];
    if (estVide(ref ?? null)) continue;
    const r: Reponse = {};
    let utile = false;
    for (const cle of COLONNES_REPONSE) {
      const i = index.get(cle);
      const v = i === undefined ? undefined : ligne[i];
      if (!estVide(v)) {
        r[cle] = v ?? null;
        utile = true;
      }
    }
    if (utile) reponses.set(String(ref).trim(), r);
  }
  return reponses;
}

/** Groups consecutive data rows of the same kind into A1 ranges of one column. */
function plagesContigues(lignes: readonly boolean[], colonne: string, premiereLigne: number, voulu: boolean): string[] {
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
  const colonnes = colonnesGrille(ref);
  const cles = colonnes.map((c) => c.key);
  const lignesRef = lignesReferentiel(ref);

  // Answers already in the workbook.
  const reponses = etat.grille ? lireReponses(etat.grille.valeurs, meta?.colonnes.length ? meta.colonnes : cles) : new Map<string, Reponse>();

  // Sheets of ours that get rebuilt; every other name stays taken.
  const supprimer: string[] = [];
  if (etat.grille) supprimer.push(etat.grille.feuille);
  if (etat.feuilles.includes(FEUILLE_META)) supprimer.push(FEUILLE_META);
  const pris = etat.feuilles.filter((f) => !supprimer.includes(f));
  const feuilleGrille = etat.grille ? etat.grille.feuille : nomLibre(FEUILLE_GRILLE, pris);
  pris.push(feuilleGrille, FEUILLE_META);

  let conservees = 0;
  const lignes: Valeur[][] = [colonnes.map((c) => c.entete)];
  for (const l of lignesRef) {
    const r = reponses.get(l.ref);
    if (r) {
      conservees++;
      reponses.delete(l.ref);
    }
    lignes.push(cles.map((k) => (r && (COLONNES_REPONSE as readonly string[]).includes(k) ? (r[k as CleReponse] ?? null) : (l.valeurs[k] ?? null))));
  }

  // Validations: one list for ordinary criteria, one for imperatives.
  const iNote = cles.indexOf("note");
  const lettreNote = lettreColonne(iNote);
  const lettreImperatif = lettreColonne(cles.indexOf("imperatif"));
  const imperatifs = lignesRef.map((l) => l.imperatif);
  const listeOrdinaire = valeursAutorisees(ref, { imperatif: false });
  const listeImperatif = valeursAutorisees(ref, { imperatif: true });
  const { min, max, nonConcerne } = ref.echelle;
  const validations: ValidationListePlan[] = [
    ...plagesContigues(imperatifs, lettreNote, 2, false).map((plage) => ({
      plage,
      valeurs: listeOrdinaire,
      titreErreur: "Note invalide",
      messageErreur: `Choisissez une note de ${min} à ${max}, ou ${nonConcerne} si le critère ne concerne pas l'établissement (à justifier en commentaire).`,
      titreInvite: "Note",
      invite: `${min} = pas du tout satisfaisant … ${max} = tout à fait satisfaisant ; ${nonConcerne} = non concerné.`,
    })),
    ...plagesContigues(imperatifs, lettreNote, 2, true).map((plage) => ({
      plage,
      valeurs: listeImperatif,
      titreErreur: "Critère impératif",
      messageErreur: `Un critère impératif se note ${listeImperatif.join(" ou ")} ; « ${nonConcerne} » n'est pas admis.`,
      titreInvite: "Critère impératif",
      invite: `Noter ${listeImperatif.join(" ou ")} : il n'est atteint qu'à ${max}.`,
    })),
  ];

  const derniere = lignesRef.length + 1;
  const plageNotes = `${lettreNote}2:${lettreNote}${derniere}`;
  const cellule = `${lettreNote}2`;
  const misesEnForme: MiseEnFormeConditionnellePlan[] = [
    // An imperative scored below the maximum is the first thing a referent must see.
    { plage: plageNotes, formule: `AND($${lettreImperatif}2="${OUI}",ISNUMBER(${cellule}),${cellule}<${max})`, fond: "#C00000", police: "#FFFFFF" },
    ...(max - min === 3
      ? [1, 2, 3, 4].map((k) => ({ plage: plageNotes, formule: `${cellule}=${min + k - 1}`, fond: COULEURS_NOTES[k] ?? "#FFFFFF" }))
      : []),
    { plage: plageNotes, formule: `${cellule}="${nonConcerne}"`, fond: "#D9D9D9" },
  ];

  const grille: FeuillePlan = {
    nom: feuilleGrille,
    visibilite: "visible",
    colonnes,
    lignes,
    tableau: { nom: TABLEAU_GRILLE, style: "TableStyleMedium2" },
    validations,
    misesEnForme,
    figer: { lignes: 1, colonnes: 1 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
  };

  const feuilles: FeuillePlan[] = [grille];

  // Answers whose row disappeared are never dropped: they go to an archive sheet.
  let feuilleArchive: string | null = null;
  const orphelines = [...reponses.entries()];
  if (orphelines.length) {
    feuilleArchive = nomLibre(`${FEUILLE_ARCHIVE} ${o.maintenant.slice(0, 10)}`, pris);
    pris.push(feuilleArchive);
    feuilles.push({
      nom: feuilleArchive,
      visibilite: "visible",
      colonnes: [
        { key: "ref", entete: "Réf.", largeur: 12, verrouillee: false, format: "@" },
        ...COLONNES_REPONSE.map((k) => colonnes.find((c) => c.key === k)).filter((c): c is ColonnePlan => !!c).map((c) => ({ ...c, verrouillee: false })),
        { key: "version", entete: "Version d'origine", largeur: 16, verrouillee: false, format: "@" },
      ],
      lignes: [
        ["Réf.", ...COLONNES_REPONSE.map((k) => colonnes.find((c) => c.key === k)?.entete ?? k), "Version d'origine"],
        ...orphelines.map(([id, r]): Valeur[] => [id, ...COLONNES_REPONSE.map((k) => r[k] ?? null), meta?.referentielVersion ?? ""]),
      ],
      validations: [],
      misesEnForme: [],
      figer: { lignes: 1, colonnes: 0 },
    });
  }

  const m: Metadonnees = {
    format: FORMAT_META,
    referentielId: ref.id,
    referentielVersion: ref.version,
    empreinte: empreinteReferentiel(ref),
    etablissement: (o.etablissement ?? meta?.etablissement ?? "").trim(),
    periode: (o.periode ?? meta?.periode ?? "").trim(),
    feuilleGrille,
    tableauGrille: TABLEAU_GRILLE,
    colonnes: cles,
    creeLe: meta?.creeLe || o.maintenant,
    modifieLe: o.maintenant,
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
      imperatifs: criteres.filter((c) => c.critere.imperatif).length,
      reponsesConservees: conservees,
      reponsesArchivees: orphelines.length,
      feuilleArchive,
      nomEvite: !etat.grille && feuilleGrille !== FEUILLE_GRILLE ? FEUILLE_GRILLE : null,
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
  if (r.reponsesArchivees) morceaux.push(`${r.reponsesArchivees} réponses sans critère correspondant ont été copiées dans la feuille « ${r.feuilleArchive} ».`);
  if (r.nomEvite) morceaux.push(`Une feuille « ${r.nomEvite} » existait déjà : elle n'a pas été touchée.`);
  return morceaux.join(" ");
}
