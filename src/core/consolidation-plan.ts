/**
 * The consolidated workbook as a WorkbookPlan: summary with the national radar, matrices
 * (establishment × thematic, chapter, objective) with a colour scale, imperatives most often
 * unmet, ranking, progression, and one row per source file with its status.
 */
import { fichiersEcartes, type Consolidation, type Statistiques } from "./consolidation";
import { couperLibelle } from "./mesure-texte";
import { nomCampagne } from "./periode";
import { hauteursAjustees, lettreColonne, nomLibre, type ColonnePlan, type FeuillePlan, type Valeur, type WorkbookPlan } from "./workbook-plan";

export const FEUILLES_CONSOLIDATION = {
  synthese: "Consolidation",
  thematiques: "Matrice thématiques",
  chapitres: "Matrice chapitres",
  objectifs: "Matrice objectifs",
  imperatifs: "Impératifs manqués",
  classement: "Classement",
  progression: "Progression",
  fichiers: "Fichiers",
} as const;
/** First cell of the summary sheet: recognises a consolidation workbook. */
export const SIGNATURE_CONSOLIDATION = "Consolidation Qualité EPS";

const STATUTS: Record<string, string> = { ok: "Retenu", migre: "Retenu (version migrée)", refuse: "Refusé", doublon: "Doublon écarté", "periode-anterieure": "Période antérieure (progression)" };

function colonnes(entetes: [string, number, string?][]): ColonnePlan[] {
  return entetes.map(([entete, largeur, format], i) => ({ key: `c${i}`, entete, largeur, verrouillee: true, format, retourALaLigne: largeur >= 40 }));
}

function feuille(nom: string, cols: ColonnePlan[], lignes: Valeur[][], extra: Partial<FeuillePlan> = {}, referentiel = ""): FeuillePlan {
  const largeur = cols.length;
  const toutes = [cols.map((c) => c.entete), ...lignes].map((l) => [...l, ...Array<Valeur>(Math.max(0, largeur - l.length)).fill(null)].slice(0, largeur));
  return {
    nom,
    visibilite: "visible",
    colonnes: cols,
    lignes: toutes,
    validations: [],
    misesEnForme: [],
    figer: { lignes: 1, colonnes: 1 },
    hauteurs: hauteursAjustees(cols, toutes),
    // Printed landscape, one page wide, the header row on every page.
    miseEnPage: { orientation: "paysage", uneLargeur: true, lignesRepetees: 1, enTete: { gauche: SIGNATURE_CONSOLIDATION, centre: nom, droite: referentiel }, numeroPage: true },
    ...extra,
  };
}

const stats = (s: Statistiques): Valeur[] => [s.moyenne, s.ecartType, s.min, s.max, s.n];

function matrice(c: Consolidation, cle: "thematiques" | "chapitres" | "objectifs", nom: string): FeuillePlan {
  const niveaux = c[cle];
  const cols = colonnes([["Établissement", 30], ["Période", 9, "@"], ["Global", 8, "0.00"], ["Complétion", 11, "0 %"], ["Impératifs atteints", 18, "0 %"], ...niveaux.map((n): [string, number, string] => [n.id, 7, "0.00"])]);
  const lignes: Valeur[][] = c.etablissements.map((e) => [
    e.etablissement,
    nomCampagne(e.periode, e.campagne),
    e.resultats.global,
    e.resultats.completion,
    e.tauxImperatifs,
    ...niveaux.map((n) => e.resultats[cle].find((x) => x.id === n.id)?.score ?? null),
  ]);
  lignes.push(["Moyenne nationale", null, c.global.moyenne, null, null, ...niveaux.map((n) => n.moyenne)]);
  const derniere = lignes.length + 1;
  const { min, max } = c.echelle;
  return feuille(nom, cols, lignes, {
    // Scores on the referential's scale (red → green); completion and imperatives met on 0–100 %.
    echelles: [
      { plage: `C2:C${derniere}`, min, max },
      { plage: `F2:${lettreColonne(cols.length - 1)}${derniere}`, min, max },
      { plage: `D2:E${derniere}`, min: 0, max: 1 },
    ],
    lignesGras: [derniere],
  }, `${c.referentiel.id} ${c.referentiel.version}`);
}

export function planifierConsolidation(c: Consolidation, feuillesExistantes: string[] = []): WorkbookPlan {
  const pris = [...feuillesExistantes];
  const nom = (n: string) => {
    const libre = nomLibre(n, pris);
    pris.push(libre);
    return libre;
  };
  const ecartes = fichiersEcartes(c).length;

  const synthese: Valeur[][] = [
    [`Référentiel ${c.referentiel.id} ${c.referentiel.version}`, c.referentiel.titre],
    ["Fichiers lus", c.fichiers.length],
    ["Établissements retenus", c.etablissements.length],
    ["Fichiers écartés", ecartes],
    [
      "Impératifs",
      c.tousImperatifs.part === null
        ? "Le référentiel n'a pas de critère impératif."
        : `Établissements atteignant tous les impératifs : ${c.tousImperatifs.n} sur ${c.etablissements.length} (${Math.round(c.tousImperatifs.part * 100)} %)`,
    ],
    ["Classement", `Complétion d'au moins ${Math.round(c.completionMin * 100)} % : ${c.classement.length} établissements classés, ${c.horsClassement.length} hors classement`],
    ...(c.anonymise ? [["Anonymisation", "Noms des établissements et des fichiers remplacés par des codes (EPS-01…)"]] : []),
    [],
    ["Niveau", "Libellé", "Moyenne", "Écart-type", "Min", "Max", "Établissements"],
    ["Ensemble", "Score global", ...stats(c.global)],
    ...c.chapitres.map((n): Valeur[] => [n.id, n.libelle, ...stats(n)]),
  ];
  const debutThematiques = synthese.length + 2;
  // Names cut on short lines: the radar reads its axis labels from them.
  synthese.push(...c.thematiques.map((n): Valeur[] => [n.id, couperLibelle(n.libelle, 26), ...stats(n)]));
  const finThematiques = synthese.length + 1;
  const colsSynthese = colonnes([[SIGNATURE_CONSOLIDATION, 24, "@"], ["", 50], ["", 10, "0.00"], ["", 10, "0.00"], ["", 8, "0.00"], ["", 8, "0.00"], ["", 14]]);

  const feuilles: FeuillePlan[] = [
    feuille(nom(FEUILLES_CONSOLIDATION.synthese), colsSynthese, synthese, {
      figer: undefined,
      lignesGras: [1, 9 + (c.anonymise ? 1 : 0)],
      graphiques: [
        {
          type: "radar",
          titre: "Moyenne nationale par thématique",
          categories: `B${debutThematiques}:B${finThematiques}`,
          valeurs: `C${debutThematiques}:C${finThematiques}`,
          nomSerie: "Moyenne nationale",
          de: "I2",
          a: "Q22",
          min: c.echelle.min,
          max: c.echelle.max,
        },
      ],
    }),
    matrice(c, "thematiques", nom(FEUILLES_CONSOLIDATION.thematiques)),
    matrice(c, "chapitres", nom(FEUILLES_CONSOLIDATION.chapitres)),
    matrice(c, "objectifs", nom(FEUILLES_CONSOLIDATION.objectifs)),
    feuille(
      nom(FEUILLES_CONSOLIDATION.imperatifs),
      colonnes([["Réf.", 9, "@"], ["Critère impératif", 60], ["Établissements qui ne l'atteignent pas", 14], ["Part", 8, "0 %"], ["Lesquels", 60]]),
      c.imperatifs.map((i) => [i.id, i.libelle, i.nonAtteints, c.etablissements.length ? i.nonAtteints / c.etablissements.length : null, i.etablissements.join(", ")]),
    ),
    feuille(
      nom(FEUILLES_CONSOLIDATION.classement),
      colonnes([["Rang", 7], ["Établissement", 30], ["Période", 9, "@"], ["Score global", 12, "0.00"], ["Complétion", 11, "0 %"], ["Impératifs non atteints", 22], ["Impératifs atteints", 18, "0 %"]]),
      [
        ...c.classement.map((r): Valeur[] => [r.rang, r.etablissement, r.periode, r.global, r.completion, r.imperatifsNonAtteints, r.tauxImperatifs]),
        ...c.horsClassement.map((r): Valeur[] => [`< ${Math.round(c.completionMin * 100)} %`, r.etablissement, r.periode, null, r.completion]),
      ],
      {
        misesEnForme: [
          { plage: `F2:F${c.classement.length + 1}`, formule: "F2>0", fond: "#F4B6B6" },
          ...(c.horsClassement.length ? [{ plage: `A${c.classement.length + 2}:G${c.classement.length + c.horsClassement.length + 1}`, formule: "TRUE", fond: "#E7E6E6" }] : []),
        ],
      },
    ),
  ];
  if (c.progression.length) {
    const ids = c.thematiques.map((t) => t.id);
    feuilles.push(
      feuille(
        nom(FEUILLES_CONSOLIDATION.progression),
        colonnes([["Établissement", 30], ["Avant", 9, "@"], ["Après", 9, "@"], ["Global avant", 11, "0.00"], ["Global après", 11, "0.00"], ...ids.map((id): [string, number, string] => [`Δ ${id}`, 8, "+0.00;-0.00;0"])]),
        c.progression.map((p) => [p.etablissement, p.avant, p.apres, p.global.avant, p.global.apres, ...ids.map((id) => p.thematiques.find((t) => t.id === id)?.ecart ?? null)]),
      ),
    );
  }
  feuilles.push(
    feuille(
      nom(FEUILLES_CONSOLIDATION.fichiers),
      colonnes([["Fichier", 36, "@"], ["Statut", 22], ["Raison", 60], ["Établissement", 28], ["Période", 9, "@"], ["Version", 9, "@"], ["Score global", 11, "0.00"], ["Complétion", 11, "0 %"]]),
      c.fichiers.map((f) => [f.fichier, STATUTS[f.statut] ?? f.statut, f.raison, f.etablissement, f.periode, f.version, f.global, f.completion]),
      {
        misesEnForme: [{ plage: `B2:B${c.fichiers.length + 1}`, formule: `B2="${STATUTS.refuse}"`, fond: "#F4B6B6" }],
      },
    ),
  );
  return { supprimer: [], feuilles, activer: feuilles[0]!.nom };
}
