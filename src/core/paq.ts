/**
 * The improvement plan ("Plan d'amélioration", PAQ): drafted from unmet imperatives, those the
 * evaluators still disagree on included (priority 1), the criteria scored under a threshold
 * (default: below the scale's maximum minus one, 3 on a 1–4 scale) and the open disagreements
 * (priority 2). An imperative's row also records the causes analysed, whether governance was
 * informed, and the measures identified, as the reference model asks for an unmet imperative. Regenerating it never loses a row a
 * user edited: such rows keep every cell they typed, even when their criterion no longer
 * qualifies.
 */
import { ErreurUtilisateur } from "./referential";
import { formaterDate } from "./dates";
import type { Resultats } from "./scores";
import { hauteursAjustees, lettreColonne, nomLibre, type ColonnePlan, type FeuillePlan, type Valeur, type WorkbookPlan } from "./workbook-plan";

export const FEUILLE_PAQ = "Plan d'amélioration";
export const TABLEAU_PAQ = "QE_PAQ";
export const STATUTS_PAQ = ["À faire", "En cours", "Fait", "Abandonné"] as const;
export const ORIGINES = {
  imperatif: "Impératif non atteint",
  aDiscuter: "Impératif à trancher (désaccord)",
  faible: "Score sous le seuil",
  desaccord: "Désaccord à discuter",
  conserve: "Ligne conservée (hors seuil)",
  libre: "Ajout manuel",
} as const;

const COLONNES: ColonnePlan[] = [
  { key: "ref", entete: "Réf.", largeur: 9, verrouillee: true, format: "@" },
  { key: "critere", entete: "Critère", largeur: 50, verrouillee: true, retourALaLigne: true, format: "@" },
  { key: "origine", entete: "Origine", largeur: 20, verrouillee: true, retourALaLigne: true, format: "@" },
  { key: "priorite", entete: "Priorité", largeur: 8, verrouillee: true },
  { key: "score", entete: "Score", largeur: 7, verrouillee: true, format: "0.00" },
  { key: "action", entete: "Action", largeur: 45, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "responsable", entete: "Responsable", largeur: 18, verrouillee: false, format: "@" },
  { key: "echeance", entete: "Échéance", largeur: 12, verrouillee: false, format: "@" },
  { key: "statut", entete: "Statut", largeur: 11, verrouillee: false, format: "@" },
  { key: "indicateur", entete: "Indicateur de résultat", largeur: 32, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "causes", entete: "Causes analysées", largeur: 32, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "gouvernance", entete: "Gouvernance informée (oui, date)", largeur: 16, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "mesures", entete: "Mesures identifiées", largeur: 32, verrouillee: false, retourALaLigne: true, format: "@" },
  { key: "proposee", entete: "Proposée le", largeur: 11, verrouillee: true, format: "@" },
];
const EDITABLES = ["action", "responsable", "echeance", "statut", "indicateur", "causes", "gouvernance", "mesures"] as const;
type Editable = (typeof EDITABLES)[number];

export interface EtatPaq {
  feuille: string;
  valeurs: Valeur[][];
}

export interface OptionsPaq {
  resultats: Resultats;
  /** Criteria scored strictly below this go to the plan (default: the scale's maximum minus one, 3 on 1–4). */
  seuil?: number;
  existant: EtatPaq | null;
  /** Every sheet name in the workbook, to avoid a user's sheet. */
  feuilles: string[];
  /** ISO date, given by the caller so planning stays pure. */
  maintenant: string;
}

export interface RapportPaq {
  feuille: string;
  lignes: number;
  imperatifs: number;
  faibles: number;
  desaccords: number;
  conservees: number;
}

/** The default threshold: below the scale's maximum minus one (3 on a 1–4 scale). */
export const seuilParDefaut = (max: number) => max - 1;

function ajouterMois(iso: string, mois: number): string {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + mois);
  return d.toISOString().slice(0, 10);
}

const texte = (v: Valeur | undefined) => (v === null || v === undefined ? "" : String(v).trim());

/** The draft a row gets when nobody has touched it. */
function brouillon(id: string, imperatif: boolean, seuil: number, maintenant: string, max: number): Record<Editable, string> {
  return {
    action: "",
    responsable: "",
    echeance: ajouterMois(maintenant, imperatif ? 3 : 12),
    statut: STATUTS_PAQ[0],
    indicateur: imperatif ? `Critère ${id} noté ${max} à la prochaine évaluation` : `Critère ${id} noté au moins ${seuil.toString().replace(".", ",")}`,
    causes: "",
    gouvernance: "",
    mesures: "",
  };
}

export function planifierPaq(o: OptionsPaq): { plan: WorkbookPlan; rapport: RapportPaq } {
  const r = o.resultats;
  const { min, max } = r.echelle;
  const seuil = o.seuil ?? seuilParDefaut(max);
  if (!Number.isFinite(seuil) || seuil <= min || seuil > max) {
    throw new ErreurUtilisateur(`Seuil « ${seuil} » invalide pour le plan d'amélioration : attendu une note au-dessus de ${min} et au plus ${max}.`);
  }
  const criteres = new Map(r.criteres.map((c) => [c.id, c]));

  // Rows already in the sheet, by their header names (users may move columns? no: read by key order).
  const existantes: Record<string, string>[] = [];
  if (o.existant) {
    const [entete, ...corps] = o.existant.valeurs;
    const index = new Map(COLONNES.map((c) => [c.key, (entete ?? []).findIndex((h) => texte(h) === c.entete)] as const));
    for (const ligne of corps) {
      const row: Record<string, string> = {};
      for (const c of COLONNES) {
        const i = index.get(c.key)!;
        row[c.key] = i >= 0 ? texte(ligne[i]) : "";
      }
      if (Object.values(row).some(Boolean)) existantes.push(row);
    }
  }
  const parRef = new Map(existantes.filter((e) => e.ref).map((e) => [e.ref!, e]));
  /** Edited: some cell differs from the draft the row got on the day it was proposed. */
  const modifiee = (e: Record<string, string>) => {
    const b = brouillon(e.ref ?? "", criteres.get(e.ref ?? "")?.imperatif ?? false, seuil, e.proposee || o.maintenant, max);
    // The drafted indicator names the threshold of its day: another threshold is not an edit.
    const indicateurPropose = (t: string) => t === b.indicateur || (t === `Critère ${e.ref} noté au moins ${t.split(" ").pop()}` && /^\d+(,\d+)?$/.test(t.split(" ").pop() ?? ""));
    return EDITABLES.some((k) => e[k] !== "" && e[k] !== b[k] && !(k === "indicateur" && indicateurPropose(e[k]!)));
  };

  const faible = (c: (typeof r.criteres)[number]) => typeof c.score === "number" && c.score < seuil;
  const candidats = [
    ...r.imperatifsNonAtteints.map((id) => ({ id, origine: criteres.get(id)?.aDiscuter ? ORIGINES.aDiscuter : ORIGINES.imperatif, priorite: 1 })),
    ...r.criteres
      .filter((c) => faible(c) && !r.imperatifsNonAtteints.includes(c.id))
      .sort((a, b) => (a.score as number) - (b.score as number))
      .map((c) => ({ id: c.id, origine: ORIGINES.faible, priorite: 2 })),
    // Open disagreements the group has not settled yet, when no other reason already lists them.
    ...r.criteres.filter((c) => c.desaccord && !faible(c) && !r.imperatifsNonAtteints.includes(c.id)).map((c) => ({ id: c.id, origine: ORIGINES.desaccord, priorite: 2 })),
  ];
  const lignes: Valeur[][] = [];
  const vus = new Set<string>();
  for (const k of candidats) {
    const c = criteres.get(k.id)!;
    const e = parRef.get(k.id);
    const garder = e && modifiee(e);
    const proposee = garder ? e.proposee || o.maintenant.slice(0, 10) : o.maintenant.slice(0, 10);
    const b = brouillon(k.id, c.imperatif, seuil, proposee, max);
    vus.add(k.id);
    lignes.push([k.id, c.libelle, k.origine, k.priorite, typeof c.score === "number" ? c.score : null, ...EDITABLES.map((x) => (garder ? e[x] || null : b[x] || null)), proposee]);
  }
  let conservees = 0;
  for (const e of existantes) {
    if (e.ref && vus.has(e.ref)) continue;
    if (!modifiee(e)) continue;
    conservees++;
    const c = criteres.get(e.ref ?? "");
    lignes.push([
      e.ref || null,
      c?.libelle ?? (e.critere || null),
      c ? ORIGINES.conserve : e.origine || ORIGINES.libre,
      e.priorite ? Number(e.priorite) || e.priorite : 3,
      c && typeof c.score === "number" ? c.score : null,
      ...EDITABLES.map((x) => e[x] || null),
      e.proposee || null,
    ]);
  }

  const nom = o.existant?.feuille ?? nomLibre(FEUILLE_PAQ, o.feuilles);
  const n = lignes.length + 1;
  const lettre = (k: string) => lettreColonne(COLONNES.findIndex((c) => c.key === k));
  const feuille: FeuillePlan = {
    nom,
    visibilite: "visible",
    colonnes: COLONNES,
    lignes: [COLONNES.map((c) => c.entete), ...(lignes.length ? lignes : [COLONNES.map(() => null)])],
    tableau: { nom: TABLEAU_PAQ, style: "TableStyleMedium7" },
    validations: [
      {
        plage: `${lettre("statut")}2:${lettre("statut")}${Math.max(n, 2)}`,
        valeurs: [...STATUTS_PAQ],
        titreErreur: "Statut",
        messageErreur: `Choisissez : ${STATUTS_PAQ.join(", ")}.`,
      },
    ],
    misesEnForme: [
      { plage: `A2:${lettre("mesures")}${Math.max(n, 2)}`, formule: `$${lettre("priorite")}2=1`, fond: "#FDE2E2" },
      { plage: `${lettre("statut")}2:${lettre("statut")}${Math.max(n, 2)}`, formule: `${lettre("statut")}2="Fait"`, fond: "#A9D8A0" },
    ],
    figer: { lignes: 1, colonnes: 1 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
  };
  feuille.hauteurs = hauteursAjustees(COLONNES, feuille.lignes);
  feuille.miseEnPage = {
    orientation: "paysage",
    uneLargeur: true,
    lignesRepetees: 1,
    enTete: { centre: `Plan d'amélioration · ${r.referentiel.id} ${r.referentiel.version}`, droite: `Mis à jour le ${formaterDate(o.maintenant)}` },
    numeroPage: true,
    quadrillage: true,
  };
  return {
    plan: { supprimer: o.existant ? [o.existant.feuille] : [], feuilles: [feuille], activer: nom },
    rapport: {
      feuille: nom,
      lignes: lignes.length,
      imperatifs: candidats.filter((c) => c.priorite === 1).length,
      faibles: candidats.filter((c) => c.origine === ORIGINES.faible).length,
      desaccords: candidats.filter((c) => c.origine === ORIGINES.desaccord).length,
      conservees,
    },
  };
}

export function resumePaq(r: RapportPaq): string {
  const morceaux = [`Plan d'amélioration « ${r.feuille} » : ${r.lignes} actions, dont ${r.imperatifs} pour des impératifs non atteints ou à trancher, ${r.faibles} pour des critères sous le seuil et ${r.desaccords} pour des désaccords à discuter.`];
  if (r.conservees) morceaux.push(`${r.conservees} lignes déjà travaillées ont été gardées telles quelles.`);
  return morceaux.join(" ");
}
