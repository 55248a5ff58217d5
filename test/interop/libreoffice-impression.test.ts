/**
 * Interop: the workbooks read and print. The package is read back as XML (not through ExcelJS)
 * and printed by LibreOffice to PDF: the blank grid prints one page wide with the Réf. column
 * and the header row on every page, rows grow with their text; the Synthèse prints a report
 * without any helper column; the heat map's completion has its own 0–100 % scale.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";
import { remplirFichier } from "../helpers/remplir";
import { referentielLivre } from "../../src/core/catalogue";

jest.setTimeout(300_000);
const RACINE = join(__dirname, "..", "..");
const dossier = mkdtempSync(join(tmpdir(), "qualite-impression-"));
const profil = profilLibreOffice();
const qualite = (...args: string[]) => execFileSync("node", [join(RACINE, "bin", "qualite.cjs"), ...args], { cwd: RACINE, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const ref = referentielLivre("eps-maroc");
const thematiques = ref.chapitres.flatMap((c) => c.thematiques);

/** The text of each page of a PDF. */
function pages(pdf: string): string[] {
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
  return Array.from({ length: n }, (_, i) => execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), "-layout", pdf, "-"], { encoding: "utf8" }));
}

/** A sheet's XML, found by its name through workbook.xml and its relationships. */
async function feuilleXml(zip: JSZip, nom: string): Promise<string> {
  const wb = await zip.file("xl/workbook.xml")!.async("string");
  const id = new RegExp(`<sheet [^>]*name="${nom.replace(/'/g, "&apos;")}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const cible = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]!;
  return zip.file(`xl/${cible.replace(/^\/?xl\//, "")}`)!.async("string");
}

const vierge = join(dossier, "vierge.xlsx");
const remplie = join(dossier, "remplie.xlsx");
let pagesVierge: string[] = [];
let pagesRemplie: string[] = [];

beforeAll(async () => {
  qualite("inject", "-r", "eps-maroc", "-o", vierge, "-e", "EPS Tanger & Co", "-p", "2026");
  await remplirFichier(vierge, remplie, Array.from({ length: 137 }, (_, i) => [i % 7 === 0 ? null : ([4, 2, 3, 1, 4, "NC", 3, 4] as const)[i % 8]!]));
  // ExcelJS, standing for the user's editor here, drops charts; re-inserting (answers kept) puts the radar back, as Excel would have kept it.
  qualite("inject", "-r", "eps-maroc", "-o", remplie);
  mkdirSync(join(dossier, "pdf"));
  await convertir(profil, [vierge, remplie], "pdf", join(dossier, "pdf"));
  pagesVierge = pages(join(dossier, "pdf", "vierge.pdf"));
  pagesRemplie = pages(join(dossier, "pdf", "remplie.pdf"));
});

it("la grille porte sa mise en page dans le paquet : A4 paysage, une page de large, ligne 1 répétée, en-tête et pied, hauteurs de ligne", async () => {
  const zip = await JSZip.loadAsync(readFileSync(vierge));
  const xml = await feuilleXml(zip, "Grille qualité");
  expect(xml).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
  const mep = /<pageSetup [^>]*\/>/.exec(xml)![0];
  expect(mep).toMatch(/paperSize="9"/);
  expect(mep).toMatch(/orientation="landscape"/);
  expect(mep).toMatch(/fitToWidth="1"/);
  expect(mep).toMatch(/fitToHeight="0"/);
  expect(xml).toMatch(/<printOptions [^>]*gridLines="1"/);
  // "&" in a name is doubled in the header code.
  expect(xml).toContain("<oddHeader>&amp;LEPS Tanger &amp;&amp; Co&amp;CGrille d&apos;évaluation · eps-maroc 1.1.0&amp;RPériode 2026</oddHeader>");
  expect(xml).toContain("<oddFooter>&amp;CPage &amp;P sur &amp;N</oddFooter>");
  expect(await zip.file("xl/workbook.xml")!.async("string")).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="\d+">&apos;Grille qualité&apos;!\$1:\$1<\/definedName>/);
  // Rows grow with their wrapped text: 1.1.1.a's text takes three lines or more.
  const hauteur = (r: number) => Number(new RegExp(`<row r="${r}"[^>]*ht="([\\d.]+)"[^>]*customHeight="1"`).exec(xml)?.[1] ?? 0);
  expect(hauteur(2)).toBeGreaterThanOrEqual(45);
  const hauteurs = Array.from({ length: 154 }, (_, i) => hauteur(i + 2));
  expect(hauteurs.filter((h) => h > 15).length).toBeGreaterThan(100);
});

it("la grille vierge s'imprime sur une page de large : chaque page a la colonne Réf., la ligne d'en-tête et le pied de page", () => {
  const grille = pagesVierge.filter((p) => p.includes("Grille d'évaluation · eps-maroc 1.1.0"));
  expect(grille.length).toBeGreaterThanOrEqual(3);
  expect(grille.length).toBeLessThan(12);
  grille.forEach((p, i) => {
    // Both ends of the grid on the same page: no page split by columns.
    expect({ page: i + 1, reference: /^\s*Réf\.\s+Critère/m.test(p), dernier: p.includes("Évaluateur"), pied: /Page \d+ sur \d+/.test(p) }).toEqual({ page: i + 1, reference: true, dernier: true, pied: true });
    // A criterion reference starts some row of every page.
    expect(p).toMatch(/^\s*\d+\.\d+\.\d+/m);
  });
  // Every row of the grid is printed once.
  const refs = grille.join("\n").match(/^\s*(\d+\.\d+\.\d+(?:\.[a-z])?)\s/gm)!.map((x) => x.trim());
  expect(new Set(refs).size).toBe(154);
});

it("la Synthèse s'imprime comme un rapport : chiffres clés, thématiques nommées, impératifs, et aucune colonne de calcul", () => {
  const synthese = pagesRemplie.filter((p) => p.includes("Synthèse de l'évaluation · eps-maroc"));
  expect(synthese.length).toBeGreaterThanOrEqual(1);
  expect(synthese.length).toBeLessThanOrEqual(3);
  const texte = synthese.join("\n").replace(/\s+/g, " ");
  for (const attendu of ["Score global (sur 4)", "Complétion", "Critères impératifs non atteints", "La personne accompagnée", "Score par thématique"]) expect(texte).toContain(attendu);
  for (const t of thematiques) expect(texte).toContain(t.libelle.fr.split(" ")[0]!);
  expect(texte).toMatch(/\d+ ?%/);
  // No helper column, key or weight shows.
  for (const interdit of ["th:T1", "ob:1.1", "cr:1.1.1", "ch:1", "Pondéré", "Poids retenu", "Parent", "Clé"]) expect({ interdit, present: texte.includes(interdit) }).toEqual({ interdit, present: false });
});

it("la Synthèse garde ses colonnes de calcul masquées et groupées, et ses chiffres en formats français", async () => {
  const zip = await JSZip.loadAsync(readFileSync(remplie));
  const xml = await feuilleXml(zip, "Synthèse");
  const cols = [...xml.matchAll(/<col [^>]*\/>/g)].map((m) => m[0]);
  const masquees = cols.filter((c) => /hidden="1"/.test(c));
  expect(masquees.length).toBeGreaterThan(0);
  expect(masquees.every((c) => /outlineLevel="1"/.test(c))).toBe(true);
  // T (20) to AJ (36) hidden, A–R shown.
  const couvre = (n: number) => cols.some((c) => Number(/min="(\d+)"/.exec(c)![1]) <= n && Number(/max="(\d+)"/.exec(c)![1]) >= n && /hidden="1"/.test(c));
  expect(Array.from({ length: 17 }, (_, i) => couvre(20 + i)).every(Boolean)).toBe(true);
  expect(Array.from({ length: 18 }, (_, i) => couvre(1 + i)).some(Boolean)).toBe(false);
  const styles = await zip.file("xl/styles.xml")!.async("string");
  expect(styles).toContain('formatCode="0 %"');
});

it("la carte de chaleur consolidée colore les scores de 1 à 4 et la complétion sur sa propre échelle de 0 à 100 %", async () => {
  const sources = join(dossier, "sources");
  mkdirSync(sources);
  for (const [i, nom] of ["EPS Agadir", "EPS Berkane"].entries()) {
    qualite("inject", "-r", "eps-maroc", "-o", join(sources, `${i}.xlsx`), "-e", nom, "-p", "2026");
    await remplirFichier(join(sources, `${i}.xlsx`), join(sources, `${i}.xlsx`), Array.from({ length: 137 }, (_, k) => [k % 30 === 0 ? null : ([4, 3, 4, 3] as const)[(k + i) % 4]!]));
  }
  writeFileSync(join(sources, "illisible.xlsx"), "pas un classeur");
  const national = join(dossier, "national.xlsx");
  qualite("consolider", sources, "-o", national);
  const zip = await JSZip.loadAsync(readFileSync(national));
  const xml = await feuilleXml(zip, "Matrice thématiques");
  const echelles = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)">([\s\S]*?)<\/conditionalFormatting>/g)].map((m) => ({ plage: m[1], seuils: [...m[2]!.matchAll(/<cfvo type="num" val="([^"]+)"/g)].map((v) => Number(v[1])) }));
  expect(echelles).toEqual(expect.arrayContaining([{ plage: "D2:E4", seuils: [0, 0.5, 1] }, { plage: "C2:C4", seuils: [1, 2.5, 4] }]));
  expect(echelles.filter((e) => e.seuils[2] === 4).some((e) => e.plage!.startsWith("D"))).toBe(false);
  // The summary counts the file set aside, as the pane and the CLI do.
  await convertir(profil, [national], "pdf", join(dossier, "pdf"));
  const texte = pages(join(dossier, "pdf", "national.pdf")).join("\n").replace(/[ \t]+/g, " ");
  expect(texte).toMatch(/Fichiers écartés 1\b/);
});
