/**
 * The competence workbook as a WorkbookPlan: the staff × competence grid (« Positionnement »),
 * « Besoins de formation », « Priorités individuelles », the « Formations » register, the
 * « Tableau de bord » and the referential's required levels, each figure a live formula equal to
 * the core's rule (besoins.ts). Its identity (referential, establishment, period) lives in a
 * very-hidden sheet, like the quality grid's.
 */
import { FEUILLE_META_COMPETENCES } from "../metadata";
import { ErreurUtilisateur } from "../referential";
import { hauteursAjustees, lettreColonne, type ColonnePlan, type FeuillePlan, type MiseEnPagePlan, type ValeurPlan, type Valeur, type WorkbookPlan } from "../workbook-plan";
import { competencesAplaties, competencesQualite, empreinteCompetences, lireReferentielCompetencesJson, NIVEAUX, type ReferentielCompetences } from "./referentiel";
import { etablissementsDe, jetons, niveauValide, PRIORITES_AFFICHEES, servicesDe, type DonneesCompetences, type Formation, type Positionnement } from "./besoins";
import type { Personne } from "./personnel";

export const FEUILLES = {
  grille: "Positionnement",
  besoins: "Besoins de formation",
  priorites: "Priorités individuelles",
  formations: "Formations",
  bord: "Tableau de bord",
  niveaux: "Niveaux requis",
  meta: FEUILLE_META_COMPETENCES,
} as const;
export const SIGNATURE_COMPETENCES = "qualite-eps-competences";
export const FORMAT_COMPETENCES = 1;
/** Rows of the register, ready for formulas. */
export const FORMATIONS_MAX = 200;
const TAILLE_MORCEAU = 30000;

/** Columns of the grid, in order. Letters follow from the order. */
export const COLONNES_GRILLE = [
  "nom",
  "metierLibelle",
  "service",
  "etablissement",
  "domaine",
  "ref",
  "competence",
  "competenceAr",
  "indicateurs",
  "requis",
  "auto",
  "manager",
  "retenu",
  "niveau",
  "ecart",
  "besoin",
  "metier",
  "ordre",
  "deficit",
  "rang",
  "cle",
] as const;
type ColGrille = (typeof COLONNES_GRILLE)[number];
export const G = Object.fromEntries(COLONNES_GRILLE.map((c, i) => [c, lettreColonne(i)])) as Record<ColGrille, string>;

export const COLONNES_FORMATIONS = ["titre", "debut", "fin", "formateur", "participants", "competences"] as const;
export const F = Object.fromEntries(COLONNES_FORMATIONS.map((c, i) => [c, lettreColonne(i)])) as Record<(typeof COLONNES_FORMATIONS)[number], string>;

/** Columns of « Priorités individuelles ». */
export const P = { nom: "A", metier: "B", service: "C", etablissement: "D", positionnees: "E", sous: "F", deficit: "G", priorite1: "H", qualite: lettreColonne(7 + PRIORITES_AFFICHEES) } as const;

export const OUI = "Oui";
export const NON = "Non";
const LISTE_NIVEAUX = `{${NIVEAUX.join(",")}}`;

const col = (key: string, entete: string, largeur: number, o: Partial<ColonnePlan> = {}): ColonnePlan => ({ key, entete, largeur, verrouillee: true, ...o });
const f = (formule: string) => ({ formule });
const absolu = (lettre: string, n: number) => `'${FEUILLES.grille}'!$${lettre}$2:$${lettre}$${n + 1}`;
/** A text criterion of COUNTIFS/MATCH, quoted for a formula. */
const texteFormule = (s: string) => `"${s.replace(/"/g, '""')}"`;

function miseEnPage(titre: string, etablissement: string, orientation: MiseEnPagePlan["orientation"] = "paysage"): MiseEnPagePlan {
  return { orientation, uneLargeur: true, lignesRepetees: 1, enTete: { gauche: etablissement, droite: titre }, numeroPage: true };
}

export interface OptionsClasseurCompetences {
  referentiel: ReferentielCompetences;
  personnes: Personne[];
  etablissement: string;
  periode: string;
  maintenant: string;
}

function feuilleGrille(o: OptionsClasseurCompetences): FeuillePlan {
  const r = o.referentiel;
  const comps = competencesAplaties(r);
  const n = o.personnes.length * comps.length;
  const colonnes: ColonnePlan[] = [
    col("nom", "Nom", 22),
    col("metierLibelle", "Métier", 16),
    col("service", "Service", 16),
    col("etablissement", "Établissement", 16),
    col("domaine", "Domaine", 22, { retourALaLigne: true }),
    col("ref", "Réf.", 7),
    col("competence", "Compétence", 44, { retourALaLigne: true }),
    col("competenceAr", "الكفاية", 36, { retourALaLigne: true }),
    col("indicateurs", "Indicateurs observables", 44, { retourALaLigne: true }),
    col("requis", "Niveau requis", 9, { retourALaLigne: true }),
    col("auto", "Auto-évaluation", 11, { verrouillee: false, retourALaLigne: true }),
    col("manager", "Niveau manager", 11, { verrouillee: false, retourALaLigne: true }),
    col("retenu", "Niveau retenu", 11, { verrouillee: false, retourALaLigne: true }),
    col("niveau", "Niveau pris en compte", 11, { retourALaLigne: true }),
    col("ecart", "Écart au requis", 9, { retourALaLigne: true }),
    col("besoin", "Besoin de formation", 10, { retourALaLigne: true }),
    col("metier", "metier.id", 10, { masquee: true }),
    col("ordre", "n°", 5, { masquee: true }),
    col("deficit", "déficit", 7, { masquee: true }),
    col("rang", "rang", 6, { masquee: true }),
    col("cle", "clé", 12, { masquee: true }),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  const bas = n + 1;
  const plage = (c: ColGrille) => `$${G[c]}$2:$${G[c]}$${bas}`;
  for (const p of o.personnes) {
    const metier = r.metiers.find((m) => m.id === p.metier)!;
    comps.forEach(({ competence, domaine }, ordre) => {
      const x = lignes.length + 1;
      const c = (k: ColGrille) => `${G[k]}${x}`;
      const valide = (k: ColGrille) => `ISNUMBER(MATCH(${c(k)},${LISTE_NIVEAUX},0))`;
      lignes.push([
        p.nom,
        metier.libelle.fr,
        p.service,
        p.etablissement,
        domaine.libelle.fr,
        competence.id,
        competence.libelle.fr,
        competence.libelle.ar ?? "",
        competence.indicateurs.map((i) => `• ${i.fr}`).join("\n"),
        competence.niveauxRequis[p.metier]!,
        null,
        null,
        null,
        f(`IF(${valide("retenu")},${c("retenu")},IF(${valide("manager")},${c("manager")},""))`),
        f(`IF(${c("niveau")}="","",${c("niveau")}-${c("requis")})`),
        f(`IF(${c("niveau")}="","",IF(${c("niveau")}<${c("requis")},"${OUI}","${NON}"))`),
        p.metier,
        ordre,
        f(`IF(${c("besoin")}="${OUI}",${c("requis")}-${c("niveau")},"")`),
        f(
          `IF(${c("besoin")}="${OUI}",1+COUNTIFS(${plage("nom")},${c("nom")},${plage("besoin")},"${OUI}",${plage("deficit")},">"&${c("deficit")})` +
            `+COUNTIFS(${plage("nom")},${c("nom")},${plage("besoin")},"${OUI}",${plage("deficit")},${c("deficit")},${plage("ordre")},"<"&${c("ordre")}),"")`,
        ),
        f(`IF(${c("rang")}="","",${c("nom")}&"#"&${c("rang")})`),
      ]);
    });
  }
  const niveaux = `${G.auto}2:${G.retenu}${bas}`;
  return {
    nom: FEUILLES.grille,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    tableau: { nom: "Positionnement", style: "TableStyleMedium2" },
    validations: [
      {
        plage: niveaux,
        valeurs: [...NIVEAUX],
        titreErreur: "Niveau invalide",
        messageErreur: `Choisissez un niveau de 1 à 4 : ${NIVEAUX.map((k) => `${k} ${r.echelle[String(k) as "1"].fr}`).join(" ; ")}.`,
        titreInvite: "Niveau de 1 à 4",
        invite: NIVEAUX.map((k) => `${k} : ${r.echelle[String(k) as "1"].fr}`).join("\n").slice(0, 255),
      },
    ],
    misesEnForme: [
      { plage: `${G.besoin}2:${G.besoin}${bas}`, formule: `${G.besoin}2="${OUI}"`, fond: "#F4CCCC", police: "#9C0006" },
      { plage: `${G.auto}2:${G.manager}${bas}`, formule: `AND(ISNUMBER($${G.auto}2),ISNUMBER($${G.manager}2),ABS($${G.auto}2-$${G.manager}2)>=2)`, fond: "#FFC000" },
    ],
    figer: { lignes: 1, colonnes: 1 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: miseEnPage("Positionnement des compétences", o.etablissement),
  };
}

function feuilleBesoins(o: OptionsClasseurCompetences): FeuillePlan {
  const r = o.referentiel;
  const n = o.personnes.length * competencesAplaties(r).length;
  const services = servicesDe(o.personnes);
  const colonnes: ColonnePlan[] = [
    col("ref", "Réf.", 7),
    col("competence", "Compétence", 46, { retourALaLigne: true }),
    col("domaine", "Domaine", 22, { retourALaLigne: true }),
    col("positionnes", "Personnes positionnées", 12, { retourALaLigne: true }),
    col("sous", "Sous le niveau requis", 12, { retourALaLigne: true }),
    col("part", "Part", 8, { format: "0%" }),
    ...r.metiers.map((m) => col(`m:${m.id}`, m.libelle.fr, 13, { retourALaLigne: true })),
    ...services.map((s, i) => col(`s:${i}`, `Service : ${s}`, 12, { retourALaLigne: true })),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  const compte = (x: number, ...crit: string[]) => `COUNTIFS(${absolu(G.ref, n)},$A${x},${absolu(G.besoin, n)},"${OUI}"${crit.map((k) => `,${k}`).join("")})`;
  for (const { competence, domaine } of competencesAplaties(r)) {
    const x = lignes.length + 1;
    lignes.push([
      competence.id,
      competence.libelle.fr,
      domaine.libelle.fr,
      f(`COUNTIFS(${absolu(G.ref, n)},$A${x},${absolu(G.besoin, n)},"${OUI}")+COUNTIFS(${absolu(G.ref, n)},$A${x},${absolu(G.besoin, n)},"${NON}")`),
      f(compte(x)),
      f(`IF(D${x}=0,"",E${x}/D${x})`),
      ...r.metiers.map((m) => f(compte(x, absolu(G.metier, n), texteFormule(m.id)))),
      ...services.map((s) => f(compte(x, absolu(G.service, n), texteFormule(s)))),
    ]);
  }
  const bas = lignes.length;
  return {
    nom: FEUILLES.besoins,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [],
    echelles: [],
    figer: { lignes: 1, colonnes: 2 },
    formats: [{ plage: `F2:F${bas}`, format: "0%" }],
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: miseEnPage("Besoins de formation par compétence", o.etablissement),
  };
}

function feuillePriorites(o: OptionsClasseurCompetences): FeuillePlan {
  const r = o.referentiel;
  const n = o.personnes.length * competencesAplaties(r).length;
  const colonnes: ColonnePlan[] = [
    col("nom", "Nom", 22),
    col("metier", "Métier", 16),
    col("service", "Service", 16),
    col("etablissement", "Établissement", 16),
    col("positionnees", "Compétences positionnées", 13, { retourALaLigne: true }),
    col("sous", "Sous le niveau requis", 12, { retourALaLigne: true }),
    col("deficit", "Écart total au requis", 12, { retourALaLigne: true }),
    ...Array.from({ length: PRIORITES_AFFICHEES }, (_, k) => col(`p${k + 1}`, `Priorité ${k + 1}`, 10)),
    col("qualite", "Formé·e à la démarche qualité", 14, { retourALaLigne: true }),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  // Each row of the register as « ;A;B; » (spaces removed, « , » read as « ; », upper case): a
  // token is found by FIND(";X;"), never by a prefix of a longer one.
  const enListe = (c: "participants" | "competences") => `";"&UPPER(SUBSTITUTE(SUBSTITUTE('${FEUILLES.formations}'!$${F[c]}$2:$${F[c]}$${FORMATIONS_MAX + 1}," ",""),",",";"))&";"`;
  const couvreQualite = competencesQualite(r).map((q) => `ISNUMBER(FIND(";${q.toUpperCase()};",${enListe("competences")}))`).join("+");
  for (const p of o.personnes) {
    const x = lignes.length + 1;
    const parNom = (etat: string) => `COUNTIFS(${absolu(G.nom, n)},$A${x},${absolu(G.besoin, n)},"${etat}")`;
    lignes.push([
      p.nom,
      r.metiers.find((m) => m.id === p.metier)!.libelle.fr,
      p.service,
      p.etablissement,
      f(`${parNom(OUI)}+${parNom(NON)}`),
      f(parNom(OUI)),
      f(`SUMIFS(${absolu(G.deficit, n)},${absolu(G.nom, n)},$A${x})`),
      ...Array.from({ length: PRIORITES_AFFICHEES }, (_, k) => f(`IFERROR(INDEX(${absolu(G.ref, n)},MATCH($A${x}&"#${k + 1}",${absolu(G.cle, n)},0)),"")`)),
      f(`IF(SUMPRODUCT((${couvreQualite})*ISNUMBER(FIND(";"&UPPER(SUBSTITUTE($A${x}," ",""))&";",${enListe("participants")})))>0,"${OUI}","${NON}")`),
    ]);
  }
  return {
    nom: FEUILLES.priorites,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [{ plage: `${P.qualite}2:${P.qualite}${lignes.length}`, formule: `${P.qualite}2="${OUI}"`, fond: "#D9EAD3" }],
    figer: { lignes: 1, colonnes: 1 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: miseEnPage("Priorités individuelles de formation", o.etablissement),
  };
}

function feuilleFormations(o: OptionsClasseurCompetences): FeuillePlan {
  const colonnes: ColonnePlan[] = [
    col("titre", "Intitulé de la formation", 36, { verrouillee: false, retourALaLigne: true, format: "@" }),
    col("debut", "Début", 11, { verrouillee: false, format: "dd/mm/yyyy" }),
    col("fin", "Fin", 11, { verrouillee: false, format: "dd/mm/yyyy" }),
    col("formateur", "Formateur·rice", 20, { verrouillee: false, format: "@" }),
    col("participants", "Participants (noms séparés par « ; »)", 44, { verrouillee: false, retourALaLigne: true, format: "@" }),
    col("competences", "Compétences couvertes (réf. séparées par « ; »)", 22, { verrouillee: false, retourALaLigne: true, format: "@" }),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  // Empty rows, ready to fill: the register holds no formula a paste could erase.
  for (let x = 2; x <= FORMATIONS_MAX + 1; x++) lignes.push(colonnes.map(() => null));
  return {
    nom: FEUILLES.formations,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [],
    figer: { lignes: 1, colonnes: 1 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: { ...miseEnPage("Registre des formations", o.etablissement), quadrillage: true, zone: `A1:${F.competences}${FORMATIONS_MAX + 1}` },
  };
}

function feuilleTableauBord(o: OptionsClasseurCompetences): FeuillePlan {
  const n = o.personnes.length;
  const prio = (c: string) => `'${FEUILLES.priorites}'!$${c}$2:$${c}$${n + 1}`;
  const colonnes: ColonnePlan[] = [
    col("etablissement", "Établissement", 28),
    col("effectif", "Effectif", 10),
    col("formes", "Formé·es à la démarche qualité", 14, { retourALaLigne: true }),
    col("part", "Part formée", 10, { format: "0%", retourALaLigne: true }),
    col("besoins", "Besoins repérés (compétences sous le requis)", 16, { retourALaLigne: true }),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  for (const e of etablissementsDe(o.personnes)) {
    const x = lignes.length + 1;
    lignes.push([
      e,
      f(`COUNTIFS(${prio(P.etablissement)},$A${x})`),
      f(`COUNTIFS(${prio(P.etablissement)},$A${x},${prio(P.qualite)},"${OUI}")`),
      f(`IF(B${x}=0,"",C${x}/B${x})`),
      f(`SUMIFS(${prio(P.sous)},${prio(P.etablissement)},$A${x})`),
    ]);
  }
  const der = lignes.length;
  const t = der + 1;
  lignes.push(["Total", f(`SUM(B2:B${der})`), f(`SUM(C2:C${der})`), f(`IF(B${t}=0,"",C${t}/B${t})`), f(`SUM(E2:E${der})`)]);
  return {
    nom: FEUILLES.bord,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [],
    formats: [{ plage: `D2:D${t}`, format: "0%" }],
    lignesGras: [t],
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: miseEnPage("Tableau de bord des compétences", o.etablissement, "portrait"),
  };
}

function feuilleNiveaux(o: OptionsClasseurCompetences): FeuillePlan {
  const r = o.referentiel;
  const colonnes: ColonnePlan[] = [
    col("ref", "Réf.", 7),
    col("competence", "Compétence", 50, { retourALaLigne: true }),
    col("ar", "الكفاية", 40, { retourALaLigne: true }),
    ...r.metiers.map((m) => col(m.id, m.libelle.fr, 11, { retourALaLigne: true })),
  ];
  const lignes: ValeurPlan[][] = [colonnes.map((c) => c.entete)];
  for (const { competence } of competencesAplaties(r)) lignes.push([competence.id, competence.libelle.fr, competence.libelle.ar ?? "", ...r.metiers.map((m) => competence.niveauxRequis[m.id]!)]);
  lignes.push([]);
  lignes.push(["Niveau", "Ce qu'il veut dire", "المعنى"]);
  const legende = lignes.length;
  for (const k of NIVEAUX) lignes.push([k, r.echelle[String(k) as "1"].fr, r.echelle[String(k) as "1"].ar ?? ""]);
  return {
    nom: FEUILLES.niveaux,
    visibilite: "visible",
    colonnes,
    lignes: lignes.map((l) => colonnes.map((_, i) => l[i] ?? null)),
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [],
    lignesGras: [legende],
    echelles: [{ plage: `D2:${lettreColonne(colonnes.length - 1)}${competencesAplaties(r).length + 1}`, min: 1, max: 4 }],
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    miseEnPage: miseEnPage(`Niveaux requis · ${r.id} ${r.version}`, o.etablissement),
  };
}

export interface MetaCompetences {
  referentielId: string;
  referentielVersion: string;
  empreinte: string;
  etablissement: string;
  periode: string;
  creeLe: string;
  referentielJson: string;
}

function feuilleMeta(m: MetaCompetences): FeuillePlan {
  const lignes: Valeur[][] = [
    [SIGNATURE_COMPETENCES, FORMAT_COMPETENCES],
    ["referentiel.id", m.referentielId],
    ["referentiel.version", m.referentielVersion],
    ["referentiel.empreinte", m.empreinte],
    ["etablissement", m.etablissement],
    ["periode", m.periode],
    ["cree.le", m.creeLe],
  ];
  for (let i = 0, k = 1; i < m.referentielJson.length; i += TAILLE_MORCEAU, k++) lignes.push([`referentiel.json.${k}`, m.referentielJson.slice(i, i + TAILLE_MORCEAU)]);
  return {
    nom: FEUILLES.meta,
    visibilite: "veryHidden",
    colonnes: [col("cle", "cle", 24, { format: "@" }), col("valeur", "valeur", 60, { format: "@" })],
    lignes,
    validations: [],
    misesEnForme: [],
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: false, autoriserFormatLignes: false },
  };
}

/** The whole competence workbook for a staff list. */
export function planifierClasseurCompetences(o: OptionsClasseurCompetences): WorkbookPlan {
  const r = o.referentiel;
  const { $schema: _s, ...sansSchema } = r;
  return {
    supprimer: Object.values(FEUILLES),
    feuilles: [
      feuilleGrille(o),
      feuilleBesoins(o),
      feuillePriorites(o),
      feuilleFormations(o),
      feuilleTableauBord(o),
      feuilleNiveaux(o),
      feuilleMeta({ referentielId: r.id, referentielVersion: r.version, empreinte: empreinteCompetences(r), etablissement: o.etablissement, periode: o.periode, creeLe: o.maintenant, referentielJson: JSON.stringify(sansSchema) }),
    ],
    activer: FEUILLES.grille,
  };
}

/* ---------- Reading a filled workbook back ---------- */

export interface FeuillesCompetences {
  meta: readonly (readonly Valeur[])[];
  grille: readonly (readonly Valeur[])[];
  formations: readonly (readonly Valeur[])[];
}

export function estClasseurCompetences(meta: readonly (readonly Valeur[])[] | null | undefined): boolean {
  return String(meta?.[0]?.[0] ?? "") === SIGNATURE_COMPETENCES;
}

const texte = (v: Valeur | undefined) => (v === null || v === undefined ? "" : String(v).trim());

/** A level cell: a number 1–4, empty, or an anomaly naming the cell, the person and the competence. */
function niveauLu(v: Valeur | undefined, ou: string, anomalies: string[]): number | null {
  if (v === null || v === undefined || v === "") return null;
  if (niveauValide(v)) return v;
  anomalies.push(`${ou} : « ${String(v)} » n'est pas un niveau de 1 à 4 (valeur ignorée)`);
  return null;
}

/** Dates of the register: ISO text from our reader, or what a person typed. */
function dateLue(v: Valeur | undefined): string | null {
  const t = texte(v);
  return t ? t : null;
}

/** From a filled workbook's values to the core's data; cells that cannot count are listed, never fatal. */
export function lireDonneesCompetences(feuilles: FeuillesCompetences, source: string): { donnees: DonneesCompetences; anomalies: string[] } {
  if (!estClasseurCompetences(feuilles.meta)) throw new ErreurUtilisateur(`${source} n'est pas un classeur de compétences Qualité EPS (feuille « ${FEUILLES.meta} » absente ou illisible).`);
  const format = Number(feuilles.meta[0]?.[1]);
  if (!Number.isInteger(format) || format > FORMAT_COMPETENCES) throw new ErreurUtilisateur(`${source} : classeur de compétences au format ${String(feuilles.meta[0]?.[1])}, plus récent que cette version de Qualité EPS. Mettez-la à jour.`);
  const kv = new Map<string, string>();
  for (const l of feuilles.meta.slice(1)) if (texte(l[0])) kv.set(texte(l[0]), l[1] === null || l[1] === undefined ? "" : String(l[1]));
  const morceaux: string[] = [];
  for (let k = 1; kv.has(`referentiel.json.${k}`); k++) morceaux.push(kv.get(`referentiel.json.${k}`)!);
  if (!morceaux.length) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLES.meta} » ne contient pas le référentiel de compétences.`);
  const referentiel = lireReferentielCompetencesJson(morceaux.join(""), `référentiel de compétences enregistré dans ${source}`);
  const anomalies: string[] = [];
  const [entete, ...corps] = feuilles.grille;
  const attendu = ["Nom", "Métier"];
  if (!entete || texte(entete[0]) !== attendu[0] || texte(entete[1]) !== attendu[1]) {
    throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLES.grille} » n'a plus son en-tête (Nom, Métier…) en ligne 1 : elle a été déplacée ou remplacée.`);
  }
  const i = Object.fromEntries(COLONNES_GRILLE.map((c, k) => [c, k])) as Record<ColGrille, number>;
  const personnes = new Map<string, Personne>();
  const positionnements: Positionnement[] = [];
  const connues = new Set(competencesAplaties(referentiel).map((c) => c.competence.id));
  corps.forEach((l, k) => {
    const x = k + 2;
    const nom = texte(l[i.nom]);
    const competence = texte(l[i.ref]);
    if (!nom && !competence) return;
    const metier = texte(l[i.metier]);
    if (!connues.has(competence) || !referentiel.metiers.some((m) => m.id === metier)) {
      anomalies.push(`feuille « ${FEUILLES.grille} », ligne ${x} : compétence « ${competence} » ou métier « ${metier} » inconnu du référentiel (ligne ignorée)`);
      return;
    }
    if (!personnes.has(nom)) personnes.set(nom, { nom, metier, service: texte(l[i.service]), etablissement: texte(l[i.etablissement]) });
    const ou = (c: ColGrille) => `feuille « ${FEUILLES.grille} », cellule ${G[c]}${x} (${nom}, ${competence})`;
    positionnements.push({ nom, competence, auto: niveauLu(l[i.auto], ou("auto"), anomalies), manager: niveauLu(l[i.manager], ou("manager"), anomalies), retenu: niveauLu(l[i.retenu], ou("retenu"), anomalies) });
  });
  const formations: Formation[] = [];
  const refsConnues = new Set([...connues].map((c) => c.toUpperCase()));
  feuilles.formations.slice(1).forEach((l, k) => {
    const [titre, debut, fin, formateur, participants, competences] = l;
    if (![titre, participants, competences].some((v) => texte(v))) return;
    const fo = { titre: texte(titre), debut: dateLue(debut), fin: dateLue(fin), formateur: texte(formateur), participants: texte(participants), competences: texte(competences) };
    for (const ref of jetons(fo.competences)) {
      if (!refsConnues.has(ref)) anomalies.push(`feuille « ${FEUILLES.formations} », cellule ${F.competences}${k + 2} : « ${ref} » n'est pas une compétence du référentiel`);
    }
    formations.push(fo);
  });
  return {
    donnees: { referentiel, etablissement: kv.get("etablissement") ?? "", periode: kv.get("periode") ?? "", personnes: [...personnes.values()], positionnements, formations },
    anomalies,
  };
}
