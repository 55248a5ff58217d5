/**
 * The README's pictures of the main outputs, made by the same path a user takes: `npm run apercus`
 * (the built CLI on the example data, LibreOffice to PDF, poppler to PNG). Each picture is the page
 * that shows what its caption says, found by its text, not by a page number that drifts. With
 * `QUALITE_CAPTURES=1` they are written into docs/images/ (committed); otherwise they stay in a
 * temporary folder. Either way the README must show each of them with an alt text.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

jest.setTimeout(300_000);

const racine = join(__dirname, "..", "..");
const sortie = join(mkdtempSync(join(tmpdir(), "qualite-images-")), "apercus");
const ecrire = process.env.QUALITE_CAPTURES === "1";

/** What each README picture shows: the document, and a text that only its page carries. */
const IMAGES = [
  { nom: "sortie-pe-couverture.png", pdf: "pe.pdf", texte: /^Projet d'établissement/, premiere: true },
  { nom: "sortie-pe-qualite.png", pdf: "pe.pdf", texte: /Résultats de la dernière évaluation/ },
  { nom: "sortie-synthese.png", pdf: "grille.pdf", texte: /Synthèse de l'évaluation · / },
  { nom: "sortie-plan-amelioration.png", pdf: "grille.pdf", texte: /Plan d'amélioration · / },
  { nom: "sortie-capitalisation.png", pdf: "capitalisation.pdf", texte: /Rang\s+Établissement\s+Période/ },
] as const;

function pages(pdf: string): number {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)![1]);
}

const texte = (pdf: string, page: number) => execFileSync("pdftotext", ["-layout", "-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" });

/** pdftoppm names pages with as many digits as the last page number has. */
function png(pdf: string, page: number): string {
  const n = pages(pdf);
  return pdf.replace(/\.pdf$/, `-${String(page).padStart(String(n).length, "0")}.png`);
}

describe("images des sorties du README (npm run apercus)", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(racine, "scripts", "apercus.cjs"), "--sortie", sortie, "--dpi", "60"], { cwd: racine, stdio: "pipe", timeout: 280_000 });
  });

  it.each(IMAGES)("$nom : la page qui porte « $texte », rendue et montrée par le README", (image) => {
    const pdf = join(sortie, image.pdf);
    const n = pages(pdf);
    const page = "premiere" in image ? 1 : [...Array(n).keys()].map((i) => i + 1).find((p) => image.texte.test(texte(pdf, p)));
    expect(page).toBeDefined();
    expect(texte(pdf, page!)).toMatch(image.texte);
    const fichier = png(pdf, page!);
    // A rendered page, not a blank one: a white A4 at 60 dpi compresses under 3 KB.
    expect(statSync(fichier).size).toBeGreaterThan(15_000);
    if (ecrire) copyFileSync(fichier, join(racine, "docs", "images", image.nom));
    expect(existsSync(join(racine, "docs", "images", image.nom))).toBe(true);
    expect(readFileSync(join(racine, "README.md"), "utf8")).toMatch(new RegExp(`!\\[[^\\]]{8,}\\]\\(docs/images/${image.nom.replace(".", "\\.")}\\)`));
  });

  it("le PE a sa couverture, ses pages numérotées « Page i sur N » ; la grille imprime la Synthèse et le plan", () => {
    const pe = join(sortie, "pe.pdf");
    const n = pages(pe);
    expect(texte(pe, 3)).toMatch(new RegExp(`Page 3 sur ${n}`));
    expect(readdirSync(sortie).filter((f) => /^grille-\d+\.png$/.test(f)).length).toBe(pages(join(sortie, "grille.pdf")));
  });
});
