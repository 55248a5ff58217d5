/**
 * The workbook's identity, stored in a very-hidden sheet as key/value rows that every adapter
 * (Office.js, ExcelJS, LibreOffice, a human with "Afficher") can read. The referential itself is
 * stored too, in chunks, so a workbook can be scored and consolidated without the add-in's copy.
 */
import { ErreurUtilisateur, lireReferentielJson, type Referentiel } from "./referential";
import type { FeuillePlan, Valeur } from "./workbook-plan";

export const FEUILLE_META = "QualiteEPS_meta";
/** The identity sheets of the other Qualité EPS workbooks (follow-up, competences), named here so that a reader recognises them without loading their modules. */
export const FEUILLE_META_SUIVI = "QualiteEPS_suivi";
export const FEUILLE_META_COMPETENCES = "QualiteEPS_competences";
export const SIGNATURE = "qualite-eps";
export const FORMAT_META = 1;
/** Excel holds at most 32,767 characters in a cell. */
const TAILLE_MORCEAU = 30000;

export interface Metadonnees {
  format: number;
  referentielId: string;
  referentielVersion: string;
  empreinte: string;
  etablissement: string;
  periode: string;
  feuilleGrille: string;
  tableauGrille: string;
  colonnes: string[];
  creeLe: string;
  modifieLe: string;
  /** Evaluators named in the grid's note columns (participative assessment). */
  evaluateurs?: string[];
  /** How evaluators' notes on one row are combined. */
  consensus?: "mediane" | "moyenne";
  /** The establishment's categories (ids of the referential's `categories`): criteria of other categories are « sans objet ». */
  categories?: string[];
  /** Language of the grid's texts: fr (default), ar (right to left) or bilingue. */
  langue?: "fr" | "ar" | "bilingue";
  /** Our synthesis sheet, rebuilt at each injection. */
  feuilleSynthese?: string;
  /** The evaluation campaign's label (« état initial », « fin de mission »), beside the period. */
  campagne?: string;
  /** The referential as JSON text, when the workbook carries it. */
  referentielJson?: string;
}

type CleTexte = "referentielId" | "referentielVersion" | "empreinte" | "etablissement" | "periode" | "feuilleGrille" | "tableauGrille" | "creeLe" | "modifieLe";
const CLES: [CleTexte, string][] = [
  ["referentielId", "referentiel.id"],
  ["referentielVersion", "referentiel.version"],
  ["empreinte", "referentiel.empreinte"],
  ["etablissement", "etablissement"],
  ["periode", "periode"],
  ["feuilleGrille", "grille.feuille"],
  ["tableauGrille", "grille.tableau"],
  ["creeLe", "cree.le"],
  ["modifieLe", "modifie.le"],
];

/** The rows of the metadata sheet: signature first, then key/value pairs. */
export function lignesMeta(m: Metadonnees): Valeur[][] {
  const lignes: Valeur[][] = [
    [SIGNATURE, m.format],
    ...CLES.map(([k, cle]): Valeur[] => [cle, m[k]]),
    ["grille.colonnes", m.colonnes.join(",")],
  ];
  if (m.evaluateurs) lignes.push(["grille.evaluateurs", JSON.stringify(m.evaluateurs)]);
  if (m.consensus) lignes.push(["grille.consensus", m.consensus]);
  if (m.categories?.length) lignes.push(["etablissement.categories", m.categories.join(",")]);
  if (m.langue && m.langue !== "fr") lignes.push(["grille.langue", m.langue]);
  if (m.feuilleSynthese) lignes.push(["synthese.feuille", m.feuilleSynthese]);
  if (m.campagne) lignes.push(["campagne.libelle", m.campagne]);
  const json = m.referentielJson ?? "";
  for (let i = 0, n = 1; i < json.length; i += TAILLE_MORCEAU, n++) {
    lignes.push([`referentiel.json.${n}`, json.slice(i, i + TAILLE_MORCEAU)]);
  }
  return lignes;
}

export function feuilleMeta(m: Metadonnees): FeuillePlan {
  return {
    nom: FEUILLE_META,
    visibilite: "veryHidden",
    colonnes: [
      { key: "cle", entete: "cle", largeur: 24, verrouillee: true, format: "@" },
      { key: "valeur", entete: "valeur", largeur: 60, verrouillee: true, format: "@" },
    ],
    lignes: lignesMeta(m),
    validations: [],
    misesEnForme: [],
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: false, autoriserFormatLignes: false },
  };
}

/** True when the values of a sheet start with our signature. */
export function estFeuilleMeta(valeurs: readonly (readonly unknown[])[] | undefined): boolean {
  return String(valeurs?.[0]?.[0] ?? "") === SIGNATURE;
}

/**
 * Reads the metadata back from a sheet's values. `source` names the file for messages.
 * Returns null when the sheet is not ours.
 */
export function lireMeta(valeurs: readonly (readonly unknown[])[], source: string): Metadonnees | null {
  if (!estFeuilleMeta(valeurs)) return null;
  const kv = new Map<string, string>();
  for (const ligne of valeurs.slice(1)) {
    const cle = ligne[0];
    if (cle === undefined || cle === null || cle === "") continue;
    kv.set(String(cle), ligne[1] === undefined || ligne[1] === null ? "" : String(ligne[1]));
  }
  const format = Number(valeurs[0]?.[1]);
  if (!Number.isInteger(format) || format > FORMAT_META) {
    throw new ErreurUtilisateur(
      `${source} : la feuille « ${FEUILLE_META} » est au format ${String(valeurs[0]?.[1])}, plus récent que celui que cette version de Qualité EPS comprend (${FORMAT_META}). Mettez à jour le complément.`,
    );
  }
  const m: Partial<Metadonnees> = { format };
  for (const [k, cle] of CLES) {
    const v = kv.get(cle);
    if (v === undefined) throw new ErreurUtilisateur(`${source} : feuille « ${FEUILLE_META} », la clé « ${cle} » manque.`);
    m[k] = v;
  }
  m.colonnes = (kv.get("grille.colonnes") ?? "").split(",").filter(Boolean);
  const evaluateurs = kv.get("grille.evaluateurs");
  if (evaluateurs) {
    try {
      const liste: unknown = JSON.parse(evaluateurs);
      if (!Array.isArray(liste) || !liste.every((x) => typeof x === "string")) throw new Error("liste attendue");
      m.evaluateurs = liste;
    } catch {
      throw new ErreurUtilisateur(`${source} : feuille « ${FEUILLE_META} », la clé « grille.evaluateurs » est illisible.`);
    }
  }
  const consensus = kv.get("grille.consensus");
  if (consensus === "mediane" || consensus === "moyenne") m.consensus = consensus;
  const categories = (kv.get("etablissement.categories") ?? "").split(",").map((c) => c.trim()).filter(Boolean);
  if (categories.length) m.categories = categories;
  const langue = kv.get("grille.langue");
  if (langue === "ar" || langue === "bilingue") m.langue = langue;
  const synthese = kv.get("synthese.feuille");
  if (synthese) m.feuilleSynthese = synthese;
  const campagne = kv.get("campagne.libelle");
  if (campagne) m.campagne = campagne;
  const morceaux: string[] = [];
  for (let n = 1; kv.has(`referentiel.json.${n}`); n++) morceaux.push(kv.get(`referentiel.json.${n}`) ?? "");
  if (morceaux.length) m.referentielJson = joindre(morceaux);
  return m as Metadonnees;
}

/**
 * The referential's chunks joined, the same string for the same chunks as the last calls: a
 * consolidation reads thousands of workbooks carrying the same referential, whose chunks its
 * reader gives back as the same strings; one joined copy is then shared (and compared by
 * identity) instead of one 200 KB copy per workbook.
 */
const JOINTS: { morceaux: string[]; texte: string }[] = [];
function joindre(morceaux: string[]): string {
  for (const j of JOINTS) if (j.morceaux.length === morceaux.length && j.morceaux.every((m, i) => m === morceaux[i])) return j.texte;
  const texte = morceaux.join("");
  if (JOINTS.length >= 4) JOINTS.shift();
  JOINTS.push({ morceaux, texte });
  return texte;
}

/** The referential the workbook carries, validated like any other. */
export function referentielDuClasseur(m: Metadonnees, source: string): Referentiel | null {
  if (!m.referentielJson) return null;
  return lireReferentielJson(m.referentielJson, `référentiel enregistré dans ${source}`);
}
