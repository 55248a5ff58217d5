/**
 * The survey workbook's live formulas, recalculated by LibreOffice, agree with the core on
 * seeded random answers: respondents, answers per question, counts, percentages, satisfaction
 * index per question and per criterion, the minimum group size (cells blank below it, including
 * a threshold changed by hand in the sheet) and the listed comments. The answers read back from
 * the saved file by the product give the same results.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import { referentielLivre } from "../../src/core/catalogue";
import { questionnaireLivre } from "../../src/core/enquetes/catalogue";
import { questionsTexte, type Questionnaire } from "../../src/core/enquetes/questionnaire";
import { calculerResultats, type ResultatsEnquete } from "../../src/core/enquetes/resultats";
import { colonnesReponses, colonnesResultats, FEUILLE_COMMENTAIRES, FEUILLE_REPONSES, FEUILLE_RESULTATS, lignesResultats } from "../../src/core/enquetes/classeur";
import { ecrireClasseurEnquete, lireClasseurEnquete } from "../../src/hosts/xlsx/enquete";
import { lettreColonne } from "../../src/core/workbook-plan";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(600_000);
const GRAINE = 20261125;
const LIGNES = 30;
const dossier = mkdtempSync(join(tmpdir(), "qualite-enquetes-"));

interface Cas {
  nom: string;
  questionnaire: Questionnaire;
  /** rows × questions: a code of the scale (any case), words, or null. */
  saisie: (string | null)[][];
  /** Minimum group size typed by hand in Résultats!B3 (null: the default 5). */
  seuil: number | null;
}

function arbitraire(q: Questionnaire): fc.Arbitrary<Omit<Cas, "nom" | "questionnaire">> {
  const cellule = (type: string) =>
    type === "texte"
      ? fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constantFrom("les sorties", "le foot", "rien", "أحب المدرسة", "plus de visites"), weight: 1 })
      : fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constantFrom(...q.echelle.map((c) => c.code), q.echelle[0]!.code.toUpperCase()), weight: 3 });
  return fc.record({
    saisie: fc.array(fc.tuple(...q.questions.map((x) => cellule(x.type))), { minLength: 0, maxLength: LIGNES }),
    seuil: fc.constantFrom(null, 3, 5, 8),
  });
}

const ref = referentielLivre("eps-maroc");
const modeles = ["enfants-6-11", "adolescents", "familles", "meres-prf"];
const cas: Cas[] = modeles.flatMap((id, m) => {
  const q = questionnaireLivre(id);
  return fc.sample(arbitraire(q), { seed: GRAINE + m, numRuns: 4 }).map((c, i) => ({ ...c, nom: `${id}-${i}`, questionnaire: q }));
});
// The edge: exactly at the minimum, and one under.
cas.push({ nom: "pile-5", questionnaire: questionnaireLivre("enfants-6-11"), seuil: null, saisie: Array.from({ length: 5 }, (_, i) => questionnaireLivre("enfants-6-11").questions.map((x) => (x.type === "texte" ? `mot ${i}` : "Parfois"))) });
cas.push({ nom: "sous-5", questionnaire: questionnaireLivre("enfants-6-11"), seuil: null, saisie: Array.from({ length: 4 }, () => questionnaireLivre("enfants-6-11").questions.map((x) => (x.type === "texte" ? "mot" : "Oui"))) });

beforeAll(async () => {
  const fichiers: string[] = [];
  for (const c of cas) {
    const octets = await ecrireClasseurEnquete({ questionnaire: c.questionnaire, referentiel: ref, periode: "2026", lignes: LIGNES }, `${c.nom}.xlsx`);
    const wb = await enExcelJS(octets);
    const ws = wb.getWorksheet(FEUILLE_REPONSES)!;
    const cols = colonnesReponses(c.questionnaire);
    c.saisie.forEach((l, r) => c.questionnaire.questions.forEach((x, j) => (ws.getCell(`${cols.question.get(x.id)}${r + 2}`).value = l[j] ?? null)));
    if (c.seuil !== null) wb.getWorksheet(FEUILLE_RESULTATS)!.getCell("B3").value = c.seuil;
    const fichier = join(dossier, `${c.nom}.xlsx`);
    writeFileSync(fichier, await octetsExcelJS(wb));
    fichiers.push(fichier);
  }
  await convertir(profilLibreOffice(), fichiers, "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
});

function resultat(ws: ExcelJS.Worksheet, adresse: string): number | string | null {
  const cell = ws.getCell(adresse);
  expect({ adresse, formule: cell.type === 6 }).toEqual({ adresse, formule: true });
  const r = (cell as unknown as { result?: unknown }).result;
  if (r === undefined || r === null || r === "") return null;
  if (typeof r === "object") throw new Error(`${adresse} : erreur de formule ${JSON.stringify(r)}`);
  return r as number | string;
}

function egal(obtenu: number | string | null, attendu: number | string | null, ou: string) {
  if (typeof attendu === "number") expect({ ou, ecart: typeof obtenu === "number" ? Math.abs(obtenu - attendu) <= 1e-9 : obtenu }).toEqual({ ou, ecart: true });
  else expect({ ou, v: obtenu }).toEqual({ ou, v: attendu });
}

function attendu(c: Cas): ResultatsEnquete {
  const reponses = c.saisie.map((l) => ({ trancheAge: null, unite: null, valeurs: Object.fromEntries(c.questionnaire.questions.map((x, j) => [x.id, l[j] ?? null])) }));
  return calculerResultats(c.questionnaire, reponses, { seuil: c.seuil ?? 5, periode: "2026" });
}

describe("classeur d'enquête recalculé par LibreOffice = cœur", () => {
  it("les cas couvrent les deux côtés du seuil", () => {
    const r = cas.map(attendu);
    expect(r.some((x) => x.affiche)).toBe(true);
    expect(r.some((x) => !x.affiche && x.repondants > 0)).toBe(true);
    expect(r.some((x) => x.affiche && x.questions.some((q) => q.masque))).toBe(true);
  });

  it.each(cas.map((c) => [c.nom, c] as const))("%s", async (nom, c) => {
    const lo = new Uint8Array(readFileSync(join(dossier, "lo", `${nom}.xlsx`)));
    const wb = await enExcelJS(lo);
    const ws = wb.getWorksheet(FEUILLE_RESULTATS)!;
    const r = attendu(c);
    egal(resultat(ws, "B2"), r.repondants, "répondants");
    const cr = colonnesResultats(c.questionnaire);
    const lr = lignesResultats(c.questionnaire);
    for (const q of r.questions) {
      const l = lr.question.get(q.id)!;
      egal(resultat(ws, `D${l}`), q.reponses, `${q.id} réponses`);
      cr.comptes.forEach((col, i) => egal(resultat(ws, `${col}${l}`), q.comptes?.[i] ?? null, `${q.id} compte ${i}`));
      cr.parts.forEach((col, i) => egal(resultat(ws, `${col}${l}`), q.parts?.[i] ?? null, `${q.id} part ${i}`));
      egal(resultat(ws, `${cr.indice}${l}`), q.indice, `${q.id} indice`);
    }
    for (const k of r.criteres) egal(resultat(ws, `D${lr.critere.get(k.id)!}`), k.indice, `critère ${k.id}`);
    const com = wb.getWorksheet(FEUILLE_COMMENTAIRES)!;
    questionsTexte(c.questionnaire).forEach((x, j) => {
      const textes: string[] = [];
      for (let k = 2; k <= LIGNES + 1; k++) {
        const v = resultat(com, `${lettreColonne(j)}${k}`);
        if (v !== null) textes.push(String(v));
      }
      expect({ q: x.id, textes }).toEqual({ q: x.id, textes: r.commentaires[j]!.textes });
    });
    // The product reads the saved file back (answers, threshold typed by hand) to the same results.
    const lu = await lireClasseurEnquete(lo, `${nom}.xlsx`);
    expect(lu.seuil).toBe(c.seuil ?? 5);
    expect(calculerResultats(lu.questionnaire, lu.reponses, { seuil: lu.seuil, periode: lu.periode })).toEqual(r);
  });
});
