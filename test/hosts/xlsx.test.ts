import { deflateRawSync } from "node:zlib";
import { ecrireClasseur, genererPaqDansClasseur, injecterDansClasseur, lireSourceConsolidation, nouveauClasseur, ouvrirClasseur, scoresDuClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { Paquet, ecrireZip } from "../../src/hosts/ooxml/zip";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_META, lireMeta } from "../../src/core/metadata";
import { FEUILLE_GRILLE, planifierInjection } from "../../src/core/grille";
import { estFormule, type Valeur } from "../../src/core/workbook-plan";
import { enExcelJS, modifier, octetsExcelJS, valeursExcelJS } from "../helpers/exceljs";
import { paquetFabrique, type OptionsPaquet } from "../helpers/paquets";
import ExcelJS from "exceljs";

const ref = referentielLivre("eps-maroc");
const opts = { referentiel: ref, etablissement: "EPS Tanger", periode: "2026", source: "grille.xlsx", maintenant: "2026-11-25T00:00:00Z" };

/** Every entry of a package, inflated, by name. */
async function contenus(octets: Uint8Array): Promise<Map<string, Uint8Array>> {
  const p = new Paquet(octets, "t.xlsx");
  const out = new Map<string, Uint8Array>();
  for (const nom of p.entrees.keys()) out.set(nom, await p.octetsDe(nom));
  return out;
}
const texte = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe("adaptateur .xlsx", () => {
  it("écrit une grille relue à l'identique : tableau, validations, protection, méta très masquée", async () => {
    const c = nouveauClasseur("grille.xlsx");
    await injecterDansClasseur(c, opts);
    const relu = await enExcelJS(c);
    const ws = relu.getWorksheet(FEUILLE_GRILLE)!;
    expect(ws.state).toBe("visible");
    expect(relu.getWorksheet(FEUILLE_META)!.state).toBe("veryHidden");
    const v = valeursExcelJS(ws);
    expect(v[0]!.slice(0, 3)).toEqual(["Réf.", "Critère", "Chapitre"]);
    expect(v).toHaveLength(155);
    expect((ws as any).sheetProtection).toMatchObject({ sheet: true, autoFilter: true });
    expect((ws as any).sheetProtection.hashValue).toBeUndefined();
    expect(ws.getCell("J2").protection?.locked).toBe(false);
    expect(ws.getCell("F2").protection?.locked).not.toBe(false);
    expect(ws.getCell("J2").dataValidation).toMatchObject({ type: "list", formulae: ['"1,4"'] });
    const ordinaire = v.findIndex((l) => l[7] === "");
    expect(ws.getCell(`J${ordinaire + 1}`).dataValidation).toMatchObject({ type: "list", formulae: ['"1,2,3,4,NC,RI"'] });
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 1 });
    const lu = await ouvrirClasseur(await ecrireClasseur(c), "grille.xlsx");
    expect(lu.etat.meta).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Tanger", feuilleGrille: FEUILLE_GRILLE });
    expect(lu.etat.grille?.feuille).toBe(FEUILLE_GRILLE);
    // Our reader and ExcelJS see the same values (formula cells have no cached value here).
    const vide = (l: Valeur[]) => l.slice(0, 10).map((x) => (x === "" ? null : x));
    expect(lu.etat.grille!.valeurs.slice(0, 155).map(vide)).toEqual(v.map(vide));
  });

  it("réinjecte sans perdre une réponse ni la feuille de l'utilisateur", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Mes notes").getCell("A1").value = "à garder";
    let c = await ouvrirClasseur(await octetsExcelJS(wb), "grille.xlsx");
    await injecterDansClasseur(c, opts);
    c = await modifier(c, "grille.xlsx", (x) => {
      const ws = x.getWorksheet(FEUILLE_GRILLE)!;
      ws.getCell("J2").value = 4;
      ws.getCell("K2").value = "=1+1 tapé comme texte";
      ws.getCell("M2").value = "Youssef";
      ws.getCell("J20").value = "NC";
    });
    const rapport = await injecterDansClasseur(c, { ...opts, etablissement: undefined });
    expect(rapport.reponsesConservees).toBe(2);
    const fin = await enExcelJS(c);
    const g = fin.getWorksheet(FEUILLE_GRILLE)!;
    expect(g.getCell("J2").value).toBe(4);
    expect(g.getCell("K2").value).toBe("=1+1 tapé comme texte");
    expect(g.getCell("M2").value).toBe("Youssef");
    expect(g.getCell("J20").value).toBe("NC");
    expect(fin.getWorksheet("Mes notes")!.getCell("A1").value).toBe("à garder");
    expect(c.etat.meta?.etablissement).toBe("EPS Tanger");
    expect(c.etat.feuilles.filter((f) => f === FEUILLE_META)).toHaveLength(1);
  });

  it("n'écrase pas une feuille « Grille qualité » qui n'est pas la nôtre", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Grille qualité").getCell("B2").value = "mon ancienne grille";
    const c = await ouvrirClasseur(await octetsExcelJS(wb), "g.xlsx");
    const rapport = await injecterDansClasseur(c, opts);
    const relu = await enExcelJS(c);
    expect(rapport.feuilleGrille).toBe("Grille qualité (2)");
    expect(relu.getWorksheet("Grille qualité")!.getCell("B2").value).toBe("mon ancienne grille");
    expect(relu.getWorksheet("Grille qualité (2)")!.getCell("A2").value).toBe("1.1.1.a");
  });

  it("dessine le radar de la Synthèse, un seul après réinjection et plan d'amélioration", async () => {
    const c = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(c, opts);
    await injecterDansClasseur(c, opts);
    await genererPaqDansClasseur(c, { source: "g.xlsx" });
    const parts = await contenus(await ecrireClasseur(c));
    const graphiques = [...parts.keys()].filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(graphiques).toHaveLength(1);
    const graphique = texte(parts.get(graphiques[0]!));
    expect(graphique).toContain("<c:radarChart>");
    expect(graphique).toMatch(/<c:f>'Synthèse'!\$B\$\d+:\$B\$\d+<\/c:f>/);
    expect(texte(parts.get("[Content_Types].xml"))).toContain(`/${graphiques[0]}`);
    expect(c.etat.feuilles).toEqual([FEUILLE_GRILLE, "Synthèse", FEUILLE_META, "Plan d'amélioration"]);
  });
});

describe("écritures qui préservent le paquet", () => {
  /** A user's workbook: styled cells, a validation, then foreign parts added by hand. */
  async function classeurUtilisateur(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Budget");
    ws.getCell("A1").value = "Poste";
    ws.getCell("A1").font = { bold: true, color: { argb: "FFC00000" } };
    ws.getCell("B2").value = 1234.5;
    ws.getCell("B2").numFmt = '# ##0,00 "MAD"';
    ws.getCell("C3").value = new Date(Date.UTC(2026, 1, 3));
    wb.addWorksheet("Suivi").getCell("A1").value = "notes";
    const octets = await octetsExcelJS(wb);
    const p = new Paquet(octets, "u.xlsx");
    const entrees: Parameters<typeof ecrireZip>[0] = [];
    for (const nom of p.entrees.keys()) {
      if (nom === "[Content_Types].xml") {
        const t = texte(await p.octetsDe(nom)).replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/customXml/item1.xml" ContentType="application/xml"/></Types>');
        entrees.push({ nom, contenu: t });
      } else if (nom === "xl/worksheets/sheet1.xml") {
        // (A whole-sheet range would make ExcelJS, our independent checker here, unfold it.)
        const t = texte(await p.octetsDe(nom)).replace(/<pageMargins/, '<dataValidations count="1"><dataValidation type="whole" allowBlank="1" sqref="B2:B90"><formula1>0</formula1><formula2>100</formula2></dataValidation></dataValidations><pageMargins');
        entrees.push({ nom, contenu: t });
      } else entrees.push({ nom, depuis: p });
    }
    entrees.push({ nom: "xl/vbaProject.bin", contenu: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4, 5]) });
    entrees.push({ nom: "customXml/item1.xml", contenu: '<?xml version="1.0"?><donnees xmlns="urn:exemple">à garder</donnees>' });
    return ecrireZip(entrees);
  }

  it("inject puis paq ne changent aucune partie de l'utilisateur, n'en renumérotent aucun style, et gardent macros et XML personnalisé", async () => {
    const avant = await classeurUtilisateur();
    const c = await ouvrirClasseur(avant, "u.xlsx");
    await injecterDansClasseur(c, opts);
    await genererPaqDansClasseur(c, { source: "u.xlsx" });
    const [a, b] = [await contenus(avant), await contenus(await ecrireClasseur(c))];
    const nosParties = new Set(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml"]);
    for (const [nom, octets] of a) {
      if (nosParties.has(nom)) continue;
      expect({ nom, identique: Buffer.compare(Buffer.from(octets), Buffer.from(b.get(nom) ?? new Uint8Array())) === 0 }).toEqual({ nom, identique: true });
    }
    // The user's styles keep their indices: every <xf> of theirs is still there, in place.
    const xfs = (s: string) => /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(s)![1]!.match(/<xf\b[\s\S]*?(?:\/>|<\/xf>)/g)!;
    const [xa, xb] = [xfs(texte(a.get("xl/styles.xml"))), xfs(texte(b.get("xl/styles.xml")))];
    expect(xb.slice(0, xa.length).map((x) => x.replace(/\s+/g, " "))).toEqual(xa.map((x) => x.replace(/\s+/g, " ")));
    expect(xb.length).toBeGreaterThan(xa.length);
    // ExcelJS, an independent reader, sees the user's cells and ours.
    const wb = await enExcelJS(c);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Budget", "Suivi", FEUILLE_GRILLE, "Synthèse", FEUILLE_META, "Plan d'amélioration"]);
    expect(wb.getWorksheet("Budget")!.getCell("A1").font).toMatchObject({ bold: true, color: { argb: "FFC00000" } });
    expect(wb.getWorksheet("Budget")!.getCell("B2").numFmt).toBe('# ##0,00 "MAD"');
    expect(wb.getWorksheet(FEUILLE_GRILLE)!.getCell("A1").font).toMatchObject({ bold: true });
    expect(wb.getWorksheet(FEUILLE_GRILLE)!.getCell("J2").dataValidation).toMatchObject({ type: "list", formulae: ['"1,4"'] });
  });

  it("les noms définis propres à une feuille de l'utilisateur suivent sa nouvelle position", async () => {
    let c = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(c, opts);
    c = await modifier(c, "g.xlsx", (x) => {
      const ws = x.addWorksheet("Budget");
      ws.getCell("A1").value = "Poste";
      ws.pageSetup.printArea = "A1:B2";
    });
    // The user's own name (our sheets carry print names too): the one that points at Budget.
    const nomBudget = (xml: string) => [...xml.matchAll(/<definedName[^>]*localSheetId="(\d+)"[^>]*>([^<]*)</g)].find((m) => m[2]!.includes("Budget"));
    const nomsAvant = nomBudget(texte((await contenus(await ecrireClasseur(c))).get("xl/workbook.xml")));
    expect(nomsAvant?.[1]).toBe(String(c.etat.feuilles.indexOf("Budget")));
    await injecterDansClasseur(c, opts);
    expect(c.etat.feuilles[0]).toBe("Budget");
    const apres = texte((await contenus(await ecrireClasseur(c))).get("xl/workbook.xml"));
    expect(nomBudget(apres)?.slice(1)).toEqual(["0", nomsAvant![2]!.replace(/&apos;/g, "'")]);
    expect((await enExcelJS(c)).getWorksheet("Budget")!.pageSetup.printArea).toBe("A1:B2");
  });

  it("réinjecter n'allonge pas la feuille de styles (styles identiques réutilisés)", async () => {
    const c = await ouvrirClasseur(await classeurUtilisateur(), "u.xlsx");
    await injecterDansClasseur(c, opts);
    const une = texte((await contenus(await ecrireClasseur(c))).get("xl/styles.xml"));
    await injecterDansClasseur(c, opts);
    await injecterDansClasseur(c, opts);
    expect(texte((await contenus(await ecrireClasseur(c))).get("xl/styles.xml")).length).toBe(une.length);
  });
});

describe("lecture de classeurs écrits par d'autres programmes", () => {
  const etablissement = "EPS « L'Espoir » & Cie <Fès> — تطوان";
  const { plan } = planifierInjection({ ...opts, etablissement, etat: { feuilles: [], meta: null, grille: null } });
  const feuilles = plan.feuilles
    .filter((f) => f.nom === FEUILLE_GRILLE || f.nom === FEUILLE_META)
    .map((f) => ({ nom: f.nom, lignes: f.lignes, etat: f.visibilite }));
  const attendu = (f: string) => plan.feuilles.find((x) => x.nom === f)!.lignes.map((l) => l.map((v) => (estFormule(v) || v === "" ? null : v)));
  const meta = lireMeta(attendu(FEUILLE_META) as Valeur[][], "x")!;

  it.each<[string, OptionsPaquet]>([
    ["préfixe x: et chaînes partagées", { prefixe: "x:", chaines: "partagees" }],
    ["chaînes en ligne", { chaines: "inline" }],
    ["<si/> vide en tête et texte enrichi avec phonétique", { siVide: true, enrichi: true }],
    ["CDATA et entités numériques", { cdata: true, entites: true }],
    ["texte enrichi en ligne, préfixe x:, .xlsm", { chaines: "inline", enrichi: true, prefixe: "x:", xlsm: true }],
  ])("%s : mêmes méta, mêmes valeurs, mêmes scores", async (_, o) => {
    const c = await ouvrirClasseur(await paquetFabrique(feuilles, o), "autre.xlsx");
    expect(c.etat.meta).toEqual(meta);
    expect(c.etat.meta?.etablissement).toBe(etablissement);
    const g = attendu(FEUILLE_GRILLE);
    const largeur = Math.max(...g.map((l) => l.length));
    const dense = g.map((l) => Array.from({ length: largeur }, (_, i) => l[i] ?? null));
    expect(c.etat.grille!.valeurs).toEqual(dense.slice(0, c.etat.grille!.valeurs.length));
    expect(scoresDuClasseur(c, "autre.xlsx").resultats.criteres).toHaveLength(142);
  });

  it("formule (avec ou sans valeur en cache), date, VRAI dans une cellule de note : anomalie nommant feuille, cellule et critère, le reste est compté", async () => {
    const lignes = feuilles.map((f) => ({ ...f, lignes: f.lignes.map((l) => [...l]) }));
    const grille = lignes.find((f) => f.nom === FEUILLE_GRILLE)!.lignes;
    grille[6]![9] = true; // J7: 1.1.4
    grille[13]![9] = 3; // J14: 1.2.2, counted
    const formules = new Map([[`${FEUILLE_GRILLE}!J6`, 4], [`${FEUILLE_GRILLE}!J13`, null]]);
    const dates = new Map([[`${FEUILLE_GRILLE}!J15`, 46056]]);
    const c = await ouvrirClasseur(await paquetFabrique(lignes, { formules, dates }), "notes.xlsx");
    const r = scoresDuClasseur(c, "notes.xlsx").resultats;
    expect(r.anomalies.map((a) => `${a.feuille}!${a.cellule} ${a.message}`)).toEqual([
      expect.stringMatching(/^Grille qualité!J6 critère 1\.1\.3 : la cellule contient une formule/),
      expect.stringMatching(/^Grille qualité!J7 critère 1\.1\.4 : la valeur logique VRAI/),
      expect.stringMatching(/^Grille qualité!J13 critère 1\.2\.1 : la cellule contient une formule/),
      "Grille qualité!J15 critère 1.2.3 : la cellule contient une date (2026-02-03), pas une note (1 à 4 ou NC) : ignorée",
    ]);
    expect(r.criteres.find((x) => x.id === "1.1.3")!.score).toBeNull();
    expect(r.criteres.find((x) => x.id === "1.2.2")!.score).toBe(3);
  });

  it("insère la grille dans un classeur dont une validation couvre toute la feuille, sans la déplier", async () => {
    const apresDonnees = { Budget: '<dataValidations count="2"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation><dataValidation type="whole" sqref="C:E"><formula1>0</formula1></dataValidation></dataValidations>' };
    const octets = await paquetFabrique([{ nom: "Budget", lignes: [["Poste", 12]] }], { apresDonnees });
    const c = await ouvrirClasseur(octets, "budget.xlsx");
    await injecterDansClasseur(c, opts);
    const apres = await contenus(await ecrireClasseur(c));
    expect(texte(apres.get("xl/worksheets/sheet1.xml"))).toBe(texte((await contenus(octets)).get("xl/worksheets/sheet1.xml")));
    expect(c.etat.feuilles).toEqual(["Budget", FEUILLE_GRILLE, "Synthèse", FEUILLE_META]);
    expect(await valeursFeuille(c, "Budget")).toEqual([["Poste", 12]]);
  });
});

describe("fichiers refusés avec un message en français qui nomme le fichier", () => {
  it.each([
    ["vide", new Uint8Array(0), /vide\.xlsx est vide/],
    ["texte", new TextEncoder().encode("bonjour"), /texte\.xlsx n'est pas un classeur \.xlsx/],
    ["ancien xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /ancien classeur \.xls.*protégé par mot de passe/],
    ["zip tronqué", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /zip\.xlsx est endommagé/],
  ])("%s", async (nom, octets, motif) => {
    await expect(ouvrirClasseur(octets, `${nom.split(" ")[0]}.xlsx`)).rejects.toThrow(motif);
  });

  it("une archive qui n'est pas un classeur (document Word)", async () => {
    const octets = await ecrireZip([{ nom: "word/document.xml", contenu: "<w:document/>" }]);
    await expect(ouvrirClasseur(octets, "pe.docx")).rejects.toThrow(/pe\.docx n'est pas un classeur Excel/);
  });

  it("un DOCTYPE, dans n'importe quelle partie lue : un seul message", async () => {
    const octets = await paquetFabrique([{ nom: "A", lignes: [["x"]] }], { doctype: true });
    await expect(ouvrirClasseur(octets, "piege.xlsx")).rejects.toThrow("piege.xlsx est refusé : une de ses parties XML déclare un DOCTYPE");
    const consolidation = await lireSourceConsolidation(octets, "piege.xlsx");
    expect(consolidation).toEqual({ fichier: "piege.xlsx", erreur: expect.stringMatching(/^est refusé : une de ses parties XML déclare un DOCTYPE/) });
  });

  it("une cellule plus longue que ce qu'Excel permet, une imbrication démesurée : refusées en nommant la cellule ou la partie", async () => {
    const long = "é".repeat(40_000);
    for (const chaines of ["inline", "partagees"] as const) {
      const octets = await paquetFabrique([{ nom: FEUILLE_META, lignes: [["qualite-eps", 1], ["etablissement", long]] }], { chaines });
      await expect(ouvrirClasseur(octets, "long.xlsx")).rejects.toThrow(
        chaines === "inline" ? "long.xlsx est refusé : la cellule B2 de la feuille « QualiteEPS_meta » dépasse 32767 caractères" : "long.xlsx est refusé : la chaîne partagée n° 3 dépasse 32767 caractères",
      );
    }
    const profond = `${'<a xmlns="urn:x">'.repeat(300)}${"</a>".repeat(300)}`;
    const octets = await paquetFabrique([{ nom: FEUILLE_META, lignes: [["qualite-eps", 1]] }], { apresDonnees: { [FEUILLE_META]: `<extLst><ext uri="x">${profond}</ext></extLst>` } });
    await expect(ouvrirClasseur(octets, "profond.xlsx")).rejects.toThrow("profond.xlsx est refusé : la partie « xl/worksheets/sheet1.xml » imbrique plus de 200 éléments");
  });

  it("une bombe de décompression est arrêtée pendant la décompression", async () => {
    // The metadata sheet is always read: it carries the bomb.
    const base = await paquetFabrique([{ nom: FEUILLE_META, lignes: [["x"]] }]);
    const p = new Paquet(base, "b.xlsx");
    // Spaces: valid XML as far as the parser goes, so only the limits can stop it.
    const zeros = new Uint8Array(256 * 1024 * 1024).fill(0x20);
    const bombe = deflateRawSync(zeros, { level: 9 });
    const entrees: Parameters<typeof ecrireZip>[0] = [...p.entrees.keys()].map((nom) => ({ nom, depuis: p }));
    const octets = await ecrireZip(entrees);
    // Replace the sheet's entry by the bomb, keeping honest sizes (ratio ~1000:1).
    const fabrique = await ecrireZipBrut(octets, "xl/worksheets/sheet1.xml", bombe, zeros.length);
    await expect(ouvrirClasseur(fabrique, "bombe.xlsx")).rejects.toThrow(/bombe\.xlsx se décompresse en une taille anormale \(partie « xl\/worksheets\/sheet1\.xml »\)/);
    // A size that lies: announced 100 bytes.
    const menteur = await ecrireZipBrut(octets, "xl/worksheets/sheet1.xml", bombe, 100);
    await expect(ouvrirClasseur(menteur, "menteur.xlsx")).rejects.toThrow(/menteur\.xlsx est endommagé : la partie « xl\/worksheets\/sheet1\.xml » est plus grande que ce que l'archive annonce/);
  });
});

/** Rewrites one entry of a package with given deflated bytes and announced size (a forged file). */
async function ecrireZipBrut(octets: Uint8Array, nom: string, deflate: Uint8Array, taille: number): Promise<Uint8Array> {
  const sortie = await ecrireZip([...new Paquet(octets, "x").entrees.keys()].map((n) => (n === nom ? { nom: n, contenu: "" } : { nom: n, depuis: new Paquet(octets, "x") })));
  // Patch the empty entry: its local header and central record get the forged sizes and data.
  const p = new Paquet(sortie, "x");
  const e = p.entrees.get(nom)!;
  const avant = sortie.subarray(0, e.debut);
  const apres = sortie.subarray(e.debut + e.tailleCompressee);
  const resultat = new Uint8Array(avant.length + deflate.length + apres.length);
  resultat.set(avant, 0);
  resultat.set(deflate, avant.length);
  resultat.set(apres, avant.length + deflate.length);
  const d = new DataView(resultat.buffer);
  const decalage = deflate.length - e.tailleCompressee;
  const local = e.debut - 30 - new TextEncoder().encode(nom).length;
  d.setUint32(local + 18, deflate.length, true);
  d.setUint32(local + 22, taille, true);
  // Central directory: fix this entry's sizes and the offsets after it.
  const fin = resultat.length - 22;
  const debutRep = d.getUint32(fin + 16, true) + decalage;
  d.setUint32(fin + 16, debutRep, true);
  for (let q = debutRep; q < fin; ) {
    const lNom = d.getUint16(q + 28, true);
    const n = new TextDecoder().decode(resultat.subarray(q + 46, q + 46 + lNom));
    if (n === nom) {
      d.setUint32(q + 20, deflate.length, true);
      d.setUint32(q + 24, taille, true);
    } else if (d.getUint32(q + 42, true) > local) d.setUint32(q + 42, d.getUint32(q + 42, true) + decalage, true);
    q += 46 + lNom + d.getUint16(q + 30, true) + d.getUint16(q + 32, true);
  }
  return resultat;
}
