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

export type Bloc =
  | { type: "titre"; niveau: 1 | 2 | 3; texte: string }
  | { type: "paragraphe"; texte: string; libelle?: string; style?: "normal" | "manquant" | "titreDocument" | "sousTitreDocument" }
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
  couverture: Bloc[];
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

export interface ReponsesDocument {
  modele: string;
  version?: string;
  variables: Record<string, string | number | null>;
  sections: Record<string, ReponsesSection>;
}

export type EtatSection = "vide" | "en-cours" | "fait";

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

const vide = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
const manquant = (libelle: string) => `[À compléter : ${libelle}]`;

function formaterNombre(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(".", ",");
}

function formaterDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : v;
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
      av.push(`variables.${k} : variable inconnue du modèle ${m.id} : ignorée`);
      continue;
    }
    if (vide(v)) continue;
    const erreur = erreurType(def, v);
    if (erreur) {
      av.push(`variables.${k} : ${erreur}`);
      continue;
    }
    variables[k] = def.type === "nombre" ? Number(String(v).trim().replace(",", ".")) : (v as string);
  }
  for (const v of m.variables) if (v.obligatoire && vide(variables[v.id])) av.push(`variables.${v.id} : « ${v.libelle.fr} » est obligatoire`);

  const sections: ReponsesDocument["sections"] = {};
  const parId = new Map(m.sections.map((s) => [s.id, s]));
  for (const [sid, rs] of Object.entries(brut.sections ?? {})) {
    const s = parId.get(sid);
    if (!s) {
      av.push(`sections.${sid} : section inconnue du modèle ${m.id} : ignorée`);
      continue;
    }
    const champs: Record<string, ValeurChamp> = {};
    const defs = new Map(s.champs.map((c) => [c.id, c]));
    for (const [cid, v] of Object.entries(rs?.champs ?? {})) {
      const c = defs.get(cid);
      const chemin = `sections.${sid}.champs.${cid}`;
      if (!c) {
        av.push(`${chemin} : champ inconnu : ignoré`);
        continue;
      }
      if (vide(v)) continue;
      const erreur = erreurType(c, v);
      if (erreur) av.push(`${chemin} : ${erreur}`);
      else champs[cid] = c.type === "nombre" ? Number(String(v).trim().replace(",", ".")) : (v as ValeurChamp);
    }
    sections[sid] = { champs, ...(rs?.manuel ? { manuel: true } : {}) };
  }
  return { reponses: { modele: m.id, version: m.version, variables, sections }, avertissements: av };
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

export function etatSection(s: Section, r: ReponsesDocument): EtatSection {
  const champs = r.sections[s.id]?.champs ?? {};
  const remplis = s.champs.filter((c) => !vide(champs[c.id]));
  if (remplis.length === 0) return "vide";
  return s.champs.filter((c) => c.obligatoire).every((c) => !vide(champs[c.id])) ? "fait" : "en-cours";
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
    const lignes = Array.isArray(v) ? v : [];
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
const note = (x: number | "NC" | null) => (x === null ? "—" : x === "NC" ? "NC" : x.toFixed(2).replace(".", ","));

function blocsEvaluation(e: EvaluationPourDocument): Bloc[] {
  const r = e.resultats;
  const blocs: Bloc[] = [
    { type: "titre", niveau: 2, texte: "Résultats de la dernière évaluation" },
    {
      type: "paragraphe",
      texte: `Référentiel ${r.referentiel.id} ${r.referentiel.version}${e.periode ? `, évaluation ${e.periode}` : ""} : score global ${note(r.global)} sur 4, ${r.evalues} critères notés sur ${r.total} (${pourcent(r.completion)} de complétion), ${r.nc} non concernés.`,
    },
    {
      type: "radar",
      titre: "Score par thématique",
      categories: r.thematiques.map((t) => t.id),
      valeurs: r.thematiques.map((t) => t.score),
      nomSerie: e.etablissement || "Score",
      min: 1,
      max: 4,
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
  const [entete, ...lignes] = e.paq ?? [];
  if (entete && lignes.length) {
    const garder = ["Réf.", "Action", "Responsable", "Échéance", "Statut"];
    const index = garder.map((h) => entete.findIndex((x) => String(x ?? "") === h));
    blocs.push(
      { type: "titre", niveau: 3, texte: "Plan d'amélioration" },
      { type: "tableau", entetes: garder, lignes: lignes.map((l) => index.map((i) => (i >= 0 && l[i] !== null && l[i] !== undefined ? String(l[i]) : ""))) },
    );
  }
  return blocs;
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
      else blocs.push({ type: "paragraphe", texte: "[Résultats d'évaluation : joignez le classeur d'évaluation pour les insérer ici.]", style: "manquant" });
    }
    regions.push({ tag: tagSection(m.id, s.id), sectionId: s.id, titre: s.titre.fr, blocs, manuel: reponses.sections[s.id]?.manuel === true });
  }
  const variableNom = ["etablissement", "programme", "organisme"].find((id) => m.variables.some((v) => v.id === id));
  const nom = variableNom ? reponses.variables[variableNom] : undefined;
  return {
    modele: { id: m.id, version: m.version },
    titre: m.titre.fr,
    couverture: [
      { type: "paragraphe", texte: m.titre.fr, style: "titreDocument" },
      ...(variableNom ? [{ type: "paragraphe" as const, texte: vide(nom) ? manquant(m.variables.find((v) => v.id === variableNom)!.libelle.fr) : String(nom), style: "sousTitreDocument" as const }] : []),
      ...(reponses.variables.debut && reponses.variables.fin ? [{ type: "paragraphe" as const, texte: `${reponses.variables.debut} – ${reponses.variables.fin}`, style: "sousTitreDocument" as const }] : []),
    ],
    sommaire: true,
    regions,
    avertissements: av,
  };
}
