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
import { criteresAplatis, NIVEAUX_PAR_DEFAUT, type Referentiel } from "./referential";
import type { ColonnePlan, FeuillePlan, Formule, GraphiquePlan, ValeurPlan } from "./workbook-plan";

export interface DispositionGrille {
  nom: string;
  grille: string;
  /** Column of the grid holding each row's score (the note, or the evaluators' consensus). */
  colonneScore: string;
  etablissement: string;
  periode: string;
}

/** Column letters of the synthesis block. */
export const COLONNES_SYNTHESE = {
  niveau: "A",
  ref: "B",
  libelle: "C",
  score: "D",
  evalues: "E",
  nc: "F",
  criteres: "G",
  completion: "H",
  parent: "I",
  thematique: "J",
  chapitre: "K",
  poids: "L",
  pondere: "M",
  poidsRetenu: "N",
  cle: "O",
  imperatif: "P",
  statut: "Q",
} as const;

export const LIGNE_ENTETE_SYNTHESE = 5;
/** Header row of the imperatives list (columns S–U), under the radar. */
export const LIGNE_LISTE_IMPERATIFS = 27;
export const STATUTS = { atteint: "Atteint", nonAtteint: "Non atteint", nonEvalue: "Non évalué" } as const;

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
    f(`COUNTIF(${plage(col, c0, c1)},${cle})`),
    f(`IF(${C.criteres}${r}=0,0,(${C.evalues}${r}+${C.nc}${r})/${C.criteres}${r})`),
  ];
  const aides = (r: number): ValeurPlan[] => [f(`IF(ISNUMBER(${C.score}${r}),${C.score}${r}*${C.poids}${r},0)`), f(`IF(ISNUMBER(${C.score}${r}),${C.poids}${r},0)`)];

  const lignes: ValeurPlan[][] = [
    [`Synthèse de l'évaluation — ${ref.titre.fr}`],
    ["Établissement", null, d.etablissement || "—"],
    ["Période", null, d.periode || "—"],
    [`Référentiel ${ref.id} ${ref.version} · notes de ${min} à ${max}, ${nonConcerne} exclu des moyennes · calcul automatique, ne pas modifier`],
    ["Niveau", "Réf.", "Libellé", "Score", "Critères évalués", nonConcerne, "Critères", "Complétion", "Parent", niveaux.thematique.fr, niveaux.chapitre.fr, "Poids", "Pondéré", "Poids retenu", "Clé", "Impératif", "Statut"],
  ];
  // Establishment.
  lignes.push([
    "Établissement",
    "global",
    d.etablissement || "Ensemble de l'établissement",
    f(`IF(SUM(${plage(C.poidsRetenu, h0, h1)})=0,"",ROUND(SUM(${plage(C.pondere, h0, h1)})/SUM(${plage(C.poidsRetenu, h0, h1)}),2))`),
    f(`SUM(${plage(C.evalues, c0, c1)})`),
    f(`SUM(${plage(C.nc, c0, c1)})`),
    criteres.length,
    f(`IF(${C.criteres}${lGlobal}=0,0,(${C.evalues}${lGlobal}+${C.nc}${lGlobal})/${C.criteres}${lGlobal})`),
    null, null, null, 1, null, null, "global", null, null,
  ]);
  chapitres.forEach((ch, i) => {
    const r = h0 + i;
    const cle = `ch:${ch.id}`;
    lignes.push([niveaux.chapitre.fr, ch.id, ch.libelle.fr, moyenne(t0, t1, `${C.cle}${r}`), ...comptes(C.chapitre, `${C.cle}${r}`, r), "global", null, null, ch.poids ?? 1, ...aides(r), cle, null, null]);
  });
  thematiques.forEach(({ t, c }, i) => {
    const r = t0 + i;
    lignes.push([niveaux.thematique.fr, t.id, t.libelle.fr, moyenne(o0, o1, `${C.cle}${r}`), ...comptes(C.thematique, `${C.cle}${r}`, r), `ch:${c.id}`, null, null, t.poids ?? 1, ...aides(r), `th:${t.id}`, null, null]);
  });
  objectifs.forEach(({ o, t }, i) => {
    const r = o0 + i;
    lignes.push([niveaux.objectif.fr, o.id, o.libelle.fr, moyenne(c0, c1, `${C.cle}${r}`), ...comptes(C.parent, `${C.cle}${r}`, r), `th:${t.id}`, null, null, o.poids ?? 1, ...aides(r), `ob:${o.id}`, null, null]);
  });
  // The grid lists each criterion's rows together, in referential order, and sorting is locked
  // by the sheet protection: a criterion's formula reads its own rows directly.
  let ligneGrille = 2;
  criteres.forEach(({ critere, objectif, thematique, chapitre }, i) => {
    const r = c0 + i;
    const n = lignesParCritere.get(critere.id)!;
    const plageNotes = `${g}$${d.colonneScore}$${ligneGrille}:$${d.colonneScore}$${ligneGrille + n - 1}`;
    ligneGrille += n;
    const valides = `COUNTIFS(${plageNotes},">=${min}",${plageNotes},"<=${max}")`;
    // NC is refused on an imperative: there it never counts.
    const siAucun = critere.imperatif ? '""' : `IF(COUNTIF(${plageNotes},${texte(nonConcerne)})>0,${texte(nonConcerne)},"")`;
    const score = f(`IF(${valides}>0,ROUND(AVERAGEIFS(${plageNotes},${plageNotes},">=${min}",${plageNotes},"<=${max}"),2),${siAucun})`);
    const statut = critere.imperatif
      ? f(
          `IF(COUNTIFS(${plageNotes},">=${min}",${plageNotes},"<${max}")>0,"${STATUTS.nonAtteint}",IF(COUNTIF(${plageNotes},${max})=${n},"${STATUTS.atteint}","${STATUTS.nonEvalue}"))`,
        )
      : null;
    lignes.push([
      niveaux.critere.fr,
      critere.id,
      critere.libelle.fr,
      score,
      f(`IF(ISNUMBER(${C.score}${r}),1,0)`),
      f(`IF(${C.score}${r}=${texte(nonConcerne)},1,0)`),
      1,
      f(`${C.evalues}${r}+${C.nc}${r}`),
      `ob:${objectif.id}`,
      `th:${thematique.id}`,
      `ch:${chapitre.id}`,
      critere.poids ?? 1,
      ...aides(r),
      `cr:${critere.id}`,
      critere.imperatif ? "Oui" : null,
      statut,
    ]);
  });

  // A live list of the imperatives beside the block, under the radar: status and count.
  const imperatifs = criteres.map((c, i) => ({ c, r: c0 + i })).filter(({ c }) => c.critere.imperatif);
  const LISTE = LIGNE_LISTE_IMPERATIFS;
  while (lignes.length < LISTE + 1 + imperatifs.length) lignes.push([]);
  const placer = (r: number, valeurs: ValeurPlan[]) => {
    const l = lignes[r - 1]!;
    while (l.length < 18) l.push(null);
    l.splice(18, 3, ...valeurs);
  };
  placer(LISTE - 1, [`${niveaux.critere.fr}s impératifs non atteints`, null, f(`COUNTIF(${plage(C.statut, c0, c1)},"${STATUTS.nonAtteint}")`)]);
  placer(LISTE, ["Réf.", "Critère impératif", "Statut"]);
  imperatifs.forEach(({ c, r }, i) => placer(LISTE + 1 + i, [c.critere.id, c.critere.libelle.fr, f(`${C.statut}${r}`)]));

  const largeurs: [string, number, string?][] = [
    ["niveau", 13], ["ref", 9, "@"], ["libelle", 60], ["score", 8, "0.00"], ["evalues", 9], ["nc", 6], ["criteres", 9], ["completion", 11, "0%"],
    ["parent", 10, "@"], ["thematique", 10, "@"], ["chapitre", 10, "@"], ["poids", 7], ["pondere", 9, "0.00"], ["poidsRetenu", 9], ["cle", 10, "@"], ["imperatif", 10], ["statut", 12],
    ["espace", 2], ["listeRef", 9, "@"], ["listeLibelle", 50], ["listeStatut", 12],
  ];
  const colonnes: ColonnePlan[] = largeurs.map(([key, largeur, format]) => ({ key, entete: key, largeur, verrouillee: true, format, retourALaLigne: key === "libelle" }));
  const statuts = `${C.statut}${c0}:${C.statut}${c1}`;
  return {
    nom: d.nom,
    visibilite: "visible",
    colonnes,
    lignes: lignes.map((l) => [...l, ...Array<ValeurPlan>(Math.max(0, largeurs.length - l.length)).fill(null)]),
    validations: [],
    misesEnForme: [
      { plage: statuts, formule: `${C.statut}${c0}="${STATUTS.nonAtteint}"`, fond: "#C00000", police: "#FFFFFF" },
      {
        plage: `U${LISTE + 1}:U${LISTE + Math.max(imperatifs.length, 1)}`,
        formule: `U${LISTE + 1}="${STATUTS.nonAtteint}"`,
        fond: "#C00000",
        police: "#FFFFFF",
      },
      { plage: statuts, formule: `${C.statut}${c0}="${STATUTS.atteint}"`, fond: "#A9D8A0" },
      { plage: `${C.score}${lGlobal}:${C.score}${c1}`, formule: `AND(ISNUMBER(${C.score}${lGlobal}),${C.score}${lGlobal}<2)`, fond: "#F4B6B6" },
    ],
    figer: { lignes: LIGNE_ENTETE_SYNTHESE, colonnes: 0 },
    protection: { autoriserFiltre: true, autoriserTri: false, autoriserFormatColonnes: true, autoriserFormatLignes: true },
    lignesGras: [1, LIGNE_ENTETE_SYNTHESE, lGlobal, LISTE],
    graphiques: graphiquesSynthese(ref, d.etablissement),
  };
}

/** The radar of the thematics' scores, drawn beside the synthesis block. */
export function graphiquesSynthese(ref: Referentiel, etablissement: string): GraphiquePlan[] {
  const lignes = lignesSynthese(ref);
  const rangs = [...lignes.thematiques.values()];
  const t0 = Math.min(...rangs);
  const t1 = Math.max(...rangs);
  const niveaux = ref.niveaux ?? NIVEAUX_PAR_DEFAUT;
  return [
    {
      type: "radar",
      titre: `Score par ${niveaux.thematique.fr.toLowerCase()}`,
      categories: `${COLONNES_SYNTHESE.ref}${t0}:${COLONNES_SYNTHESE.ref}${t1}`,
      valeurs: `${COLONNES_SYNTHESE.score}${t0}:${COLONNES_SYNTHESE.score}${t1}`,
      nomSerie: etablissement || "Score",
      de: "S2",
      a: "AB24",
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
