/**
 * What each pane downloads at load, read from webpack's stats of the last build (written by
 * scripts/composition-volets.cjs during `npm run build`, which `npm test` runs first): the
 * libraries of file mode (.docx, .xlsx, ZIP) must come only later, on demand.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const RACINE = join(__dirname, "..", "..");
const FICHIER = join(RACINE, ".tmp", "composition-volets.json");
const INTERDITS = ["docx", "exceljs", "jszip"];

interface Volet {
  fichiers: string[];
  octetsGzip: number;
  paquetsInitiaux: string[];
  paquetsTardifs: string[];
}

function composition(): { mode: string; volets: Record<string, Volet> } {
  if (!existsSync(FICHIER)) throw new Error("Composition des volets absente : lancez « npm run build » (npm test le fait).");
  return JSON.parse(readFileSync(FICHIER, "utf8"));
}

describe.each(["excel", "word"])("volet %s au chargement", (nom) => {
  it("décrit la construction de production présente dans dist/", () => {
    const c = composition();
    expect(c.mode).toBe("production");
    const html = readFileSync(join(RACINE, "dist", `${nom}.html`), "utf8");
    for (const f of c.volets[nom]!.fichiers) expect(html).toContain(f);
  });

  it("ne charge ni docx, ni ExcelJS, ni JSZip ; ils viennent plus tard, en mode fichier", () => {
    const v = composition().volets[nom]!;
    expect(v.paquetsInitiaux).toEqual(expect.arrayContaining(["react", "react-dom"]));
    expect(v.paquetsInitiaux.filter((p) => INTERDITS.includes(p))).toEqual([]);
    expect(v.paquetsTardifs).toEqual(expect.arrayContaining(nom === "word" ? ["docx", "exceljs"] : ["exceljs"]));
  });
});
