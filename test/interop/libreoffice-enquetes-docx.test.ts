/**
 * Printed questionnaires and the results document, rendered by LibreOffice to PDF: faces and
 * boxes are pictures (counted in the PDF: no emoji font needed), Arabic pages run right to left
 * (question numbers on the right margin), French ones left to right, the same number of pages in
 * both languages; the results document is paginated « Page X sur Y » and carries its references.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { questionnaireLivre } from "../../src/core/enquetes/catalogue";
import { questionsEchelle, type Questionnaire } from "../../src/core/enquetes/questionnaire";
import { calculerResultats, type Reponse } from "../../src/core/enquetes/resultats";
import { MODELE_RESULTATS_ENQUETE, planifierResultatsEnquete } from "../../src/core/enquetes/document";
import { referentielLivre } from "../../src/core/catalogue";
import { ecrireQuestionnaireDocx } from "../../src/hosts/docx/questionnaire";
import { ecrireDocx } from "../../src/hosts/docx/document";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(600_000);
const dossier = mkdtempSync(join(tmpdir(), "qualite-enquetes-docx-"));
const pdf = (nom: string) => join(dossier, "pdf", `${nom}.pdf`);
const pages = (nom: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf(nom)], { encoding: "utf8" }))![1]);
const images = (nom: string) => execFileSync("pdfimages", ["-list", pdf(nom)], { encoding: "utf8" }).split("\n").filter((l) => /^\s*\d+\s+\d+\s+image\b/.test(l)).length;
const texte = (nom: string) => execFileSync("pdftotext", ["-layout", pdf(nom), "-"], { encoding: "utf8" });

/**
 * Left and right edges of the numbers of questions 1 and 2 on the first page: « 1. » in French;
 * in Arabic the number and its point are separate words (the point on its left).
 */
function numeros(nom: string): { n: number; xMin: number; xMax: number }[] {
  const xml = execFileSync("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf(nom), "-"], { encoding: "utf8" });
  const motif = nom.endsWith("-ar") ? /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([12])<\/word>/g : /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([12])\.<\/word>/g;
  return [...xml.matchAll(motif)].filter((m) => Number(m[2]) < 780).map((m) => ({ n: Number(m[4]), xMin: Number(m[1]), xMax: Number(m[3]) }));
}

function reponses(q: Questionnaire, n: number): Reponse[] {
  return Array.from({ length: n }, (_, i) => ({
    trancheAge: null,
    unite: null,
    valeurs: Object.fromEntries(q.questions.map((x, j) => [x.id, x.type === "texte" ? (i % 3 ? null : `avis ${i}`) : q.echelle[(i + j) % q.echelle.length]!.code])),
  }));
}

beforeAll(async () => {
  const enfants = questionnaireLivre("enfants-6-11");
  const ados = questionnaireLivre("adolescents");
  for (const [nom, q, langue] of [["enfants-fr", enfants, "fr"], ["enfants-ar", enfants, "ar"], ["ados-fr", ados, "fr"], ["ados-ar", ados, "ar"]] as const) {
    writeFileSync(join(dossier, `${nom}.docx`), await ecrireQuestionnaireDocx(q, langue));
  }
  for (const [nom, n] of [["resultats", 12], ["resultats-petit", 3]] as const) {
    const r = calculerResultats(enfants, reponses(enfants, n), { periode: "2026" });
    const plan = planifierResultatsEnquete({ questionnaire: enfants, resultats: r, referentiel: referentielLivre("eps-maroc"), etablissement: "EPS Marrakech" });
    writeFileSync(join(dossier, `${nom}.docx`), await ecrireDocx(plan, { modele: MODELE_RESULTATS_ENQUETE, version: enfants.version, variables: {}, sections: {} }));
  }
  await convertir(profilLibreOffice(), ["enfants-fr", "enfants-ar", "ados-fr", "ados-ar", "resultats", "resultats-petit"].map((n) => join(dossier, `${n}.docx`)), "pdf", join(dossier, "pdf"));
});

describe("questionnaires imprimés (LibreOffice)", () => {
  it("enfants : un visage dessiné par réponse et par question, une case par tranche d'âge, dans les deux langues", () => {
    const q = questionnaireLivre("enfants-6-11");
    const attendu = questionsEchelle(q).length * 3 + q.tranchesAge.length;
    expect(images("enfants-fr")).toBe(attendu);
    expect(images("enfants-ar")).toBe(attendu);
    expect(pages("enfants-ar")).toBe(pages("enfants-fr"));
    expect(pages("enfants-fr")).toBeLessThanOrEqual(5);
  });

  it("adolescents : une case par réponse de l'échelle et par question", () => {
    const q = questionnaireLivre("adolescents");
    expect(images("ados-fr")).toBe(questionsEchelle(q).length * q.echelle.length + q.tranchesAge.length);
    expect(images("ados-ar")).toBe(images("ados-fr"));
  });

  it.each([["enfants"], ["ados"]])("%s : numéros de question à gauche en français, à droite en arabe", (nom) => {
    const fr = numeros(`${nom}-fr`);
    const ar = numeros(`${nom}-ar`);
    expect(fr.length).toBeGreaterThanOrEqual(2);
    expect(ar.length).toBeGreaterThanOrEqual(2);
    // A4 is 595 points wide, margins 42.5 points.
    for (const x of fr) expect(x.xMin).toBeLessThan(100);
    for (const x of ar) expect(x.xMax).toBeGreaterThan(495);
  });

  it("demande de ne pas écrire de nom, dans chaque langue", () => {
    expect(texte("enfants-fr")).toContain("N'écris pas ton nom.");
    expect(texte("ados-fr")).toContain("Merci pour tes réponses !");
    expect(texte("enfants-ar")).toMatch(/[\u0600-\u06FF\uFB50-\uFEFF]/);
  });
});

describe("document de résultats (LibreOffice)", () => {
  it("est paginé et porte les références à citer", () => {
    const t = texte("resultats");
    expect(t).toMatch(/Page 2 sur \d+/);
    expect(t).toContain("Résultats par critère du référentiel");
    expect(t).toContain("ENQ-enfants-6-11-2026-C1.10.3");
    expect(t).toContain("EPS Marrakech");
    expect(t).toMatch(/avis 0\s/);
  });

  it("sous la taille minimale, ne montre ni chiffres ni commentaires", () => {
    const t = texte("resultats-petit");
    expect(t).toContain("Moins de 5 répondants : les résultats ne sont pas montrés.");
    expect(t).not.toContain("avis 0");
    expect(t).not.toMatch(/\d+ %/);
  });
});
