/**
 * National view of the establishments' competence workbooks: training needs by competence and
 * by job, people trained in the quality approach by establishment. Separate from the quality
 * consolidation (consolidation.ts): another kind of workbook, another kind of figure.
 */
import { hauteursAjustees, type ColonnePlan, type FeuillePlan, type ValeurPlan, type WorkbookPlan } from "../workbook-plan";
import { analyser, type DonneesCompetences, type LigneTableauBord } from "./besoins";
import { competencesAplaties, type ReferentielCompetences } from "./referentiel";

export interface SourceCompetences {
  fichier: string;
  donnees?: DonneesCompetences;
  erreur?: string;
}

export interface BesoinNational {
  competence: string;
  positionnes: number;
  sousRequis: number;
  parMetier: Record<string, number>;
}

export interface ConsolidationCompetences {
  referentiel: ReferentielCompetences;
  fichiers: { fichier: string; etablissement: string; statut: "retenu" | "refuse"; raison?: string }[];
  besoins: BesoinNational[];
  etablissements: LigneTableauBord[];
  total: LigneTableauBord;
}

const cmpVersion = (a: string, b: string) => {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** null when no workbook could be read. */
export function consoliderCompetences(sources: readonly SourceCompetences[]): ConsolidationCompetences | null {
  const lues = sources.filter((s): s is SourceCompetences & { donnees: DonneesCompetences } => !!s.donnees);
  if (!lues.length) return null;
  // The referential most workbooks use, in its latest version: competences are matched by id.
  const compte = new Map<string, number>();
  for (const s of lues) compte.set(s.donnees.referentiel.id, (compte.get(s.donnees.referentiel.id) ?? 0) + 1);
  const id = [...compte.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const referentiel = lues.filter((s) => s.donnees.referentiel.id === id).map((s) => s.donnees.referentiel).sort((a, b) => cmpVersion(b.version, a.version))[0]!;
  const fichiers: ConsolidationCompetences["fichiers"] = [];
  const vus = new Set<string>();
  const retenues: DonneesCompetences[] = [];
  for (const s of sources) {
    const etab = s.donnees?.etablissement || s.fichier;
    if (!s.donnees) fichiers.push({ fichier: s.fichier, etablissement: "", statut: "refuse", raison: s.erreur ?? "illisible" });
    else if (s.donnees.referentiel.id !== id) fichiers.push({ fichier: s.fichier, etablissement: etab, statut: "refuse", raison: `référentiel « ${s.donnees.referentiel.id} », pas « ${id} »` });
    else if (vus.has(etab)) fichiers.push({ fichier: s.fichier, etablissement: etab, statut: "refuse", raison: `l'établissement « ${etab} » figure déjà dans un autre classeur` });
    else {
      vus.add(etab);
      fichiers.push({ fichier: s.fichier, etablissement: etab, statut: "retenu" });
      retenues.push({ ...s.donnees, personnes: s.donnees.personnes.map((p) => ({ ...p, etablissement: p.etablissement || etab })) });
    }
  }
  const analyses = retenues.map(analyser);
  const besoins: BesoinNational[] = competencesAplaties(referentiel).map(({ competence }) => {
    const parMetier = Object.fromEntries(referentiel.metiers.map((m) => [m.id, 0]));
    let positionnes = 0;
    let sousRequis = 0;
    for (const a of analyses) {
      const c = a.competences.find((x) => x.competence === competence.id);
      if (!c) continue;
      positionnes += c.positionnes;
      sousRequis += c.sousRequis;
      for (const [m, n] of Object.entries(c.parMetier)) if (Object.hasOwn(parMetier, m)) parMetier[m]! += n;
    }
    return { competence: competence.id, positionnes, sousRequis, parMetier };
  });
  const etablissements = analyses.flatMap((a) => a.tableauBord);
  const effectif = etablissements.reduce((s, e) => s + e.effectif, 0);
  const formes = etablissements.reduce((s, e) => s + e.formesQualite, 0);
  const total = { etablissement: "Total national", effectif, formesQualite: formes, part: effectif ? formes / effectif : null, besoins: etablissements.reduce((s, e) => s + e.besoins, 0) };
  return { referentiel, fichiers, besoins, etablissements, total };
}

export const SIGNATURE_CONSOLIDATION_COMPETENCES = "qualite-eps-competences-national";

const col = (key: string, entete: string, largeur: number, o: Partial<ColonnePlan> = {}): ColonnePlan => ({ key, entete, largeur, verrouillee: true, ...o });

function feuille(nom: string, colonnes: ColonnePlan[], lignes: ValeurPlan[][], o: Partial<FeuillePlan> = {}): FeuillePlan {
  return {
    nom,
    visibilite: "visible",
    colonnes,
    lignes,
    hauteurs: hauteursAjustees(colonnes, lignes),
    validations: [],
    misesEnForme: [],
    figer: { lignes: 1, colonnes: 1 },
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { droite: nom }, numeroPage: true },
    ...o,
  };
}

export function planifierConsolidationCompetences(c: ConsolidationCompetences): WorkbookPlan {
  const r = c.referentiel;
  const comps = new Map(competencesAplaties(r).map((x) => [x.competence.id, x]));
  const besoins = feuille(
    "Besoins nationaux",
    [col("ref", "Réf.", 7), col("competence", "Compétence", 46, { retourALaLigne: true }), col("domaine", "Domaine", 22, { retourALaLigne: true }), col("positionnes", "Personnes positionnées", 12, { retourALaLigne: true }), col("sous", "Sous le niveau requis", 12, { retourALaLigne: true }), ...r.metiers.map((m) => col(m.id, m.libelle.fr, 11, { retourALaLigne: true }))],
    [
      ["Réf.", "Compétence", "Domaine", "Personnes positionnées", "Sous le niveau requis", ...r.metiers.map((m) => m.libelle.fr)],
      ...c.besoins.map((b) => [b.competence, comps.get(b.competence)!.competence.libelle.fr, comps.get(b.competence)!.domaine.libelle.fr, b.positionnes, b.sousRequis, ...r.metiers.map((m) => b.parMetier[m.id] ?? 0)]),
    ],
  );
  const lignesQ: ValeurPlan[][] = [["Établissement", "Effectif", "Formé·es à la démarche qualité", "Part formée", "Besoins repérés"], ...[...c.etablissements, c.total].map((e) => [e.etablissement, e.effectif, e.formesQualite, e.part, e.besoins])];
  const qualite = feuille(
    "Démarche qualité",
    [col("etablissement", "Établissement", 28), col("effectif", "Effectif", 10), col("formes", "Formé·es à la démarche qualité", 14, { retourALaLigne: true }), col("part", "Part formée", 10, { format: "0%" }), col("besoins", "Besoins repérés", 12, { retourALaLigne: true })],
    lignesQ,
    { lignesGras: [lignesQ.length] },
  );
  const fichiers = feuille(
    "Fichiers",
    [col("fichier", "Fichier", 36), col("etablissement", "Établissement", 28), col("statut", "Statut", 10), col("raison", "Raison", 50, { retourALaLigne: true })],
    [["Fichier", "Établissement", "Statut", "Raison"], ...c.fichiers.map((f) => [f.fichier, f.etablissement, f.statut === "retenu" ? "retenu" : "écarté", f.raison ?? ""])],
  );
  const meta: FeuillePlan = {
    nom: "QualiteEPS_competences_national",
    visibilite: "veryHidden",
    colonnes: [col("cle", "cle", 24), col("valeur", "valeur", 40)],
    lignes: [[SIGNATURE_CONSOLIDATION_COMPETENCES, 1], ["referentiel.id", r.id], ["referentiel.version", r.version]],
    validations: [],
    misesEnForme: [],
  };
  return { supprimer: [], feuilles: [besoins, qualite, fichiers, meta], activer: besoins.nom };
}
