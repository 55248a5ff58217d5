/**
 * The "Synthèse" sheet: the same roll-ups as src/core/scores.ts, as live Excel formulas, so the
 * workbook stays meaningful without the add-in. An interop test recalculates random workbooks
 * with LibreOffice and compares every result with the core.
 *
 * Formulas keep to functions Excel 2016 and LibreOffice 7.4 share (AVERAGEIFS, COUNTIFS,
 * SUMIFS, COUNTIF, ROUND, IF). A criterion reads its own rows of the grid (they are contiguous
 * and the protected grid cannot be sorted); levels are matched on prefixed keys ("ob:1.10"),
 * since an id such as "1.10" would be read as the number 1.1 by SUMIFS criteria.
 */
import { criteresAplatis, estApplicable, NIVEAUX_PAR_DEFAUT, type Referentiel } from "./referential";
import { couperLibelle } from "./mesure-texte";
import { REPONSE_IMPOSSIBLE } from "./scores";
import { hauteursAjustees, type ColonnePlan, type FeuillePlan, type Formule, type GraphiquePlan, type ValeurPlan } from "./workbook-plan";

export interface DispositionGrille {
  nom: string;
  grille: string;
  /** Column of the grid holding each row's score (the note, or the agreed note / consensus). */
  colonneScore: string;
  /** Participative grids: the column holding each imperative row's status (Atteint, Non atteint, À discuter). */
  colonneStatut?: string;
  etablissement: string;
  periode: string;
  /** The establishment's categories: criteria of other categories count for nothing (score, completion, imperatives). */
  categories?: readonly string[];
}

/**
 * Column letters of the calculation block: every level's score, counts and the helper columns
 * (parent keys, weights) the formulas need. They sit far right, hidden in an outline group; the
 * report at the top left reads its figures from them (and the radar, I–R, sits between).
 */
export const COLONNES_SYNTHESE = {
  niveau: "T",
  ref: "U",
  libelle: "V",
  score: "W",
  evalues: "X",
  nc: "Y",
  criteres: "Z",
  completion: "AA",
  parent: "AB",
  thematique: "AC",
  chapitre: "AD",
  poids: "AE",
  pondere: "AF",
  poidsRetenu: "AG",
  cle: "AH",
  imperatif: "AI",
  statut: "AJ",
  ri: "AK",
} as const;
/** First column of the calculation block (0-based: T), right of the radar (I–R). */
const PREMIERE_CALCUL = 19;

/** Columns of the report a reader sees: reference, name, score, counts, completion. */
export const COLONNES_RAPPORT = { ref: "A", libelle: "B", score: "C", evalues: "D", nc: "E", criteres: "F", completion: "G" } as const;

export const LIGNE_ENTETE_SYNTHESE = 5;
/** What the grid's « Statut impératif » column shows on an imperative row of a participative grid. */
export const STATUTS_LIGNE = { atteint: "Atteint", nonAtteint: "Non atteint", aDiscuter: "À discuter" } as const;
export const STATUTS = { atteint: "Atteint", nonAtteint: "Non atteint", aDiscuter: "Non atteint — à discuter", nonEvalue: "Non évalué" } as const;

/** Rows of the report (1-based), computed from the referential alone. */
export interface DispositionRapport {
  score: number;
  completion: number;
  evalues: number;
  nc: number;
  ri: number;
  imperatifsNonAtteints: number;
  enteteChapitres: number;
  chapitres: Map<string, number>;
  enteteThematiques: number;
  thematiques: Map<string, number>;
  enteteImperatifs: number;
  imperatifs: Map<string, number>;
  derniere: number;
}

export function dispositionRapport(ref: Referentiel, categories?: readonly string[]): DispositionRapport {
  const thematiques = ref.chapitres.flatMap((c) => c.thematiques);
  const imperatifs = criteresAplatis(ref).filter((c) => c.critere.imperatif && estApplicable(c.critere, categories));
  const enteteChapitres = 13;
  const enteteThematiques = enteteChapitres + ref.chapitres.length + 2;
  const enteteImperatifs = enteteThematiques + thematiques.length + 2;
  return {
    score: 6,
    completion: 7,
    evalues: 8,
    nc: 9,
    ri: 10,
    imperatifsNonAtteints: 11,
    enteteChapitres,
    chapitres: new Map(ref.chapitres.map((c, i) => [c.id, enteteChapitres + 1 + i])),
    enteteThematiques,
    thematiques: new Map(thematiques.map((t, i) => [t.id, enteteThematiques + 1 + i])),
    enteteImperatifs,
    imperatifs: new Map(imperatifs.map((c, i) => [c.critere.id, enteteImperatifs + 1 + i])),
    derniere: enteteImperatifs + Math.max(imperatifs.length, 1),
  };
}

const f = (formule: string): Formule => ({ formule });
const texte = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function feuilleSynthese(ref: Referentiel, d: DispositionGrille): FeuillePlan {
  const niveaux = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
  const { min, max, nonConcerne } = ref.echelle;
  const g = `'${d.grille.replace(/'/g, "''")}'!`;
  const lignesParCritere = new Map(criteresAplatis(ref).map(({ critere }) => [critere.id, critere.elements?.length ?? 1]));

  // Row numbers of each block.
  const chapitres = ref.chapitres;
  const thematiques = chapitres.flatMap((c) => c.thematiques.map((t) => ({ t, c })));
  const objectifs = thematiques.flatMap(({ t }) => t.objectifs.map((o) => ({ o, t })));
  const criteres = criteresAplatis(ref);
  const lGlobal = LIGNE_ENTETE_SYNTHESE + 1;
  const h0 = lGlobal + 1;
  const h1 = h0 + chapitres.length - 1;
  const t0 = h1 + 1;
  const t1 = t0 + thematiques.length - 1;
  const o0 = t1 + 1;
  const o1 = o0 + objectifs.length - 1;
  const c0 = o1 + 1;
  const c1 = c0 + criteres.length - 1;
  const C = COLONNES_SYNTHESE;
  const plage = (col: string, a: number, b: number) => `$${col}$${a}:$${col}$${b}`;

  /** Weighted mean of the children's rounded scores, over rows a..b whose parent key is `cle`. */
  const moyenne = (a: number, b: number, cle: string) =>
    f(
      `IF(SUMIFS(${plage(C.poidsRetenu, a, b)},${plage(C.parent, a, b)},${cle})=0,"",ROUND(SUMIFS(${plage(C.pondere, a, b)},${plage(C.parent, a, b)},${cle})/SUMIFS(${plage(C.poidsRetenu, a, b)},${plage(C.parent, a, b)},${cle}),2))`,
    );
  /** Counts over the criterion rows whose key column `col` equals `cle`. */
  const comptes = (col: string, cle: string, r: number): ValeurPlan[] => [
    f(`SUMIFS(${plage(C.evalues, c0, c1)},${plage(col, c0, c1)},${cle})`),
    f(`SUMIFS(${plage(C.nc, c0, c1)},${plage(col, c0, c1)},${cle})`),
    f(`SUMIFS(${plage(C.criteres, c0, c1)},${plage(col, c0, c1)},${cle})`),
    f(`IF(${C.criteres}${r}=0,0,(${C.evalues}${r}+${C.nc}${r}+${C.ri}${r})/${C.criteres}${r})`),
  ];
  /** Criteria scored RI (answer impossible) whose key column `col` equals `cle`: last column of the block. */
  const ri = (col: string, cle: string): Formule => f(`SUMIFS(${plage(C.ri, c0, c1)},${plage(col, c0, c1)},${cle})`);
  const aides = (r: number): ValeurPlan[] => [f(`IF(ISNUMBER(${C.score}${r}),${C.score}${r}*${C.poids}${r},0)`), f(`IF(ISNUMBER(${C.score}${r}),${C.poids}${r},0)`)];

  // Calculation block: its header row, then one row per level, from LIGNE_ENTETE_SYNTHESE down.
  const lignes: ValeurPlan[][] = [[], [], [], [], ["Niveau", "Réf.", "Libellé", "Score", "Critères évalués", nonConcerne, "Critères", "Complétion", "Parent", niveaux.thematique.fr, niveaux.chapitre.fr, "Poids", "Pondéré", "Poids retenu", "Clé", "Impératif", "Statut", "RI"]];
  // Establishment.
  lignes.push([
    "Établissement",
    "global",
    d.etablissement || "Ensemble de l'établissement",
    f(`IF(SUM(${plage(C.poidsRetenu, h0, h1)})=0,"",ROUND(SUM(${plage(C.pondere, h0, h1)})/SUM(${plage(C.poidsRetenu, h0, h1)}),2))`),
    f(`SUM(${plage(C.evalues, c0, c1)})`),
    f(`SUM(${plage(C.nc, c0, c1)})`),
    f(`SUM(${plage(C.criteres, c0, c1)})`),
    f(`IF(${C.criteres}${lGlobal}=0,0,(${C.evalues}${lGlobal}+${C.nc}${lGlobal}+${C.ri}${lGlobal})/${C.criteres}${lGlobal})`),
    null, null, null, 1, null, null, "global", null, null,
    f(`SUM(${plage(C.ri, c0, c1)})`),
  ]);
  chapitres.forEach((ch, i) => {
    const r = h0 + i;
    const cle = `ch:${ch.id}`;
    lignes.push([niveaux.chapitre.fr, ch.id, ch.libelle.fr, moyenne(t0, t1, `${C.cle}${r}`), ...comptes(C.chapitre, `${C.cle}${r}`, r), "global", null, null, ch.poids ?? 1, ...aides(r), cle, null, null, ri(C.chapitre, `${C.cle}${r}`)]);
  });
  thematiques.forEach(({ t, c }, i) => {
    const r = t0 + i;
    lignes.push([niveaux.thematique.fr, t.id, t.libelle.fr, moyenne(o0, o1, `${C.cle}${r}`), ...comptes(C.thematique, `${C.cle}${r}`, r), `ch:${c.id}`, null, null, t.poids ?? 1, ...aides(r), `th:${t.id}`, null, null, ri(C.thematique, `${C.cle}${r}`)]);
  });
  objectifs.forEach(({ o, t }, i) => {
    const r = o0 + i;
    lignes.push([niveaux.objectif.fr, o.id, o.libelle.fr, moyenne(c0, c1, `${C.cle}${r}`), ...comptes(C.parent, `${C.cle}${r}`, r), `th:${t.id}`, null, null, o.poids ?? 1, ...aides(r), `ob:${o.id}`, null, null, ri(C.parent, `${C.cle}${r}`)]);
  });
  // The grid lists each criterion's rows together, in referential order, and sorting is locked
  // by the sheet protection: a criterion's formula reads its own rows directly.
  let ligneGrille = 2;
  const q = (x: string) => texte(x);
  criteres.forEach(({ critere, objectif, thematique, chapitre }, i) => {
    const plageStatuts = d.colonneStatut ? `${g}$${d.colonneStatut}$${ligneGrille}:$${d.colonneStatut}$${ligneGrille + (lignesParCritere.get(critere.id) ?? 1) - 1}` : null;
    const r = c0 + i;
    const n = lignesParCritere.get(critere.id)!;
    const plageNotes = `${g}$${d.colonneScore}$${ligneGrille}:$${d.colonneScore}$${ligneGrille + n - 1}`;
    ligneGrille += n;
    if (!estApplicable(critere, d.categories)) {
      // Sans objet for this establishment: no score, counted nowhere, never imperative.
      lignes.push([niveaux.critere.fr, critere.id, critere.libelle.fr, f('""'), 0, 0, 0, 0, `ob:${objectif.id}`, `th:${thematique.id}`, `ch:${chapitre.id}`, critere.poids ?? 1, ...aides(r), `cr:${critere.id}`, null, null]);
      return;
    }
    const valides = `COUNTIFS(${plageNotes},">=${min}",${plageNotes},"<=${max}")`;
    // NC is refused on an imperative: there it never counts; RI counts in the first chapter only.
    const riAdmis = !critere.imperatif && chapitre === ref.chapitres[0];
    const siRi = riAdmis ? `IF(COUNTIF(${plageNotes},${q(REPONSE_IMPOSSIBLE)})>0,${q(REPONSE_IMPOSSIBLE)},"")` : '""';
    const siAucun = critere.imperatif ? '""' : `IF(COUNTIF(${plageNotes},${texte(nonConcerne)})>0,${texte(nonConcerne)},${siRi})`;
    const score = f(`IF(${valides}>0,ROUND(AVERAGEIFS(${plageNotes},${plageNotes},">=${min}",${plageNotes},"<=${max}"),2),${siAucun})`);
    const statut = !critere.imperatif
      ? null
      : plageStatuts
        ? f(
            `IF(COUNTIF(${plageStatuts},${q(STATUTS_LIGNE.nonAtteint)})>0,${q(STATUTS.nonAtteint)},IF(COUNTIF(${plageStatuts},${q(STATUTS_LIGNE.aDiscuter)})>0,${q(STATUTS.aDiscuter)},` +
              `IF(COUNTIF(${plageStatuts},${q(STATUTS_LIGNE.atteint)})=${n},${q(STATUTS.atteint)},${q(STATUTS.nonEvalue)})))`,
          )
        : f(
          `IF(COUNTIFS(${plageNotes},">=${min}",${plageNotes},"<${max}")>0,"${STATUTS.nonAtteint}",IF(COUNTIF(${plageNotes},${max})=${n},"${STATUTS.atteint}","${STATUTS.nonEvalue}"))`,
        )
    lignes.push([
      niveaux.critere.fr,
      critere.id,
      critere.libelle.fr,
      score,
      f(`IF(ISNUMBER(${C.score}${r}),1,0)`),
      f(`IF(${C.score}${r}=${texte(nonConcerne)},1,0)`),
      1,
      f(`${C.evalues}${r}+${C.nc}${r}+${C.ri}${r}`),
      `ob:${objectif.id}`,
      `th:${thematique.id}`,
      `ch:${chapitre.id}`,
      critere.poids ?? 1,
      ...aides(r),
      `cr:${critere.id}`,
      critere.imperatif ? "Oui" : null,
      statut,
      f(`IF(${C.score}${r}=${q(REPONSE_IMPOSSIBLE)},1,0)`),
    ]);
  });

  // The report a reader sees, top left: figures read from the calculation block.
  const R = COLONNES_RAPPORT;
  const d0 = dispositionRapport(ref, d.categories);
  const rapport: ValeurPlan[][] = [];
  const poser = (r: number, valeurs: ValeurPlan[]) => (rapport[r - 1] = valeurs);
  const statuts = `${C.statut}${c0}:${C.statut}${c1}`;
  poser(1, [`Synthèse de l'évaluation — ${ref.titre.fr}`]);
  poser(2, ["Établissement", null, d.etablissement || "—"]);
  poser(3, ["Période", null, d.periode || "—"]);
  poser(4, [`Référentiel ${ref.id} ${ref.version} · notes de ${min} à ${max}, ${nonConcerne} (non concerné) et ${REPONSE_IMPOSSIBLE} (réponse impossible) exclus des moyennes · calcul automatique`]);
  poser(d0.score, [`Score global (sur ${max})`, null, f(`${C.score}${lGlobal}`)]);
  poser(d0.completion, ["Complétion", null, f(`${C.completion}${lGlobal}`)]);
  const applicables = criteres.filter(({ critere }) => estApplicable(critere, d.categories)).length;
  poser(d0.evalues, [`${niveaux.critere.fr}s notés`, null, f(`${C.evalues}${lGlobal}`), `sur ${applicables}${applicables < criteres.length ? ` (${criteres.length - applicables} sans objet)` : ""}`]);
  poser(d0.nc, [`Non concernés (${nonConcerne})`, null, f(`${C.nc}${lGlobal}`)]);
  poser(d0.ri, [`Réponses impossibles (${REPONSE_IMPOSSIBLE})`, null, f(`${C.ri}${lGlobal}`)]);
  poser(d0.imperatifsNonAtteints, [`${niveaux.critere.fr}s impératifs non atteints`, null, f(`COUNTIF(${statuts},"${STATUTS.nonAtteint}")+COUNTIF(${statuts},"${STATUTS.aDiscuter}")`)]);
  const entetesNiveau = (nom: string): ValeurPlan[] => ["Réf.", nom, "Score", `${niveaux.critere.fr}s notés`, nonConcerne, `${niveaux.critere.fr}s`, "Complétion"];
  const chiffres = (r: number): ValeurPlan[] => [f(`${C.score}${r}`), f(`${C.evalues}${r}`), f(`${C.nc}${r}`), f(`${C.criteres}${r}`), f(`${C.completion}${r}`)];
  poser(d0.enteteChapitres, entetesNiveau(niveaux.chapitre.fr));
  chapitres.forEach((ch, i) => poser(d0.chapitres.get(ch.id)!, [ch.id, ch.libelle.fr, ...chiffres(h0 + i)]));
  poser(d0.enteteThematiques, entetesNiveau(niveaux.thematique.fr));
  // Names cut on short lines: the radar reads its axis labels from these cells.
  thematiques.forEach(({ t }, i) => poser(d0.thematiques.get(t.id)!, [t.id, couperLibelle(t.libelle.fr, 26), ...chiffres(t0 + i)]));
  poser(d0.enteteImperatifs, ["Réf.", `${niveaux.critere.fr} impératif`, "Statut"]);
  criteres.forEach(({ critere }, i) => {
    const r = d0.imperatifs.get(critere.id);
    if (r) poser(r, [critere.id, critere.libelle.fr, f(`${C.statut}${c0 + i}`)]);
  });

  // One row holds the report's cells (A–G), spacer columns under the radar, then the block.
  const calcul = 18;
  const largeurs: [string, number, string?][] = [
    ["rapportRef", 8, "@"], ["rapportLibelle", 46], ["rapportScore", 11, "0.00"], ["rapportEvalues", 15, "0"], ["rapportNc", 6, "0"], ["rapportCriteres", 10, "0"], ["rapportCompletion", 12, "0 %"],
    ...Array.from({ length: PREMIERE_CALCUL - 7 }, (_, i): [string, number] => [`espace${i}`, 9]),
    ["niveau", 13], ["ref", 9, "@"], ["libelle", 60], ["score", 8, "0.00"], ["evalues", 9], ["nc", 6], ["criteres", 9], ["completion", 11, "0 %"],
    ["parent", 10, "@"], ["thematique", 10, "@"], ["chapitre", 10, "@"], ["poids", 7], ["pondere", 9, "0.00"], ["poidsRetenu", 9], ["cle", 10, "@"], ["imperatif", 10], ["statut", 12], ["ri", 6],
  ];
  const colonnes: ColonnePlan[] = largeurs.map(([key, largeur, format], i) => ({ key, entete: key, largeur, verrouillee: true, format, retourALaLigne: key === "rapportLibelle", masquee: i >= PREMIERE_CALCUL }));
  const hauteur = Math.max(lignes.length, rapport.length);
  const toutes: ValeurPlan[][] = Array.from({ length: hauteur }, (_, r) => {
    const gauche = rapport[r] ?? [];
    const droite = lignes[r] ?? [];
    return [...gauche, ...Array<ValeurPlan>(PREMIERE_CALCUL - gauche.length).fill(null), ...droite, ...Array<ValeurPlan>(calcul - droite.length).fill(null)];
  });
  const gras = [1, d0.score, d0.enteteChapitres, d0.enteteThematiques, d0.enteteImperatifs];
  const scores = `${R.score}${d0.chapitres.values().next().value}:${R.score}${d0.derniere}`;
  const listeStatuts = `${R.score}${d0.enteteImperatifs + 1}:${R.score}${d0.derniere}`;
  return {
    nom: d.nom,
    visibilite: "visible",
    colonnes,
    lignes: toutes,
    validations: [],
    // The key figures share column C with the scores: their own formats.
    formats: [
      { plage: `${R.score}${d0.completion}`, format: "0 %" },
      { plage: `${R.score}${d0.evalues}:${R.score}${d0.imperatifsNonAtteints}`, format: "0" },
      { plage: `${R.score}2:${R.score}3`, format: "@" },
    ],
    misesEnForme: [
      { plage: listeStatuts, formule: `OR(${R.score}${d0.enteteImperatifs + 1}="${STATUTS.nonAtteint}",${R.score}${d0.enteteImperatifs + 1}="${STATUTS.aDiscuter}")`, fond: "#C00000", police: "#FFFFFF" },
      { plage: listeStatuts, formule: `${R.score}${d0.enteteImperatifs + 1}="${STATUTS.atteint}"`, fond: "#A9D8A0" },
      { plage: `${R.score}${d0.score}:${R.score}${d0.score}`, formule: `AND(ISNUMBER(${R.score}${d0.score}),${R.score}${d0.score}<2)`, fond: "#F4B6B6" },
      { plage: scores, formule: `AND(ISNUMBER(${scores.split(":")[0]}),${scores.split(":")[0]}<2)`, fond: "#F4B6B6" },
      { plage: `${R.score}${d0.imperatifsNonAtteints}:${R.score}${d0.imperatifsNonAtteints}`, formule: `${R.score}${d0.imperatifsNonAtteints}>0`, fond: "#C00000", police: "#FFFFFF" },
    ],
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    lignesGras: gras,
    hauteurs: hauteursAjustees(colonnes, toutes, { grasLignes: gras }),
    miseEnPage: {
      orientation: "paysage",
      uneLargeur: true,
      zone: `A1:R${d0.derniere}`,
      enTete: { gauche: d.etablissement || undefined, centre: `Synthèse de l'évaluation · ${ref.id} ${ref.version}`, droite: d.periode ? `Période ${d.periode}` : undefined },
      numeroPage: true,
    },
    graphiques: graphiquesSynthese(ref, d.etablissement),
  };
}

/** The radar of the thematics' scores, drawn beside the synthesis block. */
export function graphiquesSynthese(ref: Referentiel, etablissement: string): GraphiquePlan[] {
  const d = dispositionRapport(ref);
  const rangs = [...d.thematiques.values()];
  const t0 = Math.min(...rangs);
  const t1 = Math.max(...rangs);
  const niveaux = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
  const R = COLONNES_RAPPORT;
  return [
    {
      type: "radar",
      titre: `Score par ${niveaux.thematique.fr.toLowerCase()}`,
      // The thematics' names, as the report shows them (visible cells: charts skip hidden ones).
      categories: `${R.libelle}${t0}:${R.libelle}${t1}`,
      valeurs: `${R.score}${t0}:${R.score}${t1}`,
      nomSerie: etablissement || "Score",
      de: "I2",
      a: "R30",
      min: ref.echelle.min,
      max: ref.echelle.max,
    },
  ];
}

/** Where each result sits in the synthesis sheet (1-based rows), for tests and readers. */
export function lignesSynthese(ref: Referentiel): { global: number; chapitres: Map<string, number>; thematiques: Map<string, number>; objectifs: Map<string, number>; criteres: Map<string, number> } {
  let r = LIGNE_ENTETE_SYNTHESE + 1;
  const global = r++;
  const chapitres = new Map<string, number>();
  const thematiques = new Map<string, number>();
  const objectifs = new Map<string, number>();
  const criteres = new Map<string, number>();
  for (const ch of ref.chapitres) chapitres.set(ch.id, r++);
  for (const ch of ref.chapitres) for (const t of ch.thematiques) thematiques.set(t.id, r++);
  for (const ch of ref.chapitres) for (const t of ch.thematiques) for (const o of t.objectifs) objectifs.set(o.id, r++);
  for (const { critere } of criteresAplatis(ref)) criteres.set(critere.id, r++);
  return { global, chapitres, thematiques, objectifs, criteres };
}
