/**
 * From a document template and the writer's answers (and, optionally, an assessment's
 * results) to a DocumentPlan: plain data that renderers (Office.js Word, docx) turn into
 * headings, paragraphs, tables, a table of contents and one tagged region per section.
 * Bad answers never stop the assembly: they become visible placeholders and French warnings.
 */
import { ErreurUtilisateur } from "../referential";
import type { Resultats } from "../scores";
import type { Valeur } from "../workbook-plan";
import type { Champ, ModeleDocument, Section } from "./modele";
import type { Consolidation } from "../consolidation";
import { blocsConsolidation } from "./capitalisation";
import { couperLibelle } from "../mesure-texte";
import { formaterDate } from "../dates";

export { formaterDate };

export type Bloc =
  | { type: "titre"; niveau: 1 | 2 | 3; texte: string }
  | { type: "paragraphe"; texte: string; libelle?: string; style?: "normal" | "manquant" | "titreDocument" | "sousTitreDocument" | "mentionDocument" | "intertitre" }
  /** A picture (the cover's logo): PNG or JPEG bytes in base64, drawn at this size in points. */
  | { type: "image"; format: "png" | "jpg"; base64: string; largeur: number; hauteur: number }
  | { type: "tableau"; entetes: string[]; lignes: string[][] }
  | { type: "liste"; elements: string[] }
  /** A radar of scores (thematics); hosts without charts show the table that goes with it. */
  | { type: "radar"; titre: string; categories: string[]; valeurs: (number | null)[]; nomSerie: string; min: number; max: number };

/** A generated region: one per section, tagged so a later assembly finds and updates it. */
export interface Region {
  tag: string;
  sectionId: string;
  titre: string;
  blocs: Bloc[];
  /** Written by hand: renderers keep what the document holds and only create it if missing. */
  manuel: boolean;
}

export interface DocumentPlan {
  modele: { id: string; version: string };
  titre: string;
  /** The cover page: logo, title, establishment, managing body, period, version and status. */
  couverture: Bloc[];
  /** Running header of every page after the cover: the establishment and the document. */
  enTete: string;
  sommaire: boolean;
  regions: Region[];
  avertissements: string[];
}

export type ValeurChamp = string | number | null | Record<string, string | number | null>[];

export interface ReponsesSection {
  champs?: Record<string, ValeurChamp>;
  /** "Rédigé à la main": assembly leaves this section as the writer left it in the document. */
  manuel?: boolean;
}

/** What the cover says about the document itself. */
export interface EditionDocument {
  /** The document's own version ("1", "2.1"), not the template's. */
  version?: string;
  /** AAAA-MM-JJ: the board validated this version; absent, the document is a draft (« projet »). */
  valideLe?: string;
  /** The establishment's logo on the cover: a data URL "data:image/png;base64,…" (PNG or JPEG). */
  logo?: string;
}

export interface ReponsesDocument {
  modele: string;
  version?: string;
  variables: Record<string, string | number | null>;
  sections: Record<string, ReponsesSection>;
  edition?: EditionDocument;
}

/** « vide » : nothing typed yet; « prête » : the document holds no « [À compléter] » for it. */
export type EtatSection = "vide" | "en-cours" | "prete";

/** Results an assembly can pull from an assessment workbook. */
export interface EvaluationPourDocument {
  resultats: Resultats;
  etablissement?: string;
  periode?: string;
  /** The improvement plan sheet's values, header row first. */
  paq?: Valeur[][] | null;
}

export const tagSection = (modele: string, section: string) => `qe:${modele}:${section}`;
export const TAG_COUVERTURE = (modele: string) => `qe:${modele}:couverture`;

export function reponsesVides(m: ModeleDocument): ReponsesDocument {
  return { modele: m.id, version: m.version, variables: {}, sections: {} };
}

const blanc = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
/** A row of a list field whose cells are all blank (added in the pane, never filled). */
const ligneVide = (l: unknown) => typeof l === "object" && l !== null && !Array.isArray(l) && Object.values(l).every(blanc);
/** Empty: nothing, blank text, or a list whose rows are all blank (the document prints no empty table). */
const vide = (v: unknown) => blanc(v) || (Array.isArray(v) && v.every(ligneVide));
const manquant = (libelle: string) => `[À compléter : ${libelle}]`;

function formaterNombre(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(".", ",");
}

/** Largest logo accepted on a cover (bytes of the image). */
export const TAILLE_MAX_LOGO = 512 * 1024;

/** Pixel size of a PNG or JPEG, read from its header; null if the bytes are neither. */
export function dimensionsImage(octets: Uint8Array): { format: "png" | "jpg"; largeur: number; hauteur: number } | null {
  if (octets.length > 24 && octets[0] === 0x89 && octets[1] === 0x50 && octets[2] === 0x4e && octets[3] === 0x47) {
    const v = new DataView(octets.buffer, octets.byteOffset, octets.byteLength);
    return { format: "png", largeur: v.getUint32(16), hauteur: v.getUint32(20) };
  }
  if (octets.length > 4 && octets[0] === 0xff && octets[1] === 0xd8) {
    // Walk the JPEG segments up to a start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < octets.length) {
      if (octets[i] !== 0xff) return null;
      const marqueur = octets[i + 1]!;
      const longueur = (octets[i + 2]! << 8) | octets[i + 3]!;
      if (marqueur >= 0xc0 && marqueur <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marqueur)) {
        return { format: "jpg", hauteur: (octets[i + 5]! << 8) | octets[i + 6]!, largeur: (octets[i + 7]! << 8) | octets[i + 8]! };
      }
      i += 2 + longueur;
    }
  }
  return null;
}

function decoderBase64(b64: string): Uint8Array | null {
  try {
    const binaire = atob(b64);
    const out = new Uint8Array(binaire.length);
    for (let i = 0; i < binaire.length; i++) out[i] = binaire.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The logo of the answers as an image block, or the reason it cannot be used. */
export function logoDepuisDataUrl(url: string, hauteurMax = 70, largeurMax = 200): { bloc: Extract<Bloc, { type: "image" }> } | { erreur: string } {
  const m = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]+)$/.exec(url.trim());
  if (!m) return { erreur: "le logo doit être une image PNG ou JPEG (adresse data:image/png;base64,…)" };
  const b64 = m[2]!.replace(/\s+/g, "");
  const octets = decoderBase64(b64);
  if (!octets) return { erreur: "le logo n'est pas un base64 lisible" };
  if (octets.length > TAILLE_MAX_LOGO) return { erreur: `le logo pèse ${Math.round(octets.length / 1024)} Ko, au-delà de ${TAILLE_MAX_LOGO / 1024} Ko : réduisez l'image` };
  const d = dimensionsImage(octets);
  if (!d || !d.largeur || !d.hauteur) return { erreur: "le logo n'est pas une image PNG ou JPEG lisible" };
  const echelle = Math.min(hauteurMax / d.hauteur, largeurMax / d.largeur, 1);
  return { bloc: { type: "image", format: d.format, base64: b64, largeur: Math.round(d.largeur * echelle), hauteur: Math.round(d.hauteur * echelle) } };
}

/** Checks answers against the template: French warnings, never an exception for content. */
export function verifierReponses(m: ModeleDocument, r: unknown, source = "réponses"): { reponses: ReponsesDocument; avertissements: string[] } {
  if (typeof r !== "object" || r === null || Array.isArray(r)) throw new ErreurUtilisateur(`Les ${source} ne sont pas un objet JSON { modele, variables, sections }.`);
  const brut = r as Partial<ReponsesDocument>;
  if (brut.modele !== undefined && brut.modele !== m.id) {
    throw new ErreurUtilisateur(`Les ${source} sont celles du modèle « ${String(brut.modele)} », pas de « ${m.id} ».`);
  }
  const av: string[] = [];
  const variables: ReponsesDocument["variables"] = {};
  const vars = new Map(m.variables.map((v) => [v.id, v]));
  for (const [k, v] of Object.entries(brut.variables ?? {})) {
    const def = vars.get(k);
    if (!def) {
      av.push(`« ${extrait(k)} » : information inconnue du modèle « ${m.titre.fr} » : ignorée`);
      continue;
    }
    if (vide(v)) continue;
    const erreur = erreurType(def, v);
    if (erreur) {
      av.push(`« ${def.libelle.fr} » : ${erreur}`);
      continue;
    }
    variables[k] = def.type === "nombre" ? Number(String(v).trim().replace(",", ".")) : (v as string);
  }
  const periode = erreurPeriode(m, variables);
  if (periode) {
    av.push(`« ${vars.get(periode.variable)!.libelle.fr} » : ${periode.message} : valeur ignorée`);
    delete variables[periode.variable];
  }
  for (const v of m.variables) if (v.obligatoire && vide(variables[v.id]) && v.id !== periode?.variable) av.push(`« ${v.libelle.fr} » est obligatoire`);

  const sections: ReponsesDocument["sections"] = {};
  const parId = new Map(m.sections.map((s) => [s.id, s]));
  for (const [sid, rs] of Object.entries(brut.sections ?? {})) {
    const s = parId.get(sid);
    if (!s) {
      av.push(`Section « ${extrait(sid)} » : inconnue du modèle « ${m.titre.fr} » : ignorée`);
      continue;
    }
    const champs: Record<string, ValeurChamp> = {};
    const defs = new Map(s.champs.map((c) => [c.id, c]));
    for (const [cid, v] of Object.entries(rs?.champs ?? {})) {
      const c = defs.get(cid);
      if (!c) {
        av.push(`Section « ${s.titre.fr} » : champ « ${extrait(cid)} » inconnu : ignoré`);
        continue;
      }
      if (vide(v)) continue;
      const erreur = erreurType(c, v);
      if (erreur) av.push(`Section « ${s.titre.fr} », « ${c.libelle.fr} » : ${erreur}`);
      else champs[cid] = c.type === "nombre" ? Number(String(v).trim().replace(",", ".")) : (v as ValeurChamp);
    }
    sections[sid] = { champs, ...(rs?.manuel ? { manuel: true } : {}) };
  }
  const edition = verifierEdition(brut.edition, av);
  return { reponses: { modele: m.id, version: m.version, variables, sections, ...(edition ? { edition } : {}) }, avertissements: av };
}

/** The document's version, validation date and logo: each bad value is a warning and is dropped. */
function verifierEdition(brut: unknown, av: string[]): EditionDocument | null {
  if (brut === undefined || brut === null) return null;
  if (typeof brut !== "object" || Array.isArray(brut)) {
    av.push("Édition du document : un objet { version, valideLe, logo } est attendu : ignorée");
    return null;
  }
  const e = brut as Record<string, unknown>;
  const out: EditionDocument = {};
  if (!vide(e.version)) {
    if (typeof e.version === "string" || typeof e.version === "number") out.version = String(e.version).trim().slice(0, 20);
    else av.push("Version du document : du texte est attendu");
  }
  if (!vide(e.valideLe)) {
    if (typeof e.valideLe === "string" && /^\d{4}-\d{2}-\d{2}$/.test(e.valideLe) && formaterDate(e.valideLe) !== e.valideLe) out.valideLe = e.valideLe;
    else av.push(`Date de validation : « ${String(e.valideLe)} » n'est pas une date AAAA-MM-JJ`);
  }
  if (!vide(e.logo)) {
    const logo = typeof e.logo === "string" ? logoDepuisDataUrl(e.logo) : { erreur: "le logo doit être une image PNG ou JPEG (adresse data:image/png;base64,…)" };
    if ("erreur" in logo) av.push(`Logo : ${logo.erreur} ; la page de titre est faite sans logo`);
    else out.logo = e.logo as string;
  }
  for (const k of Object.keys(e)) if (!["version", "valideLe", "logo"].includes(k)) av.push(`Édition du document : « ${k} » inconnu : ignoré`);
  return Object.keys(out).length ? out : null;
}

/** A value quoted in a message: a hostile 1 MB answer must not become a 1 MB message. */
const extrait = (v: unknown) => {
  const t = typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
  return t.length > 60 ? `${t.slice(0, 60)}… (${t.length} caractères)` : t;
};
const cellule = (x: unknown) => x === null || typeof x === "string" || (typeof x === "number" && Number.isFinite(x));

/** What is wrong with a value for a field or a variable of this type, or null. */
function erreurType(c: Pick<Champ, "type" | "choix">, v: unknown): string | null {
  switch (c.type) {
    case "nombre":
      return (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && /^-?\d{1,15}([.,]\d{1,15})?$/.test(v.trim())) ? null : `« ${extrait(v)} » n'est pas un nombre`;
    case "date":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : `« ${extrait(v)} » n'est pas une date AAAA-MM-JJ`;
    case "choix":
      return !c.choix || c.choix.includes(String(v)) ? null : `« ${extrait(v)} » n'est pas un choix permis (${c.choix.join(", ")})`;
    case "liste":
      return Array.isArray(v) && v.every((l) => typeof l === "object" && l !== null && !Array.isArray(l) && Object.values(l as object).every(cellule))
        ? null
        : "une liste de lignes est attendue (chaque ligne : des textes ou des nombres par colonne)";
    default:
      return typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) ? null : "du texte est attendu";
  }
}

/** Whether a section appears for these answers (its condition holds). */
export function sectionActive(s: Section, r: ReponsesDocument): boolean {
  if (!s.condition) return true;
  return String(r.variables[s.condition.variable] ?? "") === String(s.condition.egal);
}

/** Which computed content is at hand for the sections that receive it. */
export interface SourcesJointes {
  evaluation?: boolean;
  consolidation?: boolean;
}

export const LIBELLE_SOURCE = { evaluation: "Résultats d'évaluation", consolidation: "Consolidation" } as const;

/** Variables of a text ({{id}}) that are empty: the text prints « [À compléter : libellé] » for each. */
function variablesManquantes(texte: string, m: ModeleDocument, r: ReponsesDocument): string[] {
  return [...texte.matchAll(/\{\{\s*([a-z0-9-]+)\s*\}\}/g)].filter(([, id]) => vide(r.variables[id!])).map(([, id]) => m.variables.find((x) => x.id === id)?.libelle.fr ?? id!);
}

/** Whether an empty field still shows in the document: a required one, as « [À compléter] ». */
const champManquant = (c: Champ, v: unknown) => vide(v) && c.obligatoire;

/**
 * THE rule of what is left to complete in a section: every « [À compléter : …] » (and computed
 * content not yet joined) its region of the document will print, by label, in order. The plan
 * prints exactly these markers and the pane's badge is derived from them: they cannot disagree.
 */
export function aCompleterSection(m: ModeleDocument, s: Section, r: ReponsesDocument, sources: SourcesJointes = {}): string[] {
  const champs = r.sections[s.id]?.champs ?? {};
  const out = s.texte ? variablesManquantes(s.texte.fr, m, r) : [];
  for (const c of s.champs) {
    const v = champs[c.id];
    if (champManquant(c, v)) out.push(c.libelle.fr);
    else if (Array.isArray(v)) {
      // Cells are printed through remplacerVariables, except dates.
      for (const l of v) for (const k of c.colonnes ?? []) if (k.type !== "date" && typeof l[k.id] === "string") out.push(...variablesManquantes(l[k.id] as string, m, r));
    } else if (c.type !== "date" && typeof v === "string") out.push(...variablesManquantes(v, m, r));
  }
  if (s.source && !sources[s.source]) out.push(LIBELLE_SOURCE[s.source]);
  return out;
}

/** The badge of a section, from `aCompleterSection`: « prête » only when the document has nothing to complete there. */
export function etatSection(m: ModeleDocument, s: Section, r: ReponsesDocument, sources: SourcesJointes = {}): EtatSection {
  const champs = r.sections[s.id]?.champs ?? {};
  const contenu = s.champs.some((c) => !vide(champs[c.id])) || (s.source !== undefined && sources[s.source] === true);
  if (!contenu) return "vide";
  return aCompleterSection(m, s, r, sources).length === 0 ? "prete" : "en-cours";
}

/**
 * The rule of the document's period (PE: five years at most, the last year not before the
 * first): the variable at fault and a French message, or null.
 */
export function erreurPeriode(m: ModeleDocument, variables: ReponsesDocument["variables"]): { variable: string; message: string } | null {
  const p = m.periode;
  if (!p) return null;
  const debut = variables[p.debut];
  const fin = variables[p.fin];
  if (typeof debut !== "number" || typeof fin !== "number") return null;
  if (fin < debut) return { variable: p.fin, message: `${fin} est avant la première année (${debut})` };
  const annees = fin - debut + 1;
  if (annees > p.anneesMax) {
    return { variable: p.fin, message: `de ${debut} à ${fin}, le projet couvrirait ${annees} ans ; il en couvre ${p.anneesMax} au plus : ${debut + p.anneesMax - 1} au plus tard` };
  }
  return null;
}

/** Replaces {{variable}} with its answer, or a visible placeholder. */
export function remplacerVariables(texte: string, m: ModeleDocument, r: ReponsesDocument): string {
  return texte.replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (_, id: string) => {
    const v = r.variables[id];
    if (!vide(v)) return typeof v === "number" ? formaterNombre(v) : String(v);
    return manquant(m.variables.find((x) => x.id === id)?.libelle.fr ?? id);
  });
}

function blocsChamp(c: Champ, v: ValeurChamp | undefined, m: ModeleDocument, r: ReponsesDocument): Bloc[] {
  // An optional field left empty is not printed: only required ones say « [À compléter] ».
  if (vide(v) && !champManquant(c, v)) return [];
  if (c.type === "texteLong") {
    const texte = typeof v === "string" || typeof v === "number" ? remplacerVariables(String(v), m, r) : null;
    return [
      { type: "titre", niveau: 3, texte: c.libelle.fr },
      ...(texte
        ? texte.split(/\n\s*\n/).map((p): Bloc => ({ type: "paragraphe", texte: p.trim() }))
        : [{ type: "paragraphe", texte: manquant(c.libelle.fr), style: "manquant" } as Bloc]),
    ];
  }
  if (c.type === "liste") {
    const lignes = Array.isArray(v) ? v.filter((l) => !ligneVide(l)) : [];
    const cols = c.colonnes!;
    return [
      { type: "titre", niveau: 3, texte: c.libelle.fr },
      lignes.length
        ? {
            type: "tableau",
            entetes: cols.map((k) => k.libelle.fr),
            lignes: lignes.map((l) => cols.map((k) => {
              const x = l[k.id];
              if (vide(x)) return "";
              return k.type === "date" && typeof x === "string" ? formaterDate(x) : typeof x === "number" ? formaterNombre(x) : remplacerVariables(String(x), m, r);
            })),
          }
        : { type: "paragraphe", texte: manquant(c.libelle.fr), style: "manquant" },
    ];
  }
  if (vide(v)) return [{ type: "paragraphe", libelle: c.libelle.fr, texte: manquant(c.libelle.fr), style: "manquant" }];
  const texte = c.type === "date" ? formaterDate(String(v)) : typeof v === "number" ? formaterNombre(v) : remplacerVariables(String(v), m, r);
  return [{ type: "paragraphe", libelle: c.libelle.fr, texte }];
}

const pourcent = (x: number) => `${Math.round(x * 100)} %`;
const note = (x: number | string | null) => (x === null ? "—" : typeof x === "string" ? x : x.toFixed(2).replace(".", ","));

function blocsEvaluation(e: EvaluationPourDocument): Bloc[] {
  const r = e.resultats;
  // The scale of the assessment; a `qualite score --json` file from an earlier version lacks it (1–4 then).
  const { min, max } = r.echelle ?? { min: 1, max: 4 };
  const blocs: Bloc[] = [
    { type: "titre", niveau: 2, texte: "Résultats de la dernière évaluation" },
    {
      type: "paragraphe",
      texte: `Référentiel ${r.referentiel.id} ${r.referentiel.version}${e.periode ? `, évaluation ${e.periode}` : ""} : score global ${note(r.global)} sur ${max}, ${r.evalues} critères notés sur ${r.total} (${pourcent(r.completion)} de complétion), ${r.nc} non concernés.`,
    },
    {
      type: "radar",
      titre: "Score par thématique",
      // Names, not codes, cut on two or three lines so the radar stays round.
      categories: r.thematiques.map((t) => couperLibelle(t.libelle, 22)),
      valeurs: r.thematiques.map((t) => t.score),
      nomSerie: e.etablissement || "Score",
      min,
      max,
    },
    {
      type: "tableau",
      entetes: ["Thématique", "Score", "Critères notés", "Complétion"],
      lignes: r.thematiques.map((t) => [`${t.id} ${t.libelle}`, note(t.score), `${t.evalues}/${t.total}`, pourcent(t.completion)]),
    },
    { type: "titre", niveau: 3, texte: "Critères impératifs non atteints" },
  ];
  const criteres = new Map(r.criteres.map((c) => [c.id, c]));
  blocs.push(
    r.imperatifsNonAtteints.length
      ? { type: "liste", elements: r.imperatifsNonAtteints.map((id) => `${id} (${note(criteres.get(id)!.score)}) — ${criteres.get(id)!.libelle}`) }
      : { type: "paragraphe", texte: "Aucun critère impératif non atteint." },
  );
  blocs.push(...blocsPlanAmelioration(e.paq ?? []));
  return blocs;
}

const LIBELLES_PRIORITE: Record<string, string> = {
  "1": "Priorité 1 : critères impératifs non atteints ou à trancher",
  "2": "Priorité 2 : critères sous le seuil ou en désaccord",
};

/** The improvement plan grouped by priority: criterion with its text, action, who, when, status. */
export function blocsPlanAmelioration(paq: Valeur[][]): Bloc[] {
  const [entete, ...lignes] = paq;
  if (!entete || !lignes.length) return [];
  const col = (h: string) => entete.findIndex((x) => String(x ?? "").trim() === h);
  const [iRef, iCritere, iPriorite, iAction, iResponsable, iEcheance, iStatut] = ["Réf.", "Critère", "Priorité", "Action", "Responsable", "Échéance", "Statut"].map(col);
  const lire = (l: Valeur[], i: number | undefined) => (i !== undefined && i >= 0 && l[i] !== null && l[i] !== undefined ? String(l[i]).trim() : "");
  const groupes = new Map<string, string[][]>();
  for (const l of lignes) {
    const ref = lire(l, iRef);
    const critere = lire(l, iCritere);
    if (!ref && !critere && !lire(l, iAction)) continue;
    const priorite = lire(l, iPriorite) || "—";
    const action = lire(l, iAction);
    const echeance = lire(l, iEcheance);
    const ligne = [[ref, critere].filter(Boolean).join(" "), action || "À\u00a0définir", lire(l, iResponsable), echeance ? formaterDate(echeance).replace(/ /g, "\u00a0") : "", lire(l, iStatut)];
    groupes.set(priorite, [...(groupes.get(priorite) ?? []), ligne]);
  }
  if (!groupes.size) return [];
  const ordre = [...groupes.keys()].sort((a, b) => (Number(a) || 99) - (Number(b) || 99));
  const total = [...groupes.values()].reduce((n, g) => n + g.length, 0);
  return [
    { type: "titre", niveau: 3, texte: "Plan d'amélioration" },
    {
      type: "paragraphe",
      texte: `${total} action${total > 1 ? "s" : ""} : ${ordre.map((p) => `${groupes.get(p)!.length} en priorité ${p}`).join(", ")}. « À définir » : l'action reste à rédiger dans la feuille « Plan d'amélioration » du classeur.`,
    },
    ...ordre.flatMap((p): Bloc[] => [
      { type: "paragraphe", texte: `${LIBELLES_PRIORITE[p] ?? `Priorité ${p}`} (${groupes.get(p)!.length})`, style: "intertitre" },
      { type: "tableau", entetes: ["Critère", "Action", "Responsable", "Échéance", "Statut"], lignes: groupes.get(p)! },
    ]),
  ];
}

/** "Projet 2026–2030", "2026", or nothing: the period the document covers. */
function periodeDocument(r: ReponsesDocument): string {
  const { debut, fin, annee } = r.variables;
  if (!vide(debut) && !vide(fin)) return `${debut}–${fin}`;
  if (!vide(annee)) return String(annee);
  return "";
}

function couverture(m: ModeleDocument, r: ReponsesDocument, av: string[]): { blocs: Bloc[]; enTete: string } {
  const variableNom = ["etablissement", "programme"].find((id) => m.variables.some((v) => v.id === id));
  const nom = variableNom ? r.variables[variableNom] : undefined;
  const blocs: Bloc[] = [];
  if (r.edition?.logo) {
    const logo = logoDepuisDataUrl(r.edition.logo);
    if ("bloc" in logo) blocs.push(logo.bloc);
    else av.push(`Logo : ${logo.erreur}`);
  }
  blocs.push({ type: "paragraphe", texte: m.titre.fr, style: "titreDocument" });
  if (variableNom) {
    blocs.push({ type: "paragraphe", texte: vide(nom) ? manquant(m.variables.find((v) => v.id === variableNom)!.libelle.fr) : String(nom), style: "sousTitreDocument" });
  }
  const periode = periodeDocument(r);
  if (periode) blocs.push({ type: "paragraphe", texte: periode, style: "sousTitreDocument" });
  const organisme = r.variables.organisme;
  if (!vide(organisme)) blocs.push({ type: "paragraphe", texte: String(organisme), style: "mentionDocument" });
  const lieu = [r.variables.ville, r.variables.region].filter((x) => !vide(x)).join(", ");
  if (lieu) blocs.push({ type: "paragraphe", texte: lieu, style: "mentionDocument" });
  const version = r.edition?.version ? `Version ${r.edition.version}` : "";
  const statut = r.edition?.valideLe ? `validée le ${formaterDate(r.edition.valideLe)}` : "projet soumis à validation";
  blocs.push({ type: "paragraphe", texte: version ? `${version} · ${statut}` : statut.charAt(0).toUpperCase() + statut.slice(1), style: "mentionDocument" });
  const direction = r.variables.direction;
  if (!vide(direction)) blocs.push({ type: "paragraphe", texte: `Direction : ${direction}`, style: "mentionDocument" });
  const enTete = [vide(nom) ? "" : String(nom), [m.titre.fr, periode].filter(Boolean).join(" ")].filter(Boolean).join(" · ");
  return { blocs, enTete };
}

export function planifierDocument(
  m: ModeleDocument,
  reponses: ReponsesDocument,
  evaluation?: EvaluationPourDocument | null,
  avertissementsLecture: string[] = [],
  consolidation?: Consolidation | null,
): DocumentPlan {
  const av = [...avertissementsLecture];
  const regions: Region[] = [];
  for (const s of m.sections) {
    if (!sectionActive(s, reponses)) continue;
    const champs = reponses.sections[s.id]?.champs ?? {};
    const blocs: Bloc[] = [{ type: "titre", niveau: s.niveau, texte: s.titre.fr }];
    if (s.texte) blocs.push({ type: "paragraphe", texte: remplacerVariables(s.texte.fr, m, reponses) });
    for (const c of s.champs) {
      if (c.obligatoire && vide(champs[c.id])) av.push(`Section « ${s.titre.fr} » : « ${c.libelle.fr} » reste à compléter.`);
      blocs.push(...blocsChamp(c, champs[c.id], m, reponses));
    }
    if (s.source === "consolidation") {
      if (consolidation) blocs.splice(s.texte ? 2 : 1, 0, ...blocsConsolidation(s.id, consolidation));
      else blocs.push({ type: "paragraphe", texte: "[Consolidation : lancez « qualite consolider » pour remplir cette section.]", style: "manquant" });
    }
    if (s.source === "evaluation") {
      if (evaluation) blocs.push(...blocsEvaluation(evaluation));
      else blocs.push({ type: "paragraphe", texte: `[${LIBELLE_SOURCE.evaluation} : joignez le classeur d'évaluation pour les insérer ici.]`, style: "manquant" });
    }
    regions.push({ tag: tagSection(m.id, s.id), sectionId: s.id, titre: s.titre.fr, blocs, manuel: reponses.sections[s.id]?.manuel === true });
  }
  const c = couverture(m, reponses, av);
  return {
    modele: { id: m.id, version: m.version },
    titre: m.titre.fr,
    couverture: c.blocs,
    enTete: c.enTete,
    sommaire: true,
    regions,
    avertissements: av,
  };
}
