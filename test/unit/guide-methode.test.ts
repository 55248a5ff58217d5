/**
 * Evaluation guidance: every criterion of eps-maroc says what to look at and which evidence
 * counts; `qualite guide` writes the method guide (.docx) with the three methods, the four
 * interview guides and every applicable criterion grouped by method.
 */
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { executer } from "../../src/cli/main";
import { referentielLivre } from "../../src/core/catalogue";
import { criteresAplatis, estApplicable } from "../../src/core/referential";
import { GUIDES_ENTRETIEN, planifierGuideMethode } from "../../src/core/pe/guide-methode";

const ref = referentielLivre("eps-maroc");
const dossier = mkdtempSync(join(tmpdir(), "qualite-guide-"));

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (t: string) => (out += t), err: (t: string) => (err += t) });
  return { code, out, err };
}
/** The visible text of a .docx, paragraph by paragraph. */
async function texteDocx(fichier: string): Promise<string> {
  const xml = await (await JSZip.loadAsync(readFileSync(fichier))).file("word/document.xml")!.async("string");
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""))
    .join("\n")
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

it("chaque critère d'eps-maroc dit ce qu'on regarde et donne des exemples de preuves", () => {
  const sans = criteresAplatis(ref).filter(({ critere }) => !critere.regarder?.fr || !critere.preuves?.fr).map(({ critere }) => critere.id);
  expect(sans).toEqual([]);
  expect(planifierGuideMethode(ref).avertissements).toEqual([]);
});

it("qualite guide écrit le guide : méthodes, quatre guides d'entretien, chaque critère rangé sous sa méthode", async () => {
  const out = join(dossier, "guide.docx");
  const r = await lancer("guide", "--referentiel", "eps-maroc", "--out", out);
  expect(r).toMatchObject({ code: 0, err: "" });
  expect(r.out).toMatch(/Guide de la méthode d'évaluation de « eps-maroc » 1\.1\.0 écrit/);
  const texte = await texteDocx(out);
  for (const t of ["Mener chaque méthode", "Accompagné traceur", "Traceur ciblé", "Audit système", "Guides d'entretien", "Les critères par méthode", "Noter un critère"]) expect(texte).toContain(t);
  expect(GUIDES_ENTRETIEN.map((g) => g.titre)).toEqual(["Avec un enfant de 6 à 11 ans", "Avec un adolescent ou une adolescente", "Avec une mère du programme de renforcement familial", "Avec une mère SOS"]);
  for (const g of GUIDES_ENTRETIEN) {
    expect(texte).toContain(g.titre);
    for (const q of g.questions) expect(texte).toContain(q);
  }
  // Every criterion once, in the table of its method, with its guidance beside it.
  const tableaux = texte.split(/\n(?=(Accompagné traceur|Traceur ciblé|Audit système) \(\d+ critères\))/);
  for (const { critere } of criteresAplatis(ref)) {
    expect(texte).toContain(critere.regarder!.fr);
    expect(texte).toContain(critere.preuves!.fr);
  }
  expect(tableaux.length).toBeGreaterThan(3);
  expect(texte).toContain("1.1.4 (impératif)");
});

it("--categories prf ne garde que les critères applicables à un programme de renforcement familial", async () => {
  const out = join(dossier, "guide-prf.docx");
  expect((await lancer("guide", "-r", "eps-maroc", "-o", out, "--categories", "prf")).code).toBe(0);
  const texte = await texteDocx(out);
  const applicables = criteresAplatis(ref).filter(({ critere }) => estApplicable(critere, ["prf"]));
  expect(texte).toContain(`pour chacun des ${applicables.length} critères`);
  expect(texte).not.toContain(criteresAplatis(ref).find((c) => c.critere.id === "2.11.1")!.critere.regarder!.fr);
  expect(texte).toContain("Programme de renforcement familial");
});

it("une catégorie inconnue ou une sortie qui n'est pas un .docx sont refusées sans rien écrire", async () => {
  const out = join(dossier, "rien.docx");
  const r = await lancer("guide", "-r", "eps-maroc", "-o", out, "--categories", "creche");
  expect(r.code).not.toBe(0);
  expect(r.err).toMatch(/Catégorie d'établissement inconnue .* creche/);
  expect(existsSync(out)).toBe(false);
  expect((await lancer("guide", "-r", "eps-maroc", "-o", join(dossier, "guide.pdf"))).err).toMatch(/doit finir par \.docx/);
});
