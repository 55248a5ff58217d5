/**
 * Builds the follow-up of an establishment from its PE answers (section « Objectifs »), the
 * improvement plan of its assessment workbook and an indicator set; merges it into an existing
 * follow-up without losing anything typed there.
 */
import type { ReponsesDocument } from "../pe/document";
import type { Resultats } from "../scores";
import type { Valeur } from "../workbook-plan";
import { STATUTS_ACTION, ORIGINES_ACTION, type Action, type Campagne, type Indicateur, type JeuIndicateurs, type Objectif, type StatutAction, type Suivi } from "./modele";

export const OBJECTIF_GENERAL: Objectif = { id: "OG", libelle: "Suivi général du projet d'établissement", echeance: null, responsable: "Direction" };
export const OBJECTIF_QUALITE: Objectif = { id: "OQ", libelle: "Démarche qualité : actions du plan d'amélioration", echeance: null, responsable: "Référent qualité" };

const texte = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim());
/** Lower case, without accents or punctuation: « Projet personnalisé » → « projet personnalise ». */
export function normaliser(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase("fr")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The objective whose words hold most of the indicator's key words (null: none holds any). */
export function objectifPourIndicateur(motsCles: string[], objectifs: { id: string; texte: string }[]): string | null {
  let meilleur: { id: string; n: number } | null = null;
  for (const o of objectifs) {
    const t = ` ${normaliser(o.texte)} `;
    const n = motsCles.filter((m) => t.includes(` ${normaliser(m)} `)).length;
    if (n > 0 && (!meilleur || n > meilleur.n)) meilleur = { id: o.id, n };
  }
  return meilleur?.id ?? null;
}

/** PE objectives: rows of the « objectifs-liste » table. */
function objectifsDuPe(r: ReponsesDocument): { objectif: Objectif; actions: string[]; indicateur: string }[] {
  const lignes = r.sections["objectifs"]?.champs?.["objectifs-liste"];
  if (!Array.isArray(lignes)) return [];
  return lignes
    .filter((l) => texte(l["objectif"]))
    .map((l, i) => {
      const echeance = Number(l["echeance"]);
      return {
        objectif: { id: `O${i + 1}`, libelle: texte(l["objectif"]), echeance: Number.isInteger(echeance) && echeance > 1900 ? echeance : null, responsable: texte(l["responsable"]) },
        actions: texte(l["actions"])
          .split(/[;\n•]+/)
          .map((a) => a.trim())
          .filter(Boolean),
        indicateur: texte(l["indicateur"]),
      };
    });
}

/** ISO date from what a PAQ's « Échéance » may hold (« 2026-05-25 », « 25/05/2026 »), else null. */
export function dateIso(v: Valeur | undefined): string | null {
  // A serial date (Office.js gives date cells as numbers; a cell may also lack its date format).
  if (typeof v === "number" && v > 20_000 && v < 80_000) return new Date(Math.round((v - 25_569) * 86_400_000)).toISOString().slice(0, 10);
  const t = texte(v);
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return null;
}

export function statutAction(v: Valeur | undefined): StatutAction {
  const t = texte(v);
  return (STATUTS_ACTION as readonly string[]).includes(t) ? (t as StatutAction) : "À faire";
}

/** Actions of the improvement plan (its sheet's values, header row first). */
export function actionsDuPaq(paq: Valeur[][] | null): Action[] {
  if (!paq || paq.length < 2) return [];
  const entete = paq[0]!.map(texte);
  const col = (nom: string) => entete.indexOf(nom);
  const [iRef, iCrit, iAction, iResp, iEch, iStatut] = ["Réf.", "Critère", "Action", "Responsable", "Échéance", "Statut"].map(col);
  const vus = new Set<string>();
  const out: Action[] = [];
  for (const l of paq.slice(1)) {
    const ref = texte(l[iRef!]);
    if (!ref) continue;
    let id = `PAQ-${ref}`;
    for (let n = 2; vus.has(id); n++) id = `PAQ-${ref}-${n}`;
    vus.add(id);
    const action = texte(l[iAction!]);
    out.push({
      id,
      objectif: OBJECTIF_QUALITE.id,
      libelle: action || `Action à définir pour le critère ${ref} : ${texte(l[iCrit!])}`,
      origine: ORIGINES_ACTION.paq,
      criteres: [ref],
      responsable: texte(l[iResp!]),
      echeance: dateIso(l[iEch!]),
      statut: statutAction(l[iStatut!]),
      cloture: null,
      motif: "",
    });
  }
  return out;
}

/** The assessment's scores, kept as a campaign. */
export function campagneDesResultats(r: Resultats, periode: string, libelle = ""): Campagne {
  return {
    periode,
    libelle,
    global: r.global,
    criteres: r.criteres.map((c) => ({ id: c.id, libelle: c.libelle, score: typeof c.score === "number" ? c.score : null })),
  };
}

export interface SourcesSuivi {
  reponses: ReponsesDocument;
  jeu: JeuIndicateurs;
  /** The improvement plan's values (header first), if the assessment has one. */
  paq: Valeur[][] | null;
  campagne: Campagne | null;
}

/** A new follow-up from the PE, the improvement plan and the indicator set. */
export function construireSuivi(src: SourcesSuivi): Suivi {
  const v = src.reponses.variables;
  const debut = Number.isInteger(Number(v["debut"])) && Number(v["debut"]) > 1900 ? Number(v["debut"]) : new Date().getFullYear();
  const finLue = Number(v["fin"]);
  const fin = Number.isInteger(finLue) && finLue >= debut ? finLue : debut + 4;
  const pe = objectifsDuPe(src.reponses);
  const objectifs = pe.map((p) => p.objectif);
  const actions: Action[] = pe.flatMap((p) =>
    p.actions.map((libelle, k) => ({ id: `${p.objectif.id}-A${k + 1}`, objectif: p.objectif.id, libelle, origine: ORIGINES_ACTION.pe, criteres: [], responsable: p.objectif.responsable, echeance: p.objectif.echeance ? `${p.objectif.echeance}-12-31` : null, statut: "À faire" as const, cloture: null, motif: "" })),
  );
  const paq = actionsDuPaq(src.paq);
  actions.push(...paq);
  const base = `${debut - 1}-S2`;
  const cibleDe = (o: string) => `${objectifs.find((x) => x.id === o)?.echeance ?? fin}-S2`;
  const textes = pe.map((p) => ({ id: p.objectif.id, texte: [p.objectif.libelle, ...p.actions, p.indicateur].join(" ") }));
  const indicateurs: Indicateur[] = src.jeu.indicateurs.map((i) => {
    const objectif = objectifPourIndicateur(i.motsCles, textes) ?? OBJECTIF_GENERAL.id;
    return {
      id: i.id,
      objectif,
      libelle: i.libelle.fr,
      libelleAr: i.libelle.ar,
      unite: i.unite,
      sens: i.sens,
      additif: i.additif,
      base: { valeur: i.base ?? null, periode: base },
      cible: { valeur: i.cible ?? null, periode: cibleDe(objectif) },
      source: i.source,
      frequence: i.frequence,
      responsable: i.responsable,
      abandonne: false,
      valeurs: {},
    };
  });
  // A PE objective no shipped indicator measures gets the indicator its team wrote.
  for (const p of pe) {
    if (indicateurs.some((i) => i.objectif === p.objectif.id)) continue;
    indicateurs.push({
      id: `${p.objectif.id}-I1`,
      objectif: p.objectif.id,
      libelle: p.indicateur || `Indicateur de l'objectif « ${p.objectif.libelle} » (à préciser)`,
      libelleAr: "",
      unite: "à préciser",
      sens: "hausse",
      additif: false,
      base: { valeur: null, periode: base },
      cible: { valeur: null, periode: cibleDe(p.objectif.id) },
      source: "à préciser",
      frequence: "semestrielle",
      responsable: p.objectif.responsable,
      abandonne: false,
      valeurs: {},
    });
  }
  if (indicateurs.some((i) => i.objectif === OBJECTIF_GENERAL.id)) objectifs.push(OBJECTIF_GENERAL);
  if (paq.length) objectifs.push(OBJECTIF_QUALITE);
  return {
    etablissement: texte(v["etablissement"]),
    debut,
    fin,
    objectifs,
    actions,
    indicateurs,
    campagnes: src.campagne ? [src.campagne] : [],
  };
}

/**
 * Regeneration: every row already in the workbook (indicator, action, campaign) is kept as it
 * was typed, hand-written rows included; what the sources bring that is new is added. The
 * objectives come from the PE, plus any old one a kept row still points to.
 */
export function fusionnerSuivi(nouveau: Suivi, existant: Suivi | null): Suivi {
  if (!existant) return nouveau;
  const fusion = <T extends { id: string }>(anciens: T[], neufs: T[]) => [...anciens, ...neufs.filter((n) => !anciens.some((a) => a.id === n.id))];
  const indicateurs = fusion(existant.indicateurs, nouveau.indicateurs);
  const actions = fusion(existant.actions, nouveau.actions);
  const objectifs = [...nouveau.objectifs];
  for (const id of new Set([...indicateurs.map((i) => i.objectif), ...actions.map((a) => a.objectif)])) {
    if (objectifs.some((o) => o.id === id)) continue;
    const ancien = existant.objectifs.find((o) => o.id === id) ?? [OBJECTIF_GENERAL, OBJECTIF_QUALITE].find((o) => o.id === id);
    if (ancien) objectifs.push(ancien);
  }
  const campagnes = [...existant.campagnes.filter((c) => !nouveau.campagnes.some((n) => n.periode === c.periode)), ...nouveau.campagnes];
  return {
    etablissement: nouveau.etablissement || existant.etablissement,
    debut: Math.min(nouveau.debut, existant.debut),
    fin: Math.max(nouveau.fin, existant.fin),
    objectifs,
    actions,
    indicateurs,
    campagnes,
  };
}
