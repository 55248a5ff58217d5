/**
 * The decision workbook as a WorkbookPlan: « Critères » (weight, direction, kind: the referent's
 * to set), « Classement » (one row per option, one value column per criterion, then live formulas
 * for the normalised values, the score and the rank, equal to the core's), and a very-hidden
 * identity sheet. Reading it back (`decisionDepuisFeuilles`) names the file, sheet and cell of
 * every bad value.
 */
import { ErreurUtilisateur } from "../referential";
import { hauteursAjustees, lettreColonne, type ColonnePlan, type FeuillePlan, type ValeurPlan, type Valeur, type WorkbookPlan } from "../workbook-plan";
import { DECIMALES_SCORE, type CritereDecision, type Decision } from "./calcul";
import { fauteSommePoids, JUGEMENT_MAX, JUGEMENT_MIN, TOLERANCE_POIDS, type ModeleDecision, type Nature, type Sens } from "./modele";

export const FEUILLE_CRITERES = "Critères";
export const FEUILLE_CLASSEMENT = "Classement";
export const FEUILLE_META_CLASSEMENT = "QualiteEPS_classement";
export const SIGNATURE_CLASSEMENT = "qualite-eps-classement";
export const SENS_LIBELLES: Record<Sens, string> = { max: "plus haut = mieux", min: "plus bas = mieux" };
export const NATURE_LIBELLES: Record<Nature, string> = { valeur: "valeur", jugement: "jugement 1 à 5" };
/** Blank option rows of a new grid. */
export const LIGNES_PAR_DEFAUT = 10;
/** Spare rows after the options given (actions of a plan). */
const LIGNES_EN_RESERVE = 5;

const REF_CRITERES = `'${FEUILLE_CRITERES}'`;
/** Row (1-based) of criterion j in « Critères ». */
const ligneCritere = (j: number) => j + 2;
const colPoids = "D";
const colSens = "E";

export interface OptionInitiale {
  libelle: string;
  /** Values already known, by criterion id (e.g. the link to an unmet imperative from a plan). */
  valeurs?: Record<string, number>;
}

export interface OptionsPlanClassement {
  modele: ModeleDecision;
  options?: OptionInitiale[];
  /** Values of the rows (tests, a decision re-rendered): [option][criterion], null for blank. */
  maintenant: string;
  /** Sheet names already in the workbook (a user's sheets are never replaced). */
  feuilles?: string[];
}

/** Where the columns of « Classement » are, for n criteria. */
export function colonnesClassement(n: number) {
  const valeur = (j: number) => lettreColonne(1 + j);
  const normalisee = (j: number) => lettreColonne(1 + n + j);
  return { option: "A", valeur, normalisee, score: lettreColonne(1 + 2 * n), rang: lettreColonne(2 + 2 * n) };
}

function feuilleCriteres(m: ModeleDecision): FeuillePlan {
  const colonnes: ColonnePlan[] = [
    { key: "id", entete: "Réf.", largeur: 13, verrouillee: true, format: "@" },
    { key: "critere", entete: "Critère", largeur: 36, verrouillee: true, retourALaLigne: true, format: "@" },
    { key: "ar", entete: "المعيار", largeur: 30, verrouillee: true, retourALaLigne: true, format: "@" },
    { key: "poids", entete: "Poids (%)", largeur: 10, verrouillee: false },
    { key: "sens", entete: "Sens", largeur: 18, verrouillee: false },
    { key: "nature", entete: "Nature", largeur: 15, verrouillee: false },
    { key: "unite", entete: "Unité", largeur: 8, verrouillee: false, format: "@" },
    { key: "aide", entete: "Comment l'apprécier", largeur: 60, verrouillee: true, retourALaLigne: true, format: "@" },
  ];
  const n = m.criteres.length;
  const lignes: ValeurPlan[][] = [
    colonnes.map((c) => c.entete),
    ...m.criteres.map((c): ValeurPlan[] => [c.id, c.libelle.fr, c.libelle.ar ?? "", c.poids, SENS_LIBELLES[c.sens], NATURE_LIBELLES[c.nature], c.unite ?? "", c.aide?.fr ?? ""]),
    colonnes.map(() => null),
    ["Total", "Les poids doivent faire 100 %.", null, { formule: `SUM(${colPoids}2:${colPoids}${n + 1})` }, null, null, null, null],
  ];
  const total = `${colPoids}${n + 3}`;
  return {
    nom: FEUILLE_CRITERES,
    visibilite: "visible",
    colonnes,
    lignes,
    validations: [
      { plage: `${colSens}2:${colSens}${n + 1}`, valeurs: [SENS_LIBELLES.max, SENS_LIBELLES.min], titreErreur: "Sens", messageErreur: "Choisissez « plus haut = mieux » ou « plus bas = mieux » (un coût, un délai)." },
      { plage: `F2:F${n + 1}`, valeurs: [NATURE_LIBELLES.valeur, NATURE_LIBELLES.jugement], titreErreur: "Nature", messageErreur: "Choisissez « valeur » (un montant, une durée…) ou « jugement 1 à 5 »." },
    ],
    misesEnForme: [{ plage: total, formule: `ABS(${total}-100)>${TOLERANCE_POIDS}`, fond: "#F8D7DA", police: "#9C0006" }],
    lignesGras: [n + 3],
    hauteurs: hauteursAjustees(colonnes, lignes, { grasLignes: [n + 3] }),
    figer: { lignes: 1, colonnes: 0 },
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { gauche: m.titre.fr, droite: FEUILLE_CRITERES }, numeroPage: true },
  };
}

/** The live formulas of one row of « Classement » (row r, 1-based; option rows 2..der). */
export function formulesLigne(n: number, r: number, der: number): { normalisees: string[]; score: string; rang: string } {
  const col = colonnesClassement(n);
  const normalisees = Array.from({ length: n }, (_, j) => {
    const v = col.valeur(j);
    const plage = `${v}$2:${v}$${der}`;
    const [mn, mx] = [`MIN(${plage})`, `MAX(${plage})`];
    return `IF(OR($A${r}="",${v}${r}=""),"",IF(${mx}=${mn},1,IF(${REF_CRITERES}!$${colSens}$${ligneCritere(j)}="${SENS_LIBELLES.min}",${mx}-${v}${r},${v}${r}-${mn})/(${mx}-${mn})))`;
  });
  const somme = Array.from({ length: n }, (_, j) => `${col.normalisee(j)}${r}*${REF_CRITERES}!$${colPoids}$${ligneCritere(j)}`).join("+");
  const poids = `SUM(${REF_CRITERES}!$${colPoids}$2:$${colPoids}$${n + 1})`;
  const score = `IF(OR($A${r}="",COUNT(${col.valeur(0)}${r}:${col.valeur(n - 1)}${r})<${n}),"",IF(ABS(${poids}-100)>${TOLERANCE_POIDS},"poids ≠ 100 %",ROUND(${somme},${DECIMALES_SCORE})))`;
  const s = col.score;
  const rang = `IF(ISNUMBER(${s}${r}),RANK(${s}${r},${s}$2:${s}$${der},0),"")`;
  return { normalisees, score, rang };
}

function feuilleClassement(m: ModeleDecision, options: OptionInitiale[]): FeuillePlan {
  const n = m.criteres.length;
  const col = colonnesClassement(n);
  const nLignes = options.length ? options.length + LIGNES_EN_RESERVE : LIGNES_PAR_DEFAUT;
  const der = nLignes + 1;
  const entete = (c: ModeleDecision["criteres"][number]) => `${c.libelle.fr}${c.unite ? ` (${c.unite})` : c.nature === "jugement" ? " (1 à 5)" : ""}`;
  const colonnes: ColonnePlan[] = [
    { key: "option", entete: m.libelleOption.fr, largeur: 34, verrouillee: false, retourALaLigne: true, format: "@" },
    ...m.criteres.map((c): ColonnePlan => ({ key: `v-${c.id}`, entete: entete(c), largeur: 14, verrouillee: false, retourALaLigne: true })),
    ...m.criteres.map((c): ColonnePlan => ({ key: `n-${c.id}`, entete: `${c.libelle.fr} (normalisé)`, largeur: 12, verrouillee: true, retourALaLigne: true, format: "0.00" })),
    { key: "score", entete: "Score /100", largeur: 10, verrouillee: true, format: "0.00" },
    { key: "rang", entete: "Rang", largeur: 7, verrouillee: true, format: "0" },
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  for (let i = 0; i < nLignes; i++) {
    const r = i + 2;
    const o = options[i];
    const f = formulesLigne(n, r, der);
    lignes.push([o?.libelle ?? null, ...m.criteres.map((c) => o?.valeurs?.[c.id] ?? null), ...f.normalisees.map((formule) => ({ formule })), { formule: f.score }, { formule: f.rang }]);
  }
  const fin = col.rang;
  return {
    nom: FEUILLE_CLASSEMENT,
    visibilite: "visible",
    colonnes,
    lignes,
    validations: m.criteres.flatMap((c, j) =>
      c.nature === "jugement"
        ? [{ plage: `${col.valeur(j)}2:${col.valeur(j)}${der}`, valeurs: [1, 2, 3, 4, 5], titreErreur: c.libelle.fr, messageErreur: `Un jugement de ${JUGEMENT_MIN} (faible) à ${JUGEMENT_MAX} (fort).`, titreInvite: c.libelle.fr, invite: (c.aide?.fr ?? "").slice(0, 250) }]
        : [],
    ),
    misesEnForme: [{ plage: `A2:${fin}${der}`, formule: `$${fin}2=1`, fond: "#D1FAE5" }],
    lignesGras: [],
    figer: { lignes: 1, colonnes: 1 },
    hauteurs: hauteursAjustees(colonnes, lignes),
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { gauche: m.titre.fr, droite: FEUILLE_CLASSEMENT }, numeroPage: true, quadrillage: true },
  };
}

function feuilleMeta(m: ModeleDecision, lignesOptions: number, maintenant: string): FeuillePlan {
  return {
    nom: FEUILLE_META_CLASSEMENT,
    visibilite: "veryHidden",
    colonnes: [
      { key: "cle", entete: "", largeur: 20, verrouillee: true, format: "@" },
      { key: "valeur", entete: "", largeur: 40, verrouillee: true, format: "@" },
    ],
    lignes: [
      [SIGNATURE_CLASSEMENT, "1"],
      ["modele.id", m.id],
      ["modele.version", m.version],
      ["modele.titre", m.titre.fr],
      ["criteres", String(m.criteres.length)],
      ["lignes", String(lignesOptions)],
      ["cree.le", maintenant],
    ],
    validations: [],
    misesEnForme: [],
  };
}

/** The plan of a new decision workbook. Refuses to overwrite a user's sheet of the same name. */
export function planifierClassement(o: OptionsPlanClassement): WorkbookPlan {
  const options = o.options ?? [];
  const nos = [FEUILLE_CRITERES, FEUILLE_CLASSEMENT, FEUILLE_META_CLASSEMENT];
  const pris = (o.feuilles ?? []).filter((f) => nos.some((x) => x.toLocaleLowerCase("fr") === f.toLocaleLowerCase("fr")));
  if (pris.length) throw new ErreurUtilisateur(`Le classeur a déjà une feuille ${pris.map((p) => `« ${p} »`).join(", ")} : rien n'a été écrit. Partez d'un nouveau fichier.`);
  const nLignes = options.length ? options.length + LIGNES_EN_RESERVE : LIGNES_PAR_DEFAUT;
  return {
    supprimer: [],
    feuilles: [feuilleCriteres(o.modele), feuilleClassement(o.modele, options), feuilleMeta(o.modele, nLignes, o.maintenant)],
    activer: FEUILLE_CLASSEMENT,
  };
}

/* ---------- Reading a filled grid back ---------- */

export interface IdentiteClassement {
  modeleId: string;
  modeleVersion: string;
  titre: string;
  criteres: number;
  lignes: number;
}

/** The identity sheet's values → identity, or null when it is not ours. */
export function lireIdentiteClassement(v: Valeur[][] | null): IdentiteClassement | null {
  if (!v || String(v[0]?.[0] ?? "") !== SIGNATURE_CLASSEMENT) return null;
  const kv = new Map(v.map((l) => [String(l[0] ?? ""), String(l[1] ?? "")]));
  const criteres = Number(kv.get("criteres"));
  const lignes = Number(kv.get("lignes"));
  if (!Number.isInteger(criteres) || criteres < 1 || !Number.isInteger(lignes) || lignes < 1) return null;
  return { modeleId: kv.get("modele.id") ?? "", modeleVersion: kv.get("modele.version") ?? "", titre: kv.get("modele.titre") ?? "", criteres, lignes };
}

const vide = (v: Valeur | undefined) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
/** Only a cell holding a number counts, as for the workbook's SUM and COUNT: "12,5" typed as text does not. */
function nombre(v: Valeur | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
const commeTexte = (v: Valeur | undefined) => (typeof v === "string" && /^\s*-?\d+(?:[.,]\d+)?\s*%?\s*$/.test(v) ? " (nombre écrit comme du texte : retapez-le)" : "");

/**
 * The decision a filled workbook holds, from the values of « Critères » and « Classement ».
 * Every fault is listed (10 at most) with its sheet and cell; rows without an option name and
 * without values are spare rows.
 */
export function decisionDepuisFeuilles(id: IdentiteClassement, criteres: Valeur[][] | null, classement: Valeur[][] | null, source: string): Decision {
  if (!criteres) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLE_CRITERES} » a disparu ; le classement ne peut pas être lu.`);
  if (!classement) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLE_CLASSEMENT} » a disparu ; le classement ne peut pas être lu.`);
  const fautes: string[] = [];
  const ou = (feuille: string, cellule: string) => `feuille « ${feuille} », cellule ${cellule}`;
  const sensParLibelle = new Map(Object.entries(SENS_LIBELLES).map(([k, v]) => [v, k as Sens]));
  const natureParLibelle = new Map(Object.entries(NATURE_LIBELLES).map(([k, v]) => [v, k as Nature]));
  const liste: CritereDecision[] = [];
  for (let j = 0; j < id.criteres; j++) {
    const l = criteres[ligneCritere(j) - 1] ?? [];
    const r = ligneCritere(j);
    const libelle = String(l[1] ?? "").trim() || `critère ${j + 1}`;
    const poids = nombre(l[3]);
    const sens = sensParLibelle.get(String(l[4] ?? "").trim());
    const nature = natureParLibelle.get(String(l[5] ?? "").trim());
    if (vide(l[0])) fautes.push(`${ou(FEUILLE_CRITERES, `A${r}`)} : la référence du critère ${j + 1} manque (une ligne a-t-elle été supprimée ?)`);
    if (poids === null) fautes.push(`${ou(FEUILLE_CRITERES, `D${r}`)} (critère « ${libelle} ») : poids ${vide(l[3]) ? "manquant" : `« ${String(l[3])} » non numérique${commeTexte(l[3])}`}`);
    else if (poids < 0 || poids > 100) fautes.push(`${ou(FEUILLE_CRITERES, `D${r}`)} (critère « ${libelle} ») : poids de ${poids} %, hors de 0 à 100 %`);
    if (!sens) fautes.push(`${ou(FEUILLE_CRITERES, `E${r}`)} (critère « ${libelle} ») : sens « ${String(l[4] ?? "")} » inconnu, attendu « ${SENS_LIBELLES.max} » ou « ${SENS_LIBELLES.min} »`);
    if (!nature) fautes.push(`${ou(FEUILLE_CRITERES, `F${r}`)} (critère « ${libelle} ») : nature « ${String(l[5] ?? "")} » inconnue, attendu « ${NATURE_LIBELLES.valeur} » ou « ${NATURE_LIBELLES.jugement} »`);
    liste.push({ id: String(l[0] ?? ""), libelle, ...(vide(l[2]) ? {} : { libelleAr: String(l[2]).trim() }), poids: poids ?? 0, sens: sens ?? "max", nature: nature ?? "valeur", ...(vide(l[6]) ? {} : { unite: String(l[6]).trim() }) });
  }
  if (!fautes.length) {
    const somme = fauteSommePoids(liste);
    if (somme) fautes.push(`${ou(FEUILLE_CRITERES, `D2:D${id.criteres + 1}`)} : ${somme}`);
  }
  const col = colonnesClassement(id.criteres);
  const options: Decision["options"] = [];
  for (let i = 0; i < Math.max(id.lignes, classement.length - 1); i++) {
    const r = i + 2;
    const l = classement[r - 1] ?? [];
    const valeurs = liste.map((_, j) => l[1 + j]);
    const nom = vide(l[0]) ? "" : String(l[0]).trim();
    if (!nom && valeurs.every(vide)) continue;
    if (!nom) {
      fautes.push(`${ou(FEUILLE_CLASSEMENT, `A${r}`)} : des valeurs sont saisies sur la ligne ${r} mais l'option n'a pas de nom`);
      continue;
    }
    const nums = liste.map((c, j) => {
      const cellule = `${col.valeur(j)}${r}`;
      const brut = valeurs[j];
      const x = nombre(brut);
      const quoi = `${ou(FEUILLE_CLASSEMENT, cellule)} (option « ${nom} », critère « ${c.libelle} »)`;
      if (vide(brut)) fautes.push(`${quoi} : valeur manquante`);
      else if (x === null) fautes.push(`${quoi} : « ${String(brut)} » n'est pas un nombre${commeTexte(brut)}`);
      else if (c.nature === "jugement" && (x < JUGEMENT_MIN || x > JUGEMENT_MAX)) fautes.push(`${quoi} : ${String(x).replace(".", ",")} hors de l'échelle de jugement ${JUGEMENT_MIN} à ${JUGEMENT_MAX}`);
      return x ?? 0;
    });
    options.push({ libelle: nom, valeurs: nums });
  }
  if (!fautes.length && !options.length) fautes.push(`${ou(FEUILLE_CLASSEMENT, "A2")} : aucune option n'est saisie ; écrivez au moins un nom d'option et ses valeurs`);
  if (fautes.length) {
    throw new ErreurUtilisateur(`${source} : le classement ne peut pas être calculé (${fautes.length} ${fautes.length > 1 ? "problèmes" : "problème"}).`, [
      ...fautes.slice(0, 10),
      ...(fautes.length > 10 ? [`… et ${fautes.length - 10} autres`] : []),
    ]);
  }
  return { criteres: liste, options };
}

/** Options drafted from an improvement plan's rows: its actions (or the criterion when the action is not written yet). */
export function optionsDepuisPaq(paq: Valeur[][], m: ModeleDecision): OptionInitiale[] {
  const [entete, ...lignes] = paq;
  const index = (nom: string) => (entete ?? []).findIndex((h) => String(h ?? "").trim() === nom);
  const [iRef, iCritere, iAction, iOrigine] = [index("Réf."), index("Critère"), index("Action"), index("Origine")];
  const lienImperatif = m.criteres.some((c) => c.id === "imperatif");
  const out: OptionInitiale[] = [];
  for (const l of lignes) {
    const action = iAction >= 0 ? String(l[iAction] ?? "").trim() : "";
    const ref = iRef >= 0 ? String(l[iRef] ?? "").trim() : "";
    const critere = iCritere >= 0 ? String(l[iCritere] ?? "").trim() : "";
    if (!action && !ref && !critere) continue;
    const libelle = action ? (ref ? `${ref} — ${action}` : action) : `${ref} — ${critere.length > 120 ? `${critere.slice(0, 117)}…` : critere}`;
    const origine = iOrigine >= 0 ? String(l[iOrigine] ?? "") : "";
    const valeurs = lienImperatif ? { imperatif: /^Impératif non atteint/.test(origine) ? 5 : /^Impératif à trancher/.test(origine) ? 3 : 1 } : undefined;
    out.push({ libelle, ...(valeurs ? { valeurs } : {}) });
  }
  return out;
}
