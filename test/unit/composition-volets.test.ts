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
/**
 * Issue #10: a pane at load weighs at most 1.2 × the official Office React template (169 KB gzip).
 * The Excel pane keeps its referentials, zod and the engines for after its first paint.
 */
const OBJECTIF_GZIP = Math.round(1.2 * 169_000);

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

describe.each(["excel", "word"])("volet %s au chargement", (nom) => {
  it(`pèse au plus ${OBJECTIF_GZIP} octets gzip : référentiels ou modèles, zod et moteur viennent après le premier affichage`, () => {
    const v = composition().volets[nom]!;
    expect(v.paquetsInitiaux.filter((p) => ["zod", "@noble/hashes", "safe-stable-stringify"].includes(p))).toEqual([]);
    expect(v.paquetsTardifs).toEqual(expect.arrayContaining(["zod"]));
    expect(v.octetsGzip).toBeLessThanOrEqual(OBJECTIF_GZIP);
  });
});
