/**
 * Interop: the grid written by `qualite inject` (the real bin) opened by LibreOffice headless, an
 * engine independent of ExcelJS. Every criterion must be there, validations and protection must
 * survive, and a workbook re-saved by LibreOffice must accept a re-injection without losing answers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import JSZip from "jszip";
import { join } from "node:path";
import { referentielLivre } from "../../src/core/catalogue";
import { criteresAplatis } from "../../src/core/referential";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS, valeursExcelJS } from "../helpers/exceljs";
import { convertir, FILTRE_CSV_TOUTES_FEUILLES, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(240_000);
const RACINE = join(__dirname, "..", "..");
const BIN = join(RACINE, "bin", "qualite.cjs");
const dossier = mkdtempSync(join(tmpdir(), "qualite-interop-"));
const profil = profilLibreOffice();

function qualite(...args: string[]): string {
  return execFileSync("node", [BIN, ...args], { cwd: RACINE, encoding: "utf8" });
}

/** Row ids the referential must produce: criteria, or their evaluation elements. */
function identifiantsAttendus(id: string): string[] {
  return criteresAplatis(referentielLivre(id)).flatMap(({ critere }) => (critere.elements ? critere.elements.map((e) => e.id) : [critere.id]));
}

/** Minimal RFC 4180 reader for LibreOffice's CSV. */
function lireCsv(texte: string): string[][] {
  const lignes: string[][] = [];
  let ligne: string[] = [];
  let champ = "";
  let guillemets = false;
  const finirChamp = () => {
    ligne.push(champ);
    champ = "";
  };
  for (let i = 0; i < texte.length; i++) {
    const c = texte[i]!;
    if (guillemets) {
      if (c === '"' && texte[i + 1] === '"') {
        champ += '"';
        i++;
      } else if (c === '"') guillemets = false;
      else champ += c;
    } else if (c === '"') guillemets = true;
    else if (c === ",") finirChamp();
    else if (c === "\n") {
      finirChamp();
      lignes.push(ligne);
      ligne = [];
    } else if (c !== "\r") champ += c;
  }
  if (champ || ligne.length) {
    finirChamp();
    lignes.push(ligne);
  }
  return lignes;
}

describe("LibreOffice ouvre les grilles écrites par qualite inject", () => {
  const fichiers = { "eps-maroc": join(dossier, "eps.xlsx"), q4c: join(dossier, "q4c.xlsx") };

  beforeAll(async () => {
    for (const [id, f] of Object.entries(fichiers)) qualite("inject", "--referentiel", id, "--out", f, "--etablissement", "EPS Souss", "--periode", "2026");
    await convertir(profil, Object.values(fichiers), FILTRE_CSV_TOUTES_FEUILLES, join(dossier, "csv"));
    await convertir(profil, Object.values(fichiers), "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
  });

  it.each(["eps-maroc", "q4c"])("%s : chaque critère est lu par LibreOffice, dans l'ordre du référentiel", (id) => {
    const nom = id === "eps-maroc" ? "eps" : "q4c";
    const csv = lireCsv(readFileSync(join(dossier, "csv", `${nom}-${FEUILLE_GRILLE}.csv`), "utf8"));
    expect(csv[0]!.slice(0, 2)).toEqual(["Réf.", referentielLivre(id).niveaux?.critere.fr ?? "Critère"]);
    expect(csv.slice(1).map((l) => l[0])).toEqual(identifiantsAttendus(id));
    const meta = readFileSync(join(dossier, "csv", `${nom}-QualiteEPS_meta.csv`), "utf8");
    expect(meta).toContain(`referentiel.id,${id}`);
  });

  it("les listes de validation, la protection et la feuille méta survivent à un enregistrement par LibreOffice", async () => {
    const wb = await enExcelJS(readFileSync(join(dossier, "lo", "eps.xlsx")));
    const ws = wb.getWorksheet(FEUILLE_GRILLE)!;
    const v = valeursExcelJS(ws);
    const iImperatif = v.findIndex((l) => l[7] === "Oui");
    const iOrdinaire = v.findIndex((l, i) => i > 0 && l[7] !== "Oui");
    // LibreOffice adds an unused second formula ("0") to list validations.
    expect(ws.getCell(`J${iImperatif + 1}`).dataValidation).toMatchObject({ type: "list", showErrorMessage: true });
    expect(ws.getCell(`J${iImperatif + 1}`).dataValidation.formulae[0]).toBe('"1,4"');
    expect(ws.getCell(`J${iOrdinaire + 1}`).dataValidation.formulae[0]).toBe('"1,2,3,4,NC,RI"'); // chapter 1 admits RI
    // ExcelJS reads only sheet="1"; LibreOffice writes sheet="true": look at the XML itself.
    const zip = await JSZip.loadAsync(readFileSync(join(dossier, "lo", "eps.xlsx")));
    const feuilles = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(feuilles).toHaveLength(3);
    const xml = await Promise.all(feuilles.map((f) => zip.file(f)!.async("string")));
    for (const x of xml) expect(x).toMatch(/<sheetProtection sheet="(true|1)"/);
    // The grid keeps its filter buttons usable under protection (autoFilter="false": not protected).
    expect(xml.filter((x) => /<sheetProtection [^>]*autoFilter="(false|0)"/.test(x))).toHaveLength(2);
    // Answer cells stay unlocked: follow the cell's style index to its <xf> in styles.xml.
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)![1]!.match(/<xf [^]*?<\/xf>|<xf [^>]*\/>/g)!;
    const grille = xml.find((x) => /<dimension ref="A1:P155"/.test(x))!;
    const verrou = (cellule: string) => {
      const s = new RegExp(`<c r="${cellule}" s="(\\d+)"`).exec(grille)?.[1];
      return /locked="(false|0)"/.test(xfs[Number(s)] ?? "") ? "déverrouillée" : "verrouillée";
    };
    expect([verrou(`J${iOrdinaire + 1}`), verrou(`K${iOrdinaire + 1}`), verrou(`F${iOrdinaire + 1}`), verrou("A2")]).toEqual(["déverrouillée", "déverrouillée", "verrouillée", "verrouillée"]);
    expect(["hidden", "veryHidden"]).toContain(wb.getWorksheet("QualiteEPS_meta")!.state);
    // Our reader understands LibreOffice's way of writing the package.
    const { etat } = await ouvrirClasseur(readFileSync(join(dossier, "lo", "eps.xlsx")), "eps.xlsx");
    expect(etat.meta).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Souss", periode: "2026" });
    expect(etat.grille!.valeurs.map((l) => l[0])).toEqual(v.map((l) => l[0]));
    expect(JSON.parse(etat.meta!.referentielJson!).chapitres).toHaveLength(3);
  });

  it("le radar des thématiques de la Synthèse est lu et réécrit par LibreOffice", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dossier, "lo", "eps.xlsx")));
    const graphiques = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(graphiques).toHaveLength(1);
    const xml = await zip.file(graphiques[0]!)!.async("string");
    expect(xml).toContain("radarChart");
    expect(xml).toMatch(/Synthèse'?!\$C\$\d+:\$C\$\d+/);
    // Rendered: LibreOffice prints the chart (its title is in the PDF text).
    await convertir(profil, [fichiers["eps-maroc"]], "pdf", join(dossier, "pdf"));
    const texte = execFileSync("pdftotext", [join(dossier, "pdf", "eps.pdf"), "-"], { encoding: "utf8" });
    expect(texte).toContain("Score par thématique");
    expect(texte).toContain("Synthèse de l'évaluation");
  });

  it("une grille remplie puis enregistrée par LibreOffice se réinjecte sans perdre de réponse", async () => {
    const wb = await enExcelJS(readFileSync(fichiers["eps-maroc"]));
    const ws = wb.getWorksheet(FEUILLE_GRILLE)!;
    ws.getCell("J2").value = 4;
    ws.getCell("K2").value = "Procédure affichée en salle des éducateurs";
    ws.getCell("J12").value = "NC";
    const rempli = join(dossier, "rempli.xlsx");
    writeFileSync(rempli, await octetsExcelJS(wb));
    await convertir(profil, [rempli], "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo2"));
    const parLibreOffice = join(dossier, "lo2", "rempli.xlsx");
    expect(existsSync(parLibreOffice)).toBe(true);
    const sortie = qualite("inject", "-r", "eps-maroc", "-o", parLibreOffice);
    expect(sortie).toMatch(/2 réponses déjà saisies ont été conservées/);
    const relu = await enExcelJS(readFileSync(parLibreOffice));
    const g = relu.getWorksheet(FEUILLE_GRILLE)!;
    expect([g.getCell("J2").value, g.getCell("K2").value, g.getCell("J12").value]).toEqual([4, "Procédure affichée en salle des éducateurs", "NC"]);
    expect(relu.worksheets.filter((w) => w.name.startsWith("Grille qualité"))).toHaveLength(1);
    // The plan too (LibreOffice's package once crashed ExcelJS's reload: « reading 'theme' »).
    expect(qualite("paq", parLibreOffice)).toMatch(/Écrit :/);
    const { etat } = await ouvrirClasseur(readFileSync(parLibreOffice), "rempli.xlsx");
    expect(etat.paq?.feuille).toBe("Plan d'amélioration");
    expect(etat.paq?.valeurs[0]?.[0]).toBe("Réf.");
  });
});
