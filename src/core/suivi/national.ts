/**
 * National follow-up: the follow-up workbooks of several establishments read together.
 * Per establishment × indicator: latest value, its semester, progress and status; per indicator:
 * the national sum at the national semester where values may be added (same unit, additive in
 * every establishment); national counts of actions done and late. Also the « Suivi national »
 * sheet, the capitalisation report's section and the tidy long table (CSV) for BI tools.
 */
import type { Consolidation } from "../consolidation";
import type { Bloc, Region } from "../pe/document";
import { hauteursAjustees, type ColonnePlan, type FeuillePlan, type ValeurPlan, type WorkbookPlan } from "../workbook-plan";
import { actionEnRetard, actionFaite, etatIndicateur, indexSemestre, progressionBornee, semestreDIndex, type StatutIndicateur } from "./calculs";
import type { Suivi } from "./modele";

export const FEUILLE_SUIVI_NATIONAL = "Suivi national";

export interface SourceSuivi {
  fichier: string;
  suivi: Suivi;
}

export interface LigneIndicateurNational {
  etablissement: string;
  id: string;
  libelle: string;
  unite: string;
  valeur: number | null;
  periodeValeur: string | null;
  progression: number | null;
  statut: StatutIndicateur;
}

export interface IndicateurNational {
  id: string;
  libelle: string;
  unite: string;
  /** Values may be added: every establishment says so, with the same unit. */
  additif: boolean;
  /** Sum of the values typed for the national semester (null when they may not be added, or none). */
  somme: number | null;
  /** Establishments whose value for the national semester is in the sum, and those without one. */
  declarants: number;
  manquants: number;
  /** Mean of the progress (kept between 0 and 100 %) of the establishments that have one. */
  progressionMoyenne: number | null;
  statuts: Partial<Record<StatutIndicateur, number>>;
}

export interface SuiviNational {
  /** The latest semester holding a value in any follow-up: where sums and lateness are read. */
  periode: string;
  etablissements: { etablissement: string; fichier: string; actions: { total: number; faites: number; enRetard: number } }[];
  lignes: LigneIndicateurNational[];
  indicateurs: IndicateurNational[];
  actions: { total: number; faites: number; enRetard: number };
  /** Every semester value: establishment × indicator × semester (the tidy table's rows). */
  valeurs: { etablissement: string; id: string; periode: string; valeur: number }[];
}

/** The national semester: the latest one holding a value, else `defaut`. */
export function semestreNational(sources: SourceSuivi[], defaut: string): string {
  const ks = sources.flatMap((s) => s.suivi.indicateurs.flatMap((i) => Object.keys(i.valeurs).map(indexSemestre))).filter((k): k is number => k !== null);
  return ks.length ? semestreDIndex(Math.max(...ks)) : defaut;
}

export function consoliderSuivis(sources: SourceSuivi[], o: { defaut: string; nom?: (etablissement: string, fichier: string) => string }): SuiviNational {
  const periode = semestreNational(sources, o.defaut);
  const nom = (s: SourceSuivi) => (o.nom ? o.nom(s.suivi.etablissement, s.fichier) : s.suivi.etablissement || s.fichier);
  const etablissements = sources.map((s) => ({
    etablissement: nom(s),
    fichier: s.fichier,
    actions: { total: s.suivi.actions.length, faites: s.suivi.actions.filter(actionFaite).length, enRetard: s.suivi.actions.filter((a) => actionEnRetard(a, periode)).length },
  }));
  const lignes: LigneIndicateurNational[] = [];
  const valeurs: SuiviNational["valeurs"] = [];
  sources.forEach((s, k) => {
    const e = etablissements[k]!.etablissement;
    for (const i of s.suivi.indicateurs) {
      const et = etatIndicateur(i, periode);
      lignes.push({ etablissement: e, id: i.id, libelle: i.libelle, unite: i.unite, valeur: et.valeur, periodeValeur: et.periodeValeur, progression: et.progression, statut: et.statut });
      for (const [p, v] of Object.entries(i.valeurs).sort(([a], [b]) => a.localeCompare(b))) valeurs.push({ etablissement: e, id: i.id, periode: p, valeur: v });
    }
  });
  const ids = [...new Set(sources.flatMap((s) => s.suivi.indicateurs.map((i) => i.id)))];
  const indicateurs: IndicateurNational[] = ids.map((id) => {
    const defs = sources.flatMap((s) => s.suivi.indicateurs.filter((i) => i.id === id && !i.abandonne));
    const tous = sources.flatMap((s) => s.suivi.indicateurs.filter((i) => i.id === id));
    const additif = defs.length > 0 && defs.every((i) => i.additif && i.unite === defs[0]!.unite);
    const auSemestre = defs.map((i) => i.valeurs[periode]).filter((v): v is number => v !== undefined);
    const progressions = defs.map((i) => etatIndicateur(i, periode).progression).filter((p): p is number => p !== null).map(progressionBornee);
    const statuts: Partial<Record<StatutIndicateur, number>> = {};
    for (const i of tous) {
      const st = etatIndicateur(i, periode).statut;
      statuts[st] = (statuts[st] ?? 0) + 1;
    }
    return {
      id,
      libelle: tous[0]!.libelle,
      unite: tous[0]!.unite,
      additif,
      somme: additif && auSemestre.length ? auSemestre.reduce((a, b) => a + b, 0) : null,
      declarants: auSemestre.length,
      manquants: defs.length - auSemestre.length,
      progressionMoyenne: progressions.length ? progressions.reduce((a, b) => a + b, 0) / progressions.length : null,
      statuts,
    };
  });
  const somme = (k: "total" | "faites" | "enRetard") => etablissements.reduce((n, e) => n + e.actions[k], 0);
  return { periode, etablissements, lignes, indicateurs, actions: { total: somme("total"), faites: somme("faites"), enRetard: somme("enRetard") }, valeurs };
}

// ─── The sheet ───────────────────────────────────────────────────────────────────────────────

const COLONNES: ColonnePlan[] = [
  { key: "a", entete: "Établissement", largeur: 28, verrouillee: true, retourALaLigne: true },
  { key: "b", entete: "Id", largeur: 11, verrouillee: true },
  { key: "c", entete: "Indicateur", largeur: 44, verrouillee: true, retourALaLigne: true },
  { key: "d", entete: "Unité", largeur: 12, verrouillee: true },
  { key: "e", entete: "Valeur", largeur: 10, verrouillee: true },
  { key: "f", entete: "Semestre", largeur: 10, verrouillee: true },
  { key: "g", entete: "Progression", largeur: 11, verrouillee: true },
  { key: "h", entete: "Statut", largeur: 14, verrouillee: true },
];

export function planSuiviNational(n: SuiviNational): WorkbookPlan {
  const L: ValeurPlan[][] = [COLONNES.map((c) => c.entete)];
  const gras: number[] = [];
  const pourcents: number[] = [];
  const titre = (t: string, entetes: string[]) => {
    L.push([]);
    L.push([t]);
    gras.push(L.length);
    L.push(entetes);
    gras.push(L.length);
  };
  // Header row: per establishment × indicator.
  for (const l of n.lignes) {
    L.push([l.etablissement, l.id, l.libelle, l.unite, l.valeur, l.periodeValeur, l.progression, l.statut]);
    pourcents.push(L.length);
  }
  titre(`Totaux nationaux au semestre ${n.periode}`, ["Indicateur", "Id", "Libellé", "Unité", "Somme", "Déclarants", "Progression moyenne", "Sans valeur"]);
  for (const i of n.indicateurs) {
    L.push([i.additif ? "additionnable" : "non additionnable", i.id, i.libelle, i.unite, i.somme, i.declarants, i.progressionMoyenne, i.manquants]);
    pourcents.push(L.length);
  }
  titre(`Actions au semestre ${n.periode}`, ["Établissement", "", "", "", "Total", "Faites", "En retard", ""]);
  for (const e of n.etablissements) L.push([e.etablissement, null, null, null, e.actions.total, e.actions.faites, e.actions.enRetard, null]);
  L.push(["Ensemble", null, null, null, n.actions.total, n.actions.faites, n.actions.enRetard, null]);
  gras.push(L.length);
  const largeur = COLONNES.length;
  const lignes = L.map((l) => [...l, ...Array<ValeurPlan>(largeur).fill(null)].slice(0, largeur));
  const feuille: FeuillePlan = {
    nom: FEUILLE_SUIVI_NATIONAL,
    visibilite: "visible",
    colonnes: COLONNES,
    lignes,
    validations: [],
    misesEnForme: [],
    figer: { lignes: 1, colonnes: 1 },
    lignesGras: gras,
    formats: pourcents.map((r) => ({ plage: `G${r}`, format: "0%" })),
    hauteurs: hauteursAjustees(COLONNES, lignes, { grasLignes: gras }),
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { droite: "Suivi national des projets d'établissement" }, numeroPage: true },
  };
  return { supprimer: [FEUILLE_SUIVI_NATIONAL], feuilles: [feuille] };
}

// ─── The capitalisation report's section ─────────────────────────────────────────────────────

const nombre = (x: number | null) => (x === null ? "—" : (Number.isInteger(x) ? String(x) : x.toFixed(2)).replace(".", ","));
const pourcent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);

export function regionSuiviNational(n: SuiviNational, modele = "capitalisation"): Region {
  const blocs: Bloc[] = [
    { type: "titre", niveau: 1, texte: "Suivi des projets d'établissement" },
    {
      type: "paragraphe",
      texte: `${n.etablissements.length} classeurs de suivi lus ; valeurs au semestre ${n.periode}. Actions : ${n.actions.faites} faites sur ${n.actions.total}, ${n.actions.enRetard} en retard. Les sommes ne portent que sur les indicateurs additionnables (même unité, comptes de personnes ou d'événements) et sur les valeurs saisies pour ce semestre.`,
    },
    {
      type: "tableau",
      entetes: ["Indicateur", "Unité", "Somme nationale", "Déclarants", "Progression moyenne"],
      lignes: n.indicateurs.map((i) => [i.libelle, i.unite, i.additif ? nombre(i.somme) : "non additionnable", `${i.declarants} / ${i.declarants + i.manquants}`, pourcent(i.progressionMoyenne)]),
    },
    { type: "titre", niveau: 2, texte: "Actions par établissement" },
    { type: "tableau", entetes: ["Établissement", "Actions", "Faites", "En retard"], lignes: [...n.etablissements.map((e) => [e.etablissement, String(e.actions.total), String(e.actions.faites), String(e.actions.enRetard)]), ["Ensemble", String(n.actions.total), String(n.actions.faites), String(n.actions.enRetard)]] },
  ];
  return { tag: `qe:${modele}:suivi-national`, sectionId: "suivi-national", titre: "Suivi des projets d'établissement", blocs, manuel: false };
}

// ─── Tidy long table ─────────────────────────────────────────────────────────────────────────

/** The columns of the tidy table, in order. */
export const COLONNES_CSV = ["etablissement", "periode", "niveau", "id", "valeur"] as const;
export const ETABLISSEMENT_NATIONAL = "National";
export type LigneCsv = [string, string, string, string, number];

/**
 * One row per figure: assessment scores (global, chapitre, thematique, objectif) per
 * establishment and campaign; follow-up values (indicateur) per establishment and semester,
 * progress (progression, a ratio) and action counts (actions) at the national semester; national
 * sums (somme-indicateur, actions) under the establishment « National ».
 */
export function lignesCsv(c: Consolidation | null, n: SuiviNational | null): LigneCsv[] {
  const out: LigneCsv[] = [];
  for (const e of c?.etablissements ?? []) {
    const r = e.resultats;
    if (r.global !== null) out.push([e.etablissement, e.periode, "global", "global", r.global]);
    for (const [niveau, liste] of [["chapitre", r.chapitres], ["thematique", r.thematiques], ["objectif", r.objectifs]] as const) for (const x of liste) if (x.score !== null) out.push([e.etablissement, e.periode, niveau, x.id, x.score]);
  }
  if (n) {
    for (const v of n.valeurs) out.push([v.etablissement, v.periode, "indicateur", v.id, v.valeur]);
    for (const l of n.lignes) if (l.progression !== null) out.push([l.etablissement, n.periode, "progression", l.id, l.progression]);
    for (const e of n.etablissements) for (const k of ["total", "faites", "enRetard"] as const) out.push([e.etablissement, n.periode, "actions", k === "enRetard" ? "en-retard" : k, e.actions[k]]);
    for (const i of n.indicateurs) if (i.somme !== null) out.push([ETABLISSEMENT_NATIONAL, n.periode, "somme-indicateur", i.id, i.somme]);
    for (const k of ["total", "faites", "enRetard"] as const) out.push([ETABLISSEMENT_NATIONAL, n.periode, "actions", k === "enRetard" ? "en-retard" : k, n.actions[k]]);
  }
  return out;
}

/** The labels of every (niveau, id) of the tidy table: the second CSV, to join on. */
export function libellesCsv(c: Consolidation | null, n: SuiviNational | null): [string, string, string, string][] {
  const out = new Map<string, [string, string, string, string]>();
  const mettre = (niveau: string, id: string, libelle: string, unite = "") => out.set(`${niveau}\u0000${id}`, [niveau, id, libelle, unite]);
  if (c) {
    mettre("global", "global", "Score global", "note");
    for (const x of c.chapitres) mettre("chapitre", x.id, x.libelle, "note");
    for (const x of c.thematiques) mettre("thematique", x.id, x.libelle, "note");
    for (const x of c.objectifs) mettre("objectif", x.id, x.libelle, "note");
  }
  if (n) {
    for (const i of n.indicateurs) {
      mettre("indicateur", i.id, i.libelle, i.unite);
      mettre("progression", i.id, `Progression vers la cible : ${i.libelle}`, "ratio");
      if (i.somme !== null) mettre("somme-indicateur", i.id, `Somme nationale : ${i.libelle}`, i.unite);
    }
    mettre("actions", "total", "Actions au total", "actions");
    mettre("actions", "faites", "Actions faites", "actions");
    mettre("actions", "en-retard", "Actions en retard", "actions");
  }
  return [...out.values()];
}

/** RFC 4180 CSV, comma-separated, « . » as decimal mark, UTF-8 with a BOM (Excel reads the accents). */
export function enCsv(entetes: readonly string[], lignes: readonly (readonly (string | number)[])[]): string {
  const champ = (v: string | number) => {
    const t = typeof v === "number" ? String(v) : v;
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return "\uFEFF" + [entetes, ...lignes].map((l) => l.map(champ).join(",")).join("\r\n") + "\r\n";
}
