/**
 * The follow-up workbook as a WorkbookPlan, and the follow-up read back from its values.
 * Sheets: « Objectifs et actions », « Indicateurs » (one column per semester), « Tableau de
 * bord » (live formulas: the same rules as calculs.ts) and a very hidden identity sheet that
 * also keeps the objectives and the assessment campaigns.
 */
import { FEUILLE_META_SUIVI } from "../metadata";
import { ErreurUtilisateur } from "../referential";
import { hauteursAjustees, lettreColonne, type ColonnePlan, type FeuillePlan, type GraphiquePlan, type MiseEnFormeConditionnellePlan, type Valeur, type ValeurPlan, type WorkbookPlan } from "../workbook-plan";
import { indexSemestre, semestreDIndex, semestresDuProjet, STATUTS_INDICATEUR, TOLERANCE_POINTS, type StatutIndicateur } from "./calculs";
import { dateIso, statutAction } from "./construction";
import { FREQUENCES, ORIGINES_ACTION, SENS, STATUTS_ACTION, type Action, type Campagne, type Indicateur, type Objectif, type OrigineAction, type Suivi } from "./modele";

export const FEUILLE_ACTIONS = "Objectifs et actions";
export const FEUILLE_INDICATEURS = "Indicateurs";
export const FEUILLE_TDB = "Tableau de bord";
export { FEUILLE_META_SUIVI };
export const SIGNATURE_SUIVI = "qualite-eps-suivi";
export const FEUILLES_SUIVI = [FEUILLE_TDB, FEUILLE_ACTIONS, FEUILLE_INDICATEURS, FEUILLE_META_SUIVI];
/** The semester followed: the dashboard's cell every formula reads. */
export const CELLULE_PERIODE = "B3";
const REF_PERIODE = `'${FEUILLE_TDB}'!$B$3`;
const REF_FIN_PERIODE = `'${FEUILLE_TDB}'!$B$4`;

export const COULEURS_STATUT: Record<StatutIndicateur, { fond: string; police?: string }> = {
  "en avance": { fond: "#BFE3DF", police: "#0F766E" },
  "dans les temps": { fond: "#E2F0D9", police: "#3A6B1E" },
  "en retard": { fond: "#F8CBAD", police: "#9C2A00" },
  atteint: { fond: "#A9D08E", police: "#1E4D0F" },
  abandonné: { fond: "#D9D9D9", police: "#595959" },
  "non renseigné": { fond: "#FFFFFF" },
};

// ─── Columns ─────────────────────────────────────────────────────────────────────────────────

const COLONNES_ACTIONS: ColonnePlan[] = [
  { key: "id", entete: "Id", largeur: 11, verrouillee: false, format: "@" },
  { key: "objectif", entete: "Objectif", largeur: 9, verrouillee: false, format: "@" },
  { key: "objectifLibelle", entete: "Intitulé de l'objectif", largeur: 30, verrouillee: true, retourALaLigne: true, format: "@" },
  { key: "action", entete: "Action", largeur: 42, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "origine", entete: "Origine", largeur: 16, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "criteres", entete: "Critères visés", largeur: 12, verrouillee: false, format: "@" },
  { key: "responsable", entete: "Responsable", largeur: 18, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "echeance", entete: "Échéance", largeur: 13, verrouillee: false, format: "dd/mm/yyyy" },
  { key: "statut", entete: "Statut", largeur: 11, verrouillee: false, format: "@" },
  { key: "cloture", entete: "Clôturée le", largeur: 13, verrouillee: false, format: "dd/mm/yyyy" },
  { key: "motif", entete: "Motif du retard, commentaire", largeur: 32, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "retard", entete: "En retard", largeur: 9, verrouillee: true },
];

const COLONNES_FIXES_INDICATEURS: ColonnePlan[] = [
  { key: "id", entete: "Id", largeur: 11, verrouillee: false, format: "@" },
  { key: "objectif", entete: "Objectif", largeur: 9, verrouillee: false, format: "@" },
  { key: "libelle", entete: "Indicateur", largeur: 40, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "libelleAr", entete: "المؤشر", largeur: 30, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "unite", entete: "Unité", largeur: 11, verrouillee: false, format: "@" },
  { key: "sens", entete: "Sens", largeur: 8, verrouillee: false, format: "@" },
  { key: "additif", entete: "Additif", largeur: 8, verrouillee: false, format: "@" },
  { key: "base", entete: "Base", largeur: 8, verrouillee: false },
  { key: "semestreBase", entete: "Semestre de base", largeur: 10, verrouillee: false, format: "@" },
  { key: "cible", entete: "Cible", largeur: 8, verrouillee: false },
  { key: "semestreCible", entete: "Semestre cible", largeur: 10, verrouillee: false, format: "@" },
  { key: "source", entete: "Source de vérification", largeur: 30, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "frequence", entete: "Fréquence", largeur: 12, verrouillee: false, format: "@" },
  { key: "responsable", entete: "Responsable", largeur: 18, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "abandonne", entete: "Abandonné", largeur: 10, verrouillee: false, format: "@" },
  { key: "position", entete: "Rang du semestre de la valeur", largeur: 8, verrouillee: true, masquee: true },
  { key: "derniere", entete: "Dernière valeur", largeur: 10, verrouillee: true },
  { key: "semestreValeur", entete: "Semestre de la valeur", largeur: 10, verrouillee: true },
  { key: "progression", entete: "Progression", largeur: 11, verrouillee: true, format: "0%" },
  { key: "attendue", entete: "Progression attendue", largeur: 11, verrouillee: true, format: "0%" },
  { key: "bornee", entete: "Progression bornée", largeur: 11, verrouillee: true, format: "0%", masquee: true },
  { key: "statut", entete: "Statut", largeur: 14, verrouillee: true },
];
const COL = Object.fromEntries(COLONNES_FIXES_INDICATEURS.map((c, i) => [c.key, lettreColonne(i)])) as Record<string, string>;
const COL_A = Object.fromEntries(COLONNES_ACTIONS.map((c, i) => [c.key, lettreColonne(i)])) as Record<string, string>;
/** First semester column of « Indicateurs ». */
export const PREMIERE_COLONNE_PERIODE = COLONNES_FIXES_INDICATEURS.length;

const OUI = "oui";
const NON = "non";

/** ISO date → Excel serial (1900 system). */
export function serieDate(iso: string): number {
  const [a, m, j] = iso.split("-").map(Number);
  return Date.UTC(a!, m! - 1, j!) / 86_400_000 + 25_569;
}

/** The semesters of the workbook: the PE's, widened to every semester holding a value or a milestone. */
export function semestresDuSuivi(s: Suivi): string[] {
  const ks = [s.debut * 2, s.fin * 2 + 1];
  for (const i of s.indicateurs) for (const p of Object.keys(i.valeurs)) ks.push(indexSemestre(p) ?? ks[0]!);
  const [min, max] = [Math.min(...ks), Math.max(...ks)];
  return semestresDuProjet(Math.floor(min / 2), Math.floor(max / 2)).filter((p) => indexSemestre(p)! >= min && indexSemestre(p)! <= max);
}

/** Semesters offered for a base or a target: from the year before the PE to two years after. */
const semestresJalons = (s: Suivi) => semestresDuProjet(s.debut - 1, s.fin + 2);

// ─── Formulas (the rules of calculs.ts) ──────────────────────────────────────────────────────

const semK = (ref: string) => `(VALUE(LEFT(${ref},4))*2+VALUE(RIGHT(${ref},1))-1)`;

function formulesIndicateur(r: number, dernierePeriode: string): Record<string, string> {
  const c = (k: string) => `${COL[k]}${r}`;
  const debut = `${lettreColonne(PREMIERE_COLONNE_PERIODE)}`;
  const entete = `$${debut}$1:$${dernierePeriode}$1`;
  const ligne = `${debut}${r}:${dernierePeriode}${r}`;
  const rang = `(COLUMN(${ligne})-COLUMN($${debut}$1)+1)`;
  const tol = TOLERANCE_POINTS;
  // The rank of the last semester column holding a number, up to the semester followed (0: none).
  // SUMPRODUCT evaluates its argument as an array in Excel and LibreOffice alike; LOOKUP's binary
  // search is not used, as LibreOffice and Excel answer it differently over blank cells.
  return {
    position: `IFERROR(SUMPRODUCT(MAX(ISNUMBER(${ligne})*(${rang}<=MATCH(${REF_PERIODE},${entete},0))*${rang})),0)`,
    derniere: `IF(${c("position")}=0,"",INDEX(${ligne},1,${c("position")}))`,
    semestreValeur: `IF(${c("position")}=0,"",INDEX(${entete},1,${c("position")}))`,
    progression: `IF(OR(${c("base")}="",${c("cible")}="",${c("derniere")}=""),"",IF(${c("cible")}=${c("base")},IF(IF(${c("sens")}="baisse",${c("derniere")}<=${c("cible")},${c("derniere")}>=${c("cible")}),1,0),(${c("derniere")}-${c("base")})/(${c("cible")}-${c("base")})))`,
    attendue: `IF(${c("semestreValeur")}="","",IFERROR(IF(${semK(c("semestreCible"))}<=${semK(c("semestreBase"))},1,MIN(1,MAX(0,(${semK(c("semestreValeur"))}-${semK(c("semestreBase"))})/(${semK(c("semestreCible"))}-${semK(c("semestreBase"))})))),1))`,
    bornee: `IF(OR(${c("abandonne")}="${OUI}",${c("progression")}=""),"",MIN(1,MAX(0,${c("progression")})))`,
    statut: `IF(${c("abandonne")}="${OUI}","abandonné",IF(OR(${c("progression")}="",${c("attendue")}=""),"non renseigné",IF(ROUND(${c("progression")}*100,2)>=100,"atteint",IF(ROUND((${c("progression")}-${c("attendue")})*100,2)>=${tol},"en avance",IF(ROUND((${c("progression")}-${c("attendue")})*100,2)<-${tol},"en retard","dans les temps")))))`,
  };
}

// ─── Sheets ──────────────────────────────────────────────────────────────────────────────────

/** Rows of user-added lines the formulas and lists still cover. */
const LIGNES_LIBRES = 30;

function feuilleIndicateurs(s: Suivi): FeuillePlan {
  const periodes = semestresDuSuivi(s);
  const colonnes: ColonnePlan[] = [...COLONNES_FIXES_INDICATEURS, ...periodes.map((p) => ({ key: `p:${p}`, entete: p, largeur: 9, verrouillee: false }))];
  const derniere = lettreColonne(colonnes.length - 1);
  const n = s.indicateurs.length + LIGNES_LIBRES;
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  for (let k = 0; k < n; k++) {
    const i = s.indicateurs[k];
    const r = k + 2;
    const f = formulesIndicateur(r, derniere);
    // Free rows carry the formulas too, so a hand-added indicator is computed like the others.
    const fixes: Record<string, ValeurPlan> = i
      ? {
          id: i.id,
          objectif: i.objectif,
          libelle: i.libelle,
          libelleAr: i.libelleAr,
          unite: i.unite,
          sens: i.sens,
          additif: i.additif ? OUI : NON,
          base: i.base.valeur,
          semestreBase: i.base.periode,
          cible: i.cible.valeur,
          semestreCible: i.cible.periode,
          source: i.source,
          frequence: i.frequence,
          responsable: i.responsable,
          abandonne: i.abandonne ? OUI : NON,
        }
      : {};
    lignes.push(colonnes.map((c) => (c.key in f ? { formule: f[c.key]! } : c.key.startsWith("p:") ? (i?.valeurs[c.key.slice(2)] ?? null) : (fixes[c.key] ?? null))));
  }
  const plage = (k: string) => `${COL[k]}2:${COL[k]}${n + 1}`;
  const liste = (k: string, valeurs: (string | number)[], quoi: string) => ({ plage: plage(k), valeurs, titreErreur: `${quoi} invalide`, messageErreur: `Choisissez ${quoi.toLowerCase()} dans la liste.` });
  const statut = `$${COL["statut"]}2`;
  const misesEnForme: MiseEnFormeConditionnellePlan[] = STATUTS_INDICATEUR.filter((st) => st !== "non renseigné").map((st) => ({
    plage: `A2:${COL["statut"]}${n + 1}`,
    formule: `${statut}="${st}"`,
    fond: COULEURS_STATUT[st].fond,
    ...(COULEURS_STATUT[st].police ? { police: COULEURS_STATUT[st].police } : {}),
  }));
  // The semester followed stands out.
  misesEnForme.push({ plage: `${lettreColonne(PREMIERE_COLONNE_PERIODE)}1:${derniere}${n + 1}`, formule: `${lettreColonne(PREMIERE_COLONNE_PERIODE)}$1=${REF_PERIODE}`, fond: "#FFF2CC" });
  return {
    nom: FEUILLE_INDICATEURS,
    visibilite: "visible",
    colonnes,
    lignes,
    validations: [
      liste("sens", [...SENS], "Sens"),
      liste("additif", [OUI, NON], "Additif"),
      liste("abandonne", [OUI, NON], "Réponse"),
      liste("frequence", [...FREQUENCES], "Fréquence"),
      liste("semestreBase", semestresJalons(s), "Semestre"),
      liste("semestreCible", semestresJalons(s), "Semestre"),
      liste("objectif", s.objectifs.map((o) => o.id), "Objectif"),
    ],
    misesEnForme,
    figer: { lignes: 1, colonnes: 3 },
    hauteurs: hauteursAjustees(colonnes, lignes as ValeurPlan[][]),
    miseEnPage: { orientation: "paysage", uneLargeur: false, lignesRepetees: 1, enTete: { gauche: s.etablissement, droite: "Indicateurs du projet d'établissement" }, numeroPage: true },
  };
}

function feuilleActions(s: Suivi): FeuillePlan {
  const n = s.actions.length + LIGNES_LIBRES;
  const libelle = new Map(s.objectifs.map((o) => [o.id, o.libelle]));
  const lignes: ValeurPlan[][] = [COLONNES_ACTIONS.map((c) => c.entete)];
  for (let k = 0; k < n; k++) {
    const a = s.actions[k];
    const r = k + 2;
    const c = (x: string) => `${COL_A[x]}${r}`;
    const retard = { formule: `IF(AND(${c("action")}<>"",${c("statut")}<>"Fait",${c("statut")}<>"Abandonné",ISNUMBER(${c("echeance")})),IF(${c("echeance")}<${REF_FIN_PERIODE},"oui",""),"")` };
    lignes.push(
      a
        ? [a.id, a.objectif, libelle.get(a.objectif) ?? "", a.libelle, a.origine, a.criteres.join(", "), a.responsable, a.echeance ? serieDate(a.echeance) : null, a.statut, a.cloture ? serieDate(a.cloture) : null, a.motif, retard]
        : [null, null, null, null, ORIGINES_ACTION.manuel, null, null, null, "À faire", null, null, retard],
    );
  }
  const plage = (x: string) => `${COL_A[x]}2:${COL_A[x]}${n + 1}`;
  return {
    nom: FEUILLE_ACTIONS,
    visibilite: "visible",
    colonnes: COLONNES_ACTIONS,
    lignes,
    validations: [
      { plage: plage("statut"), valeurs: [...STATUTS_ACTION], titreErreur: "Statut invalide", messageErreur: "Choisissez : À faire, En cours, Fait ou Abandonné." },
      { plage: plage("objectif"), valeurs: s.objectifs.map((o) => o.id), titreErreur: "Objectif inconnu", messageErreur: "Choisissez l'identifiant d'un objectif (liste du Tableau de bord)." },
    ],
    misesEnForme: [
      { plage: `A2:${COL_A["retard"]}${n + 1}`, formule: `$${COL_A["retard"]}2="oui"`, fond: COULEURS_STATUT["en retard"].fond, police: COULEURS_STATUT["en retard"].police },
      { plage: `A2:${COL_A["retard"]}${n + 1}`, formule: `$${COL_A["statut"]}2="Fait"`, fond: COULEURS_STATUT.atteint.fond },
      { plage: `A2:${COL_A["retard"]}${n + 1}`, formule: `$${COL_A["statut"]}2="Abandonné"`, fond: COULEURS_STATUT.abandonné.fond },
    ],
    figer: { lignes: 1, colonnes: 1 },
    hauteurs: hauteursAjustees(COLONNES_ACTIONS, lignes as ValeurPlan[][]),
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { gauche: s.etablissement, droite: "Objectifs et actions" }, numeroPage: true },
  };
}

/** Where the dashboard puts each figure (1-based rows), for tests and the pane. */
export interface DispositionTdb {
  statuts: Record<StatutIndicateur, string>;
  actions: { total: string; faites: string; enRetard: string; abandonnees: string };
  objectifs: { id: string; cellule: string }[];
}

export function dispositionTdb(s: Suivi): DispositionTdb {
  const statuts = Object.fromEntries(STATUTS_INDICATEUR.map((st, k) => [st, `B${7 + k}`])) as Record<StatutIndicateur, string>;
  const actions = { total: "B15", faites: "B16", enRetard: "B17", abandonnees: "B18" };
  return { statuts, actions, objectifs: s.objectifs.map((o, k) => ({ id: o.id, cellule: `C${22 + k}` })) };
}

function feuilleTableauDeBord(s: Suivi, periode: string): FeuillePlan {
  const nI = s.indicateurs.length + LIGNES_LIBRES + 1;
  const nA = s.actions.length + LIGNES_LIBRES + 1;
  const I = (k: string) => `'${FEUILLE_INDICATEURS}'!$${COL[k]}$2:$${COL[k]}$${nI}`;
  const A = (k: string) => `'${FEUILLE_ACTIONS}'!$${COL_A[k]}$2:$${COL_A[k]}$${nA}`;
  const colonnes: ColonnePlan[] = [
    { key: "a", entete: "", largeur: 26, verrouillee: true },
    { key: "b", entete: "", largeur: 40, verrouillee: false, retourALaLigne: true },
    { key: "c", entete: "", largeur: 12, verrouillee: true },
  ];
  const L: ValeurPlan[][] = [];
  const mettre = (r: number, v: ValeurPlan[]) => {
    while (L.length < r) L.push([null, null, null]);
    L[r - 1] = [...v, null, null, null].slice(0, 3);
  };
  mettre(1, [`Tableau de bord du projet d'établissement${s.etablissement ? ` — ${s.etablissement}` : ""}`, null, null]);
  mettre(3, ["Semestre suivi", periode, null]);
  mettre(4, ["Dernier jour du semestre", { formule: `DATE(VALUE(LEFT(B3,4)),IF(RIGHT(B3,1)="1",6,12),IF(RIGHT(B3,1)="1",30,31))` }, null]);
  mettre(6, ["Indicateurs par statut", "Nombre", null]);
  STATUTS_INDICATEUR.forEach((st, k) => mettre(7 + k, [st, { formule: `COUNTIFS(${I("statut")},"${st}",${I("id")},"<>")` }, null]));
  mettre(14, ["Actions", "Nombre", null]);
  mettre(15, ["Actions au total", { formule: `COUNTIF(${A("action")},"?*")` }, null]);
  mettre(16, ["Actions faites", { formule: `COUNTIFS(${A("statut")},"Fait",${A("action")},"?*")` }, null]);
  mettre(17, ["Actions en retard", { formule: `COUNTIF(${A("retard")},"oui")` }, null]);
  mettre(18, ["Actions abandonnées", { formule: `COUNTIFS(${A("statut")},"Abandonné",${A("action")},"?*")` }, null]);
  mettre(21, ["Objectif", "Intitulé", "Progression"]);
  s.objectifs.forEach((o, k) => mettre(22 + k, [o.id, o.libelle, { formule: `IFERROR(AVERAGEIF(${I("objectif")},"${o.id}",${I("bornee")}),"")` }]));
  // One block per objective: its indicators' progress and a bar chart beside them.
  const graphiques: GraphiquePlan[] = [];
  let r = 22 + s.objectifs.length + 2;
  for (const o of s.objectifs) {
    const inds = s.indicateurs.map((i, k) => ({ i, ligne: k + 2 })).filter(({ i }) => i.objectif === o.id);
    if (!inds.length) continue;
    mettre(r, [`Objectif ${o.id}`, o.libelle, "Progression"]);
    inds.forEach(({ i, ligne }, k) =>
      mettre(r + 1 + k, [i.id, i.libelle, { formule: `IF('${FEUILLE_INDICATEURS}'!${COL["bornee"]}${ligne}="","",'${FEUILLE_INDICATEURS}'!${COL["bornee"]}${ligne})` }]),
    );
    const hauteur = Math.max(inds.length + 1, 14);
    graphiques.push({ type: "barresH", titre: `${o.id} — progression des indicateurs`, categories: `B${r + 1}:B${r + inds.length}`, valeurs: `C${r + 1}:C${r + inds.length}`, nomSerie: "Progression", de: `E${r}`, a: `L${r + hauteur}`, min: 0, max: 1 });
    r += hauteur + 2;
  }
  const lignesGras = [1, 3, 6, 14, 21, ...graphiques.map((g) => Number(/\d+$/.exec(g.de)![0]))];
  return {
    nom: FEUILLE_TDB,
    visibilite: "visible",
    colonnes,
    lignes: L,
    validations: [{ plage: CELLULE_PERIODE, valeurs: semestresDuSuivi(s), titreErreur: "Semestre invalide", messageErreur: "Choisissez un semestre du projet (2026-S1…).", titreInvite: "Semestre suivi", invite: "Les statuts et les retards sont calculés à ce semestre." }],
    misesEnForme: STATUTS_INDICATEUR.filter((st) => st !== "non renseigné").map((st) => ({ plage: `A${7 + STATUTS_INDICATEUR.indexOf(st)}`, formule: "TRUE", fond: COULEURS_STATUT[st].fond })),
    formats: [
      { plage: "B4", format: "dd/mm/yyyy" },
      { plage: `C22:C${r}`, format: "0%" },
    ],
    graphiques,
    lignesGras,
    hauteurs: hauteursAjustees(colonnes, L, { grasLignes: lignesGras }),
    // The charts stand in columns E to L: printed with the figures.
    miseEnPage: { orientation: "paysage", uneLargeur: true, zone: `A1:L${Math.max(r, 22 + s.objectifs.length)}`, enTete: { gauche: s.etablissement, droite: "Tableau de bord" }, numeroPage: true },
  };
}

function feuilleMetaSuivi(s: Suivi): FeuillePlan {
  const lignes: Valeur[][] = [
    [SIGNATURE_SUIVI, 1],
    ["etablissement", s.etablissement],
    ["debut", s.debut],
    ["fin", s.fin],
    ...s.objectifs.map((o) => ["objectif", o.id, o.libelle, o.echeance, o.responsable]),
    ...s.campagnes.flatMap((c) => [["campagne", c.periode, c.libelle, c.global] as Valeur[], ...c.criteres.map((x) => ["critere", c.periode, x.id, x.libelle, x.score] as Valeur[])]),
  ];
  const largeur = Math.max(...lignes.map((l) => l.length));
  return {
    nom: FEUILLE_META_SUIVI,
    visibilite: "veryHidden",
    colonnes: Array.from({ length: largeur }, (_, i) => ({ key: `c${i}`, entete: "", largeur: 12, verrouillee: true, format: i === 0 ? "@" : undefined })),
    lignes: lignes.map((l) => [...l, ...Array<Valeur>(largeur - l.length).fill(null)]),
    validations: [],
    misesEnForme: [],
  };
}

/**
 * The whole follow-up workbook; `periode` is the semester the dashboard starts on. Given the
 * workbook's sheet names, only those of ours that exist are listed for deletion (Office.js
 * cannot rename or delete a sheet that is not there).
 */
export function planifierSuivi(s: Suivi, periode: string, feuillesExistantes?: string[]): WorkbookPlan {
  return {
    supprimer: feuillesExistantes ? FEUILLES_SUIVI.filter((n) => feuillesExistantes.includes(n)) : FEUILLES_SUIVI,
    feuilles: [feuilleTableauDeBord(s, periode), feuilleActions(s), feuilleIndicateurs(s), feuilleMetaSuivi(s)],
    activer: FEUILLE_TDB,
  };
}

/** The semester to follow by default: the one that holds `maintenant`, within the PE. */
export function semestreCourant(s: Suivi, maintenant: string): string {
  const [a, m] = maintenant.split("-").map(Number);
  const k = Math.min(Math.max(a! * 2 + (m! > 6 ? 1 : 0), s.debut * 2), s.fin * 2 + 1);
  return semestreDIndex(k);
}

// ─── Reading back ────────────────────────────────────────────────────────────────────────────

const txt = (v: Valeur | undefined) => (v === null || v === undefined ? "" : String(v).trim());
const nombre = (v: Valeur | undefined): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const t = txt(v).replace(",", ".").replace(/\s/g, "");
  return t !== "" && Number.isFinite(Number(t)) ? Number(t) : null;
};

/** Is this sheet's content our identity sheet? */
export const estMetaSuivi = (v: readonly (readonly Valeur[])[] | null | undefined) => txt(v?.[0]?.[0]) === SIGNATURE_SUIVI;

/**
 * The follow-up from the values of its sheets. A value that is not a number in a semester
 * column is refused with the sheet, cell and indicator named.
 */
export function lireSuivi(feuilles: { meta: Valeur[][]; indicateurs: Valeur[][]; actions: Valeur[][] }, source: string): Suivi {
  if (!estMetaSuivi(feuilles.meta)) throw new ErreurUtilisateur(`${source} n'est pas un classeur de suivi Qualité EPS (feuille ${FEUILLE_META_SUIVI} absente ou abîmée).`);
  const meta = new Map(feuilles.meta.map((l) => [txt(l[0]), l]));
  const objectifs: Objectif[] = feuilles.meta.filter((l) => txt(l[0]) === "objectif").map((l) => ({ id: txt(l[1]), libelle: txt(l[2]), echeance: nombre(l[3]), responsable: txt(l[4]) }));
  const campagnes: Campagne[] = feuilles.meta
    .filter((l) => txt(l[0]) === "campagne")
    .map((l) => ({
      periode: txt(l[1]),
      libelle: txt(l[2]),
      global: nombre(l[3]),
      criteres: feuilles.meta.filter((x) => txt(x[0]) === "critere" && txt(x[1]) === txt(l[1])).map((x) => ({ id: txt(x[2]), libelle: txt(x[3]), score: nombre(x[4]) })),
    }));
  const erreurs: string[] = [];
  const [enteteI, ...corpsI] = feuilles.indicateurs;
  const hI = (enteteI ?? []).map(txt);
  const ci = (k: string) => hI.indexOf(COLONNES_FIXES_INDICATEURS.find((c) => c.key === k)!.entete);
  if (ci("id") < 0) throw new ErreurUtilisateur(`${source}, feuille « ${FEUILLE_INDICATEURS} » : colonne « Id » introuvable en ligne 1.`);
  const periodes = hI.map((h, k) => ({ p: h, k })).filter(({ p }) => indexSemestre(p) !== null);
  const indicateurs: Indicateur[] = [];
  corpsI.forEach((l, r) => {
    const id = txt(l[ci("id")]);
    if (!id) return;
    const valeurs: Record<string, number> = {};
    for (const { p, k } of periodes) {
      const v = l[k];
      if (v === null || v === undefined || txt(v) === "") continue;
      if (typeof v === "number" && Number.isFinite(v)) valeurs[p] = v;
      else erreurs.push(`feuille « ${FEUILLE_INDICATEURS} », cellule ${lettreColonne(k)}${r + 2} (indicateur ${id}, ${p}) : « ${txt(v)} » n'est pas un nombre (tapez-le sans unité ni texte)`);
    }
    const jalon = (k: string) => {
      const v = l[ci(k)];
      if (v === null || v === undefined || txt(v) === "") return null;
      if (typeof v === "number" && Number.isFinite(v)) return v;
      erreurs.push(`feuille « ${FEUILLE_INDICATEURS} », cellule ${lettreColonne(ci(k))}${r + 2} (indicateur ${id}, ${k === "base" ? "base" : "cible"}) : « ${txt(v)} » n'est pas un nombre`);
      return null;
    };
    const sens = txt(l[ci("sens")]);
    const freq = txt(l[ci("frequence")]);
    indicateurs.push({
      id,
      objectif: txt(l[ci("objectif")]),
      libelle: txt(l[ci("libelle")]),
      libelleAr: txt(l[ci("libelleAr")]),
      unite: txt(l[ci("unite")]),
      sens: sens === "baisse" ? "baisse" : "hausse",
      additif: txt(l[ci("additif")]).toLowerCase() === OUI,
      base: { valeur: jalon("base"), periode: txt(l[ci("semestreBase")]).toUpperCase() },
      cible: { valeur: jalon("cible"), periode: txt(l[ci("semestreCible")]).toUpperCase() },
      source: txt(l[ci("source")]),
      frequence: freq === "annuelle" ? "annuelle" : "semestrielle",
      responsable: txt(l[ci("responsable")]),
      abandonne: txt(l[ci("abandonne")]).toLowerCase() === OUI,
      valeurs,
    });
  });
  if (erreurs.length) throw new ErreurUtilisateur(`${source} : des valeurs d'indicateurs ne sont pas des nombres.`, erreurs.slice(0, 20));
  const [enteteA, ...corpsA] = feuilles.actions;
  const hA = (enteteA ?? []).map(txt);
  const ca = (k: string) => hA.indexOf(COLONNES_ACTIONS.find((c) => c.key === k)!.entete);
  const actions: Action[] = [];
  let libres = 0;
  for (const l of corpsA) {
    const libelle = txt(l[ca("action")]);
    if (!libelle) continue;
    const origine = txt(l[ca("origine")]);
    actions.push({
      id: txt(l[ca("id")]) || `M${++libres}`,
      objectif: txt(l[ca("objectif")]),
      libelle,
      origine: (Object.values(ORIGINES_ACTION) as string[]).includes(origine) ? (origine as OrigineAction) : ORIGINES_ACTION.manuel,
      criteres: txt(l[ca("criteres")])
        .split(/[,;\s]+/)
        .filter(Boolean),
      responsable: txt(l[ca("responsable")]),
      echeance: dateIso(l[ca("echeance")]),
      statut: statutAction(l[ca("statut")]),
      cloture: dateIso(l[ca("cloture")]),
      motif: txt(l[ca("motif")]),
    });
  }
  const debut = nombre(meta.get("debut")?.[1]) ?? 2026;
  return { etablissement: txt(meta.get("etablissement")?.[1]), debut, fin: nombre(meta.get("fin")?.[1]) ?? debut + 4, objectifs, actions, indicateurs, campagnes };
}

/** Where each indicator and action stands (1-based rows) and each semester (0-based columns): to show or write a cell. */
export interface PositionsSuivi {
  indicateurs: Record<string, number>;
  actions: Record<string, number>;
  periodes: Record<string, number>;
}

/** Positions read from the sheets' values, with the ids lireSuivi gives (M1, M2… for unnamed hand-written actions). */
export function positionsSuivi(feuilles: { indicateurs: Valeur[][]; actions: Valeur[][] }): PositionsSuivi {
  const out: PositionsSuivi = { indicateurs: {}, actions: {}, periodes: {} };
  const hI = (feuilles.indicateurs[0] ?? []).map(txt);
  const iId = hI.indexOf("Id");
  hI.forEach((h, k) => {
    if (indexSemestre(h) !== null) out.periodes[h] = k;
  });
  feuilles.indicateurs.slice(1).forEach((l, r) => {
    const id = txt(l[iId]);
    if (id && !(id in out.indicateurs)) out.indicateurs[id] = r + 2;
  });
  const hA = (feuilles.actions[0] ?? []).map(txt);
  const [aId, aAction] = [hA.indexOf("Id"), hA.indexOf("Action")];
  let libres = 0;
  feuilles.actions.slice(1).forEach((l, r) => {
    if (!txt(l[aAction])) return;
    const id = txt(l[aId]) || `M${++libres}`;
    if (!(id in out.actions)) out.actions[id] = r + 2;
  });
  return out;
}

/** The cells to write for a semester's values (A1 addresses on « Indicateurs »); unknown ids or semesters are refused. */
export function cellulesSaisie(pos: PositionsSuivi, periode: string, valeurs: Record<string, number | null>): { adresse: string; valeur: number | null }[] {
  const col = pos.periodes[periode];
  if (col === undefined) throw new ErreurUtilisateur(`Le semestre ${periode} n'a pas de colonne dans la feuille « ${FEUILLE_INDICATEURS} » : régénérez le classeur de suivi.`);
  return Object.entries(valeurs).map(([id, valeur]) => {
    const ligne = pos.indicateurs[id];
    if (ligne === undefined) throw new ErreurUtilisateur(`Indicateur ${id} introuvable dans la feuille « ${FEUILLE_INDICATEURS} ».`);
    return { adresse: `${lettreColonne(col)}${ligne}`, valeur };
  });
}
