/**
 * The Synthèse sheet's live formulas, recalculated by LibreOffice, agree with the core's scores
 * to 0.01 on random assessments (seeded, property-based): single and several evaluators, median
 * and mean consensus, NC, RI (answer impossible, chapter 1), empty cells, weighted referentials,
 * imperatives on which evaluators disagree, agreed notes (« Note retenue »), establishments whose
 * categories leave some criteria « sans objet » (notes typed there anyway count nowhere).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import { referentielLivre } from "../../src/core/catalogue";
import { chargerReferentiel, criteresAplatis, type Referentiel } from "../../src/core/referential";
import { calculerScores, type Consensus, type Resultats } from "../../src/core/scores";
import { lireEvaluation } from "../../src/core/evaluation";
import { COLONNES_RAPPORT as R, COLONNES_SYNTHESE as C, dispositionRapport, lignesSynthese, STATUTS } from "../../src/core/synthese";
import { injecterDansClasseur, nouveauClasseur, ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";
import { remplirGrille, type Saisie } from "../helpers/remplir";
import eps from "../../templates/referentiels/eps-maroc.json";

jest.setTimeout(600_000);
const GRAINE = 20261125;
const dossier = mkdtempSync(join(tmpdir(), "qualite-synthese-"));

/** eps-maroc with weights on some criteria, objectives, thematics and a chapter. */
function referentielPondere(): Referentiel {
  const d = structuredClone(eps) as any;
  d.id = "eps-pondere";
  d.chapitres[2].poids = 2;
  d.chapitres[0].thematiques[1].poids = 3;
  d.chapitres[1].thematiques[0].objectifs[0].poids = 0.5;
  let k = 0;
  for (const ch of d.chapitres) for (const th of ch.thematiques) for (const ob of th.objectifs) for (const cr of ob.criteres) if (k++ % 3 === 0) cr.poids = 1 + (k % 4);
  return chargerReferentiel(d);
}

interface Cas {
  nom: string;
  referentiel: Referentiel;
  evaluateurs: string[];
  consensus: Consensus;
  saisie: Saisie;
  retenues: (number | "NC" | "RI" | null)[];
  categories?: string[];
}

const referentiels = { eps: referentielLivre("eps-maroc"), q4c: referentielLivre("q4c"), pondere: referentielPondere() };

/** Rows of the grid in order: is their criterion imperative, does it admit RI (first chapter)? */
const lignesDe = (r: Referentiel) =>
  criteresAplatis(r).flatMap(({ critere, chapitre }) => (critere.elements ?? [critere]).map(() => ({ imperatif: critere.imperatif, ri: !critere.imperatif && chapitre === r.chapitres[0] })));
type V = number | "NC" | "RI" | null;

function arbitraireCas(cle: keyof typeof referentiels, evaluateurs: string[], consensus: Consensus): fc.Arbitrary<Omit<Cas, "nom">> {
  const ref = referentiels[cle];
  const lignes = lignesDe(ref);
  // Sparse or dense: the share of empty cells varies between assessments.
  return fc.integer({ min: 0, max: 90 }).chain((vide) =>
    fc
      .tuple(
        ...lignes.map(({ imperatif, ri }) =>
          fc.tuple(
            fc.array(
              fc.integer({ min: 0, max: 99 }).chain((p) =>
                p < vide ? fc.constant(null) : imperatif ? fc.constantFrom<V>(1, 4, 4, 4) : ri ? fc.constantFrom<V>(1, 2, 3, 4, "NC", "RI") : fc.constantFrom<V>(1, 2, 3, 4, "NC"),
              ),
              { minLength: evaluateurs.length || 1, maxLength: evaluateurs.length || 1 },
            ),
            // The agreed note, on some rows of participative grids only.
            evaluateurs.length > 1
              ? fc.integer({ min: 0, max: 99 }).chain((p) => (p < 75 ? fc.constant<V>(null) : imperatif ? fc.constantFrom<V>(1, 4) : fc.constantFrom<V>(1, 2, 3, 4, "NC", ...(ri ? (["RI"] as const) : []))))
              : fc.constant<V>(null),
          ),
        ),
      )
      .map((l) => ({ referentiel: ref, evaluateurs, consensus, saisie: l.map(([n]) => n), retenues: l.map(([, t]) => t) })),
  );
}

const familles: [keyof typeof referentiels, string[], Consensus, number, string[]?][] = [
  ["eps", [], "mediane", 20],
  ["eps", ["Amina", "Youssef", "Khadija"], "mediane", 12],
  ["eps", ["Amina", "Youssef"], "moyenne", 6],
  ["q4c", ["Salma", "Omar", "Nadia", "Hicham"], "moyenne", 6],
  ["pondere", [], "mediane", 4],
  ["pondere", ["A", "B", "C"], "moyenne", 4],
  ["eps", [], "mediane", 4, ["prf"]],
  ["eps", ["Amina", "Youssef", "Khadija"], "mediane", 3, ["enfance"]],
  ["pondere", ["A", "B"], "moyenne", 3, ["prf", "handicap"]],
];
const cas: Cas[] = familles.flatMap(([cle, ev, c, n, categories], f) =>
  fc.sample(arbitraireCas(cle, ev, c), { seed: GRAINE + f, numRuns: n }).map((x, i) => ({ ...x, categories, nom: `${cle}-${ev.length}-${c}-${categories?.join("+") ?? "tout"}-${i}` })),
);

/** « Done when »: three evaluators score imperative 1.1.2 4, 4, 1; then the group agrees on 4. */
const ligne112 = criteresAplatis(referentiels.eps).flatMap(({ critere }) => (critere.elements ?? [critere]).map((x) => x.id)).indexOf("1.1.2");
for (const retenue of [null, 4] as const) {
  const n = lignesDe(referentiels.eps).length;
  cas.push({
    nom: `imperatif-4-4-1${retenue ? "-retenu-4" : ""}`,
    referentiel: referentiels.eps,
    evaluateurs: ["Amina", "Youssef", "Khadija"],
    consensus: "mediane",
    saisie: Array.from({ length: n }, (_, i) => (i === ligne112 ? [4, 4, 1] : [null, null, null])),
    retenues: Array.from({ length: n }, (_, i) => (i === ligne112 ? retenue : null)),
  });
}

const attendus = new Map<string, Resultats>();

beforeAll(async () => {
  const fichiers: string[] = [];
  for (const c of cas) {
    const classeur = nouveauClasseur(c.nom);
    await injecterDansClasseur(classeur, { referentiel: c.referentiel, evaluateurs: c.evaluateurs, consensus: c.consensus, categories: c.categories, source: c.nom, etablissement: "EPS test" });
    const wb = await enExcelJS(classeur);
    remplirGrille(wb, classeur.etat.meta!, c.saisie, c.retenues);
    const octets = await octetsExcelJS(wb);
    const fichier = join(dossier, `${c.nom}.xlsx`);
    writeFileSync(fichier, octets);
    fichiers.push(fichier);
    const { etat } = await ouvrirClasseur(octets, c.nom);
    attendus.set(c.nom, calculerScores(lireEvaluation(c.referentiel, etat.meta!, etat.grille!.valeurs, c.nom), { consensus: c.consensus }));
  }
  await convertir(profilLibreOffice(), fichiers, "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
});

const statutAttendu = (cr: Resultats["criteres"][number]) =>
  cr.atteint === true ? STATUTS.atteint : cr.aDiscuter ? STATUTS.aDiscuter : cr.atteint === false ? STATUTS.nonAtteint : STATUTS.nonEvalue;

/** A formula's result as LibreOffice computed it. */
function resultat(ws: ExcelJS.Worksheet, adresse: string): number | string | null {
  const cell = ws.getCell(adresse);
  expect({ adresse, formule: cell.type === 6 /* ExcelJS ValueType.Formula */ }).toEqual({ adresse, formule: true });
  // An empty text result is written without a value: ExcelJS then has no result.
  const r = (cell as unknown as { result?: unknown }).result;
  if (r === undefined || r === null || r === "") return null;
  if (typeof r === "object") throw new Error(`${adresse} : erreur de formule ${JSON.stringify(r)}`);
  return r as number | string;
}

function egal(obtenu: number | string | null, attendu: number | string | null, ou: string) {
  if (typeof attendu === "number") {
    expect({ ou, ecart: typeof obtenu === "number" ? Math.abs(obtenu - attendu) <= 0.01 : obtenu }).toEqual({ ou, ecart: true });
  } else expect({ ou, v: obtenu }).toEqual({ ou, v: attendu });
}

it(`au moins 50 évaluations aléatoires (graine ${GRAINE})`, () => {
  expect(cas.length).toBeGreaterThanOrEqual(50);
  // The sample is varied: empty, NC, disagreements and unmet imperatives all occur.
  const tous = [...attendus.values()];
  expect(tous.some((r) => r.global === null || r.completion < 0.5)).toBe(true);
  expect(tous.some((r) => r.criteres.some((c) => c.score === "NC"))).toBe(true);
  expect(tous.some((r) => r.imperatifsNonAtteints.length > 0)).toBe(true);
  expect(tous.some((r) => r.criteres.some((c) => c.atteint === true))).toBe(true);
  expect(tous.some((r) => r.imperatifsADiscuter.length > 0)).toBe(true);
  expect(tous.some((r) => r.ri > 0)).toBe(true);
  // Criteria « sans objet » occur, imperatives among them.
  expect(tous.some((r) => r.criteres.some((c) => c.sansObjet && criteresAplatis(referentiels.eps).some((x) => x.critere.id === c.id && x.critere.imperatif)))).toBe(true);
  expect(cas.some((c) => c.retenues.some((t) => t !== null))).toBe(true);
});

it("4, 4, 1 sur un impératif : « Non atteint — à discuter » dans la Synthèse recalculée, « Atteint » une fois 4 retenu", async () => {
  const statut = async (nom: string) => {
    const ws = (await enExcelJS(new Uint8Array(readFileSync(join(dossier, "lo", `${nom}.xlsx`))))).getWorksheet("Synthèse")!;
    const d = dispositionRapport(referentiels.eps);
    return [resultat(ws, `${R.score}${d.imperatifs.get("1.1.2")}`), resultat(ws, `${R.score}${d.imperatifsNonAtteints}`)];
  };
  expect(await statut("imperatif-4-4-1")).toEqual([STATUTS.aDiscuter, 1]);
  expect(await statut("imperatif-4-4-1-retenu-4")).toEqual([STATUTS.atteint, 0]);
  expect(attendus.get("imperatif-4-4-1")!.imperatifsADiscuter).toEqual(["1.1.2"]);
  expect(attendus.get("imperatif-4-4-1-retenu-4")!.imperatifsNonAtteints).toEqual([]);
});

it.each(cas.map((c) => [c.nom, c] as const))("%s : chaque formule de la Synthèse vaut le calcul du cœur à 0,01 près", async (nom, c) => {
  const wb = await enExcelJS(readFileSync(join(dossier, "lo", `${nom}.xlsx`)));
  const ws = wb.getWorksheet("Synthèse")!;
  const r = attendus.get(nom)!;
  const lignes = lignesSynthese(c.referentiel);
  egal(resultat(ws, `${C.score}${lignes.global}`), r.global, "global");
  egal(resultat(ws, `${C.completion}${lignes.global}`), r.completion, "complétion globale");
  egal(resultat(ws, `${C.evalues}${lignes.global}`), r.evalues, "évalués");
  egal(resultat(ws, `${C.nc}${lignes.global}`), r.nc, "NC");
  egal(resultat(ws, `${C.ri}${lignes.global}`), r.ri, "RI");
  egal(resultat(ws, `${R.score}${dispositionRapport(c.referentiel).ri}`), r.ri, "rapport : RI");
  for (const [niveau, liste, rangs] of [
    ["chapitre", r.chapitres, lignes.chapitres],
    ["thématique", r.thematiques, lignes.thematiques],
    ["objectif", r.objectifs, lignes.objectifs],
  ] as const) {
    for (const n of liste) {
      const l = rangs.get(n.id)!;
      egal(resultat(ws, `${C.score}${l}`), n.score, `${niveau} ${n.id} score`);
      egal(resultat(ws, `${C.evalues}${l}`), n.evalues, `${niveau} ${n.id} évalués`);
      egal(resultat(ws, `${C.nc}${l}`), n.nc, `${niveau} ${n.id} NC`);
      egal(resultat(ws, `${C.completion}${l}`), n.completion, `${niveau} ${n.id} complétion`);
    }
  }
  // The report at the top reads the same figures: key figures, chapters, thematics, imperatives.
  const d = dispositionRapport(c.referentiel, c.categories);
  egal(resultat(ws, `${R.score}${d.score}`), r.global, "rapport : score global");
  egal(resultat(ws, `${R.score}${d.completion}`), r.completion, "rapport : complétion");
  egal(resultat(ws, `${R.score}${d.evalues}`), r.evalues, "rapport : critères notés");
  egal(resultat(ws, `${R.score}${d.imperatifsNonAtteints}`), r.imperatifsNonAtteints.length, "rapport : impératifs non atteints");
  for (const [niveau, liste, rangs] of [
    ["chapitre", r.chapitres, d.chapitres],
    ["thématique", r.thematiques, d.thematiques],
  ] as const) {
    for (const n of liste) {
      const l = rangs.get(n.id)!;
      expect(ws.getCell(`${R.ref}${l}`).value).toBe(n.id);
      egal(resultat(ws, `${R.score}${l}`), n.score, `rapport : ${niveau} ${n.id} score`);
      egal(resultat(ws, `${R.completion}${l}`), n.completion, `rapport : ${niveau} ${n.id} complétion`);
    }
  }
  const imperatifs = r.criteres.filter((x) => x.imperatif);
  imperatifs.forEach((cr) => {
    const l = d.imperatifs.get(cr.id)!;
    expect(ws.getCell(`${R.ref}${l}`).value).toBe(cr.id);
    egal(resultat(ws, `${R.score}${l}`), statutAttendu(cr), `rapport : impératif ${cr.id}`);
  });
  for (const cr of r.criteres) {
    const l = lignes.criteres.get(cr.id)!;
    egal(resultat(ws, `${C.score}${l}`), cr.score, `critère ${cr.id}`);
    if (cr.imperatif) {
      egal(resultat(ws, `${C.statut}${l}`), statutAttendu(cr), `impératif ${cr.id}`);
    }
  }
});
