import ExcelJS from "exceljs";
import JSZip from "jszip";
import { ecrireClasseur, injecterDansClasseur, lireEtat, nouveauClasseur, ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_META } from "../../src/core/metadata";
import { FEUILLE_GRILLE } from "../../src/core/grille";

const ref = referentielLivre("eps-maroc");
const opts = { referentiel: ref, etablissement: "EPS Tanger", periode: "2026", source: "grille.xlsx", maintenant: "2026-11-25T00:00:00Z" };

async function allerRetour(wb: ExcelJS.Workbook, source = "grille.xlsx"): Promise<ExcelJS.Workbook> {
  return ouvrirClasseur(await ecrireClasseur(wb), source);
}

describe("adaptateur .xlsx (ExcelJS)", () => {
  it("écrit une grille relue à l'identique : tableau, validations, protection, méta très masquée", async () => {
    const wb = nouveauClasseur();
    await injecterDansClasseur(wb, opts);
    const relu = await allerRetour(wb);
    const ws = relu.getWorksheet(FEUILLE_GRILLE)!;
    expect(ws).toBeDefined();
    expect(ws.state).toBe("visible");
    expect(relu.getWorksheet(FEUILLE_META)!.state).toBe("veryHidden");
    const v = valeursFeuille(ws);
    expect(v[0]!.slice(0, 3)).toEqual(["Réf.", "Critère", "Chapitre"]);
    expect(v).toHaveLength(155);
    expect((ws as any).sheetProtection).toMatchObject({ sheet: true, autoFilter: true });
    expect((ws as any).sheetProtection.hashValue).toBeUndefined();
    expect(ws.getCell("J2").protection?.locked).toBe(false);
    expect(ws.getCell("F2").protection?.locked).not.toBe(false);
    expect(ws.getCell("J2").dataValidation).toMatchObject({ type: "list", formulae: ['"1,4"'] });
    const ordinaire = v.findIndex((l) => l[7] === "");
    expect(ws.getCell(`J${ordinaire + 1}`).dataValidation).toMatchObject({ type: "list", formulae: ['"1,2,3,4,NC"'] });
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 1 });
    const etat = lireEtat(relu, "grille.xlsx");
    expect(etat.meta).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Tanger", feuilleGrille: FEUILLE_GRILLE });
    expect(etat.grille?.feuille).toBe(FEUILLE_GRILLE);
  });

  it("réinjecte sans perdre une réponse ni la feuille de l'utilisateur", async () => {
    const wb = nouveauClasseur();
    const perso = wb.addWorksheet("Mes notes");
    perso.getCell("A1").value = "à garder";
    await injecterDansClasseur(wb, opts);
    let relu = await allerRetour(wb);
    const ws = relu.getWorksheet(FEUILLE_GRILLE)!;
    ws.getCell("J2").value = 4;
    ws.getCell("K2").value = "=1+1 tapé comme texte";
    ws.getCell("M2").value = "Youssef";
    ws.getCell("J20").value = "NC";
    relu = await allerRetour(relu);
    const rapport = await injecterDansClasseur(relu, { ...opts, etablissement: undefined });
    expect(rapport.reponsesConservees).toBe(2);
    const fin = await allerRetour(relu);
    const g = fin.getWorksheet(FEUILLE_GRILLE)!;
    expect(g.getCell("J2").value).toBe(4);
    expect(g.getCell("K2").value).toBe("=1+1 tapé comme texte");
    expect(g.getCell("M2").value).toBe("Youssef");
    expect(g.getCell("J20").value).toBe("NC");
    expect(fin.getWorksheet("Mes notes")!.getCell("A1").value).toBe("à garder");
    expect(lireEtat(fin, "x").meta?.etablissement).toBe("EPS Tanger");
    expect(fin.worksheets.filter((w) => w.name === FEUILLE_META)).toHaveLength(1);
  });

  it("n'écrase pas une feuille « Grille qualité » qui n'est pas la nôtre", async () => {
    const wb = nouveauClasseur();
    wb.addWorksheet("Grille qualité").getCell("B2").value = "mon ancienne grille";
    const rapport = await injecterDansClasseur(wb, opts);
    const relu = await allerRetour(wb);
    expect(rapport.feuilleGrille).toBe("Grille qualité (2)");
    expect(relu.getWorksheet("Grille qualité")!.getCell("B2").value).toBe("mon ancienne grille");
    expect(relu.getWorksheet("Grille qualité (2)")!.getCell("A2").value).toBe("1.1.1.a");
  });

  it("dessine le radar de la Synthèse et le garde quand le classeur est relu puis réécrit", async () => {
    const wb = nouveauClasseur();
    await injecterDansClasseur(wb, opts);
    const octets = await ecrireClasseur(wb);
    const zip = await JSZip.loadAsync(octets);
    const graphique = await zip.file("xl/charts/chart1.xml")!.async("string");
    expect(graphique).toContain("<c:radarChart>");
    expect(graphique).toMatch(/<c:f>'Synthèse'!\$B\$\d+:\$B\$\d+<\/c:f>/);
    expect(await zip.file("[Content_Types].xml")!.async("string")).toContain("/xl/charts/chart1.xml");
    // Read back (no refusal: the chart is ours), rewritten without change: the chart is still there.
    const relu = await ouvrirClasseur(octets, "grille.xlsx");
    const zip2 = await JSZip.loadAsync(await ecrireClasseur(relu));
    expect(Object.keys(zip2.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toHaveLength(1);
  });

  it("refuse un graphique de l'utilisateur sur une autre feuille, même à côté du nôtre", async () => {
    const wb = nouveauClasseur();
    await injecterDansClasseur(wb, opts);
    const zip = await JSZip.loadAsync(await ecrireClasseur(wb));
    // Hang a copy of our chart on the grid sheet, as a user's chart would be.
    zip.file("xl/charts/chart2.xml", await zip.file("xl/charts/chart1.xml")!.async("string"));
    zip.file("xl/drawings/drawing2.xml", await zip.file("xl/drawings/drawing1.xml")!.async("string"));
    zip.file("xl/drawings/_rels/drawing2.xml.rels", (await zip.file("xl/drawings/_rels/drawing1.xml.rels")!.async("string")).replace("chart1", "chart2"));
    const rels = (await zip.file("xl/worksheets/_rels/sheet1.xml.rels")!.async("string")).replace("</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing2.xml"/></Relationships>');
    zip.file("xl/worksheets/_rels/sheet1.xml.rels", rels);
    const octets = await zip.generateAsync({ type: "uint8array" });
    await expect(ouvrirClasseur(octets, "mon-suivi.xlsx")).rejects.toThrow(/mon-suivi\.xlsx contient des éléments .*graphiques/);
  });

  describe("fichiers refusés avec un message qui nomme le fichier", () => {
    it.each([
      ["vide", new Uint8Array(0), /vide\.xlsx est vide/],
      ["texte", new TextEncoder().encode("bonjour"), /texte\.xlsx n'est pas un classeur \.xlsx/],
      ["ancien xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /ancien classeur \.xls.*protégé par mot de passe/],
      ["zip tronqué", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /endommagé/],
    ])("%s", async (nom, octets, motif) => {
      await expect(ouvrirClasseur(octets, `${nom.split(" ")[0]}.xlsx`)).rejects.toThrow(motif);
    });

    it("une archive qui n'est pas un classeur (document Word)", async () => {
      const zip = new JSZip();
      zip.file("word/document.xml", "<w:document/>");
      const octets = await zip.generateAsync({ type: "uint8array" });
      await expect(ouvrirClasseur(octets, "pe.docx")).rejects.toThrow(/pe\.docx n'est pas un classeur Excel/);
    });

    it("un classeur avec graphique : refusé sauf accord, car la réécriture le perdrait", async () => {
      const zip = await JSZip.loadAsync(await ecrireClasseur(nouveauClasseur()));
      zip.file("xl/charts/chart1.xml", "<c:chartSpace/>");
      zip.file("xl/vbaProject.bin", "x");
      const octets = await zip.generateAsync({ type: "uint8array" });
      await expect(ouvrirClasseur(octets, "suivi.xlsx")).rejects.toThrow(/suivi\.xlsx contient des éléments .*(graphiques, macros VBA|macros VBA, graphiques).*Rien n'a été modifié/);
      await expect(ouvrirClasseur(octets, "suivi.xlsx", { accepterPertes: true })).resolves.toBeInstanceOf(ExcelJS.Workbook);
    });
  });
});

describe("lecture rapide (consolidation)", () => {
  it("lit la méta et la grille comme ExcelJS, caractères spéciaux et plusieurs évaluateurs compris", async () => {
    const { lireEtatRapide } = await import("../../src/hosts/xlsx/lecture-rapide");
    const wb = nouveauClasseur();
    await injecterDansClasseur(wb, { ...opts, evaluateurs: ["Amina", "Youssef"], etablissement: "EPS « L'Espoir » & Cie <Fès>" });
    const g = wb.getWorksheet(FEUILLE_GRILLE)!;
    g.getCell("J2").value = 4;
    g.getCell("K2").value = "NC";
    g.getCell("N2").value = "Vu le 3/02 — registre & photos <ok>";
    g.getCell("J9").value = 2.5;
    const octets = await ecrireClasseur(wb);
    const rapide = await lireEtatRapide(octets, "g.xlsx");
    const complet = lireEtat(await ouvrirClasseur(octets, "g.xlsx"), "g.xlsx");
    expect(rapide!.meta).toEqual(complet.meta);
    // Formula cells (consensus, spread) have no cached value in a file ExcelJS wrote; "" and empty are the same.
    const sansFormules = (v: unknown[][]) => v.map((l) => l.slice(0, 11).concat(l.slice(13, 16)).map((x) => (x === undefined || x === "" ? null : x)));
    expect(sansFormules(rapide!.grille!.valeurs).slice(0, 138)).toEqual(sansFormules(complet.grille!.valeurs).slice(0, 138));
    expect(rapide!.grille!.valeurs[1]![13]).toBe("Vu le 3/02 — registre & photos <ok>");
  });

  it("rend la main (null) sur un classeur qui n'est pas une grille, pour que le lecteur complet explique", async () => {
    const { lireEtatRapide } = await import("../../src/hosts/xlsx/lecture-rapide");
    expect(await lireEtatRapide(await ecrireClasseur(nouveauClasseur()), "vide.xlsx")).toBeNull();
    expect(await lireEtatRapide(new TextEncoder().encode("PK\u0003\u0004…"), "x.xlsx")).toBeNull();
  });
});
