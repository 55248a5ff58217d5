import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { enExcelJS } from "../helpers/exceljs";
import eps from "../../templates/referentiels/eps-maroc.json";

// Each command loads its modules on first use (the CLI starts light): that first load, on a
// busy machine, may pass Jest's default 5 s.
jest.setTimeout(30_000);

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe("qualite (CLI)", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-cli-"));

  it("referentiels liste les référentiels livrés", async () => {
    const r = await lancer("referentiels", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((x: { id: string }) => x.id)).toEqual(["eps-maroc", "q4c"]);
    expect((await lancer("referentiels")).out).toMatch(/eps-maroc +1\.1\.0 .*\n.*142 critères dont 22 impératifs/);
  });

  it("inject écrit une grille puis la met à jour en gardant l'établissement", async () => {
    const out = join(dossier, "g.xlsx");
    const r = await lancer("inject", "--referentiel", "eps-maroc", "--out", out, "--etablissement", "EPS Marrakech", "--periode", "2026");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/142 critères dont 22 impératifs/);
    const { etat } = await ouvrirClasseur(readFileSync(out), "g.xlsx");
    expect(etat.meta).toMatchObject({ etablissement: "EPS Marrakech", periode: "2026" });
    const r2 = await lancer("inject", "-r", "eps-maroc", "-o", out);
    expect(r2.code).toBe(0);
    expect((await ouvrirClasseur(readFileSync(out), "g.xlsx")).etat.meta?.etablissement).toBe("EPS Marrakech");
    expect(readdirSync(dossier).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("inject accepte une campagne : semestre, trimestre, mois ou date, avec un libellé", async () => {
    const out = join(dossier, "campagne.xlsx");
    const r = await lancer("inject", "-r", "eps-maroc", "-o", out, "-e", "EPS Fès", "--periode", "2026-s1", "--libelle-campagne", "état initial");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect((await ouvrirClasseur(readFileSync(out), "campagne.xlsx")).etat.meta).toMatchObject({ periode: "2026-S1", campagne: "état initial" });
    expect((await enExcelJS(new Uint8Array(readFileSync(out)))).getWorksheet("Synthèse")!.getCell("C3").value).toBe("2026-S1 · état initial");
  });

  it("accepte un référentiel en fichier JSON et nomme la faute s'il est invalide", async () => {
    const bon = join(dossier, "mon-ref.json");
    writeFileSync(bon, JSON.stringify({ ...eps, id: "mon-ref" }));
    expect((await lancer("inject", "-r", bon, "-o", join(dossier, "m.xlsx"))).code).toBe(0);
    const mauvais = join(dossier, "faux.json");
    writeFileSync(mauvais, JSON.stringify({ ...eps, echelle: { min: 4, max: 1 } }));
    const r = await lancer("inject", "-r", mauvais, "-o", join(dossier, "f.xlsx"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Erreur : Le fichier faux\.json n'est pas valide\.\n.*echelle\.max : l'échelle doit avoir max > min/);
    expect(existsSync(join(dossier, "f.xlsx"))).toBe(false);
  });

  it.each([
    [["inject", "-r", "inconnu", "-o", "x.xlsx"], /Référentiel « inconnu » inconnu/],
    [["inject", "-r", "eps-maroc"], /option obligatoire manquante : -o, --out/],
    [["inject", "-r", "eps-maroc", "-o", "x.csv"], /doit finir par \.xlsx/],
    [["inject", "-r", "eps-maroc", "-o", "x.xlsx", "-p", "l'an dernier"], /Période « l'an dernier » invalide/],
    [["inject", "-r", "eps-maroc", "-o", "x.xlsx", "-p", "2026-S3"], /Période « 2026-S3 » invalide : attendu une année \(2026\), un semestre \(2026-S1\)/],
    [["inject", "-r", "eps-maroc", "-o", "x.xlsx", "--depuis", "/nulle/part.xlsx"], /Fichier introuvable : \/nulle\/part\.xlsx/],
    [["exporter"], /commande inconnue : exporter/],
  ])("refuse %j avec un message français et un code non nul", async (args, motif) => {
    const r = await lancer(...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(motif);
  });

  it("refuse de réécrire un fichier corrompu et le laisse intact", async () => {
    const out = join(dossier, "abime.xlsx");
    writeFileSync(out, "PK\u0003\u0004 abîmé");
    const r = await lancer("inject", "-r", "eps-maroc", "-o", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/abime\.xlsx est endommagé/);
    expect(readFileSync(out, "utf8")).toBe("PK\u0003\u0004 abîmé");
  });
});

describe("qualite score", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-score-"));

  async function grilleRemplie(nom: string, evaluateurs?: string): Promise<string> {
    const out = join(dossier, nom);
    expect((await lancer("inject", "-r", "eps-maroc", "-o", out, "-e", "EPS Agadir", ...(evaluateurs ? ["--evaluateurs", evaluateurs] : []))).code).toBe(0);
    const wb = await enExcelJS(readFileSync(out));
    const ws = wb.getWorksheet("Grille qualité")!;
    // 1.1.1.a–c (imperative): 4, 4, 1 → 3 and unmet; 1.1.2 (imperative) 4; 1.1.3: NC; L2 (second evaluator) 1.
    ws.getCell("J2").value = 4;
    ws.getCell("J3").value = 4;
    ws.getCell("J4").value = 1;
    ws.getCell("J5").value = 4;
    ws.getCell("J6").value = "NC";
    ws.getCell("J7").value = 12;
    if (evaluateurs) ws.getCell("K2").value = 1;
    writeFileSync(out, Buffer.from(await ws.workbook.xlsx.writeBuffer()));
    return out;
  }

  it("--json donne la forme promise, scores à 2 décimales et null sans évaluation", async () => {
    const r = await lancer("score", await grilleRemplie("s.xlsx"), "--json");
    expect(r).toMatchObject({ code: 0, err: "" });
    const j = JSON.parse(r.out);
    expect(j.referentiel).toEqual({ id: "eps-maroc", version: "1.1.0" });
    expect(j.global).toBe(3.5);
    expect(j.completion).toBeCloseTo(3 / 142, 4);
    expect(j.chapitres).toHaveLength(3);
    expect(j.thematiques).toHaveLength(9);
    expect(j.objectifs.length).toBeGreaterThanOrEqual(40);
    for (const n of [...j.chapitres, ...j.thematiques, ...j.objectifs]) expect(Object.keys(n)).toEqual(expect.arrayContaining(["id", "score", "evalues", "nc"]));
    expect(j.thematiques[1].score).toBeNull();
    const c = (id: string) => j.criteres.find((x: { id: string }) => x.id === id);
    expect(c("1.1.1")).toMatchObject({ score: 3, evaluateurs: [3], ecart: null });
    expect(c("1.1.3")).toMatchObject({ score: "NC" });
    expect(j.imperatifsNonAtteints).toEqual(["1.1.1"]);
    // The NC of 1.1.3 has no comment: it must be justified (K is the comment column).
    expect(j.anomalies).toEqual([
      { feuille: "Grille qualité", cellule: "J6", message: "« NC » sur le critère 1.1.3 doit être justifié : écrivez la raison en K6" },
      expect.objectContaining({ feuille: "Grille qualité", cellule: "J7" }),
    ]);
  });

  it("affiche un tableau lisible avec les impératifs non atteints et les cellules à corriger", async () => {
    const r = await lancer("score", await grilleRemplie("t.xlsx"));
    expect(r.out).toMatch(/Score global : 3,50 \/ 4/);
    expect(r.out).toMatch(/Impératifs non atteints \(1\) :\n {2}1\.1\.1 +3,00/);
    expect(r.out).toMatch(/Grille qualité!J7 : critère [\d.]+ : 12 est hors de l'échelle/);
  });

  it("montre les désaccords entre évaluateurs", async () => {
    const r = await lancer("score", await grilleRemplie("p.xlsx", "Amina,Youssef"), "--json", "--consensus", "moyenne");
    const j = JSON.parse(r.out);
    expect(j.consensus).toBe("moyenne");
    expect(j.criteres[0]).toMatchObject({ id: "1.1.1", evaluateurs: [3, 1], ecart: 3 });
    expect(j.desaccords).toContain("1.1.1");
  });

  it("un impératif noté 4, 4, 1 par trois évaluateurs est « non atteint — à discuter » (qui a donné quoi) jusqu'à la note retenue 4", async () => {
    const f = join(dossier, "trois.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", f, "-e", "EPS Agadir", "--evaluateurs", "Amina,Youssef,Khadija")).code).toBe(0);
    const noter = async (retenue: number | null) => {
      const wb = await enExcelJS(new Uint8Array(readFileSync(f)));
      const ws = wb.getWorksheet("Grille qualité")!;
      // Row 5 is 1.1.2 (imperative); J–L the three evaluators, N the agreed note.
      expect(ws.getCell("A5").value).toBe("1.1.2");
      expect([ws.getCell("N1").value, ws.getCell("O1").value]).toEqual(["Note retenue", "Motif"]);
      [4, 4, 1].forEach((n, i) => (ws.getCell(`${"JKL"[i]}5`).value = n));
      ws.getCell("N5").value = retenue;
      writeFileSync(f, Buffer.from(await wb.xlsx.writeBuffer()));
    };
    await noter(null);
    const r = await lancer("score", f);
    expect(r.out).toMatch(/Impératifs non atteints \(1\) :\n {2}1\.1\.2 +4,00 .*\n +non atteint — à discuter : Amina 4,00, Youssef 4,00, Khadija 1,00 ; saisir la note retenue après discussion/);
    expect(JSON.parse((await lancer("score", f, "--json")).out)).toMatchObject({ imperatifsNonAtteints: ["1.1.2"], imperatifsADiscuter: ["1.1.2"] });
    await noter(4);
    expect(JSON.parse((await lancer("score", f, "--json")).out)).toMatchObject({ imperatifsNonAtteints: [], imperatifsADiscuter: [], desaccords: [] });
  });

  it("paq : par défaut, un critère noté 2,5 entre dans le plan (seuil 3) ; --seuil 2,5 le laisse dehors ; un seuil hors échelle est refusé", async () => {
    const f = await grilleRemplie("plan.xlsx");
    const wb = await enExcelJS(new Uint8Array(readFileSync(f)));
    // The first ordinary (not imperative) row below those the helper filled.
    const g = wb.getWorksheet("Grille qualité")!;
    let rang = 8;
    while (g.getCell(`H${rang}`).value === "Oui") rang++;
    g.getCell(`J${rang}`).value = 2.5;
    writeFileSync(f, Buffer.from(await wb.xlsx.writeBuffer()));
    const lignesPlan = async () => {
      const plan = (await enExcelJS(new Uint8Array(readFileSync(f)))).getWorksheet("Plan d'amélioration")!;
      return plan.getSheetValues().slice(2).map((l) => (l as unknown[])[1]);
    };
    const ref8 = String(g.getCell(`B${rang}`).value);
    expect((await lancer("paq", f)).out).toMatch(/dont 1 pour des impératifs non atteints ou à trancher, 1 pour des critères sous le seuil/);
    expect(await lignesPlan()).toEqual(["1.1.1", ref8]);
    expect((await lancer("paq", f, "--seuil", "2,5")).code).toBe(0);
    expect(await lignesPlan()).toEqual(["1.1.1"]);
    const r = await lancer("paq", f, "--seuil", "5");
    expect(r.err).toMatch(/Seuil « 5 » invalide pour le plan d'amélioration : attendu une note au-dessus de 1 et au plus 4/);
  });

  it.each([
    [["score", "/nulle/part.xlsx"], /Fichier introuvable/],
    [["score"], /argument obligatoire manquant/],
    [["score", "x.xlsx", "--consensus", "mode"], /valeur « mode » invalide pour --consensus/],
  ])("refuse %j", async (args, motif) => {
    const r = await lancer(...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(motif);
  });

  it("refuse un classeur qui n'est pas une grille, en le nommant", async () => {
    const f = join(dossier, "budget.xlsx");
    const wb = new (await import("exceljs")).default.Workbook();
    wb.addWorksheet("Budget").getCell("A1").value = 1;
    await wb.xlsx.writeFile(f);
    const r = await lancer("score", f);
    expect(r.err).toMatch(/budget\.xlsx n'est pas une grille Qualité EPS : la feuille « QualiteEPS_meta » est absente/);
  });
});

describe("qualite pe", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-pe-cli-"));
  const exemple = join(__dirname, "..", "..", "templates", "documents", "exemples", "pe-eps-reponses.json");

  it("assemble le projet, signale les manques sur la sortie d'erreur et reprend les réponses d'un .docx", async () => {
    const out = join(dossier, "pe.docx");
    const r = await lancer("pe", "-r", exemple, "-o", out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/14 sections, \d+ points à compléter/);
    expect(r.err).toMatch(/Attention : Section « Offre de service : le parcours d'accompagnement » : « Admission et accueil » reste à compléter\./);
    const r2 = await lancer("pe", "-r", out, "-o", join(dossier, "copie.docx"));
    expect(r2.code).toBe(0);
  });

  it.each([
    [["pe", "-r", "/nulle/part.json", "-o", "x.docx"], /Fichier introuvable/],
    [["pe", "-t", "inconnu", "-r", "x.json", "-o", "x.docx"], /Modèle de document « inconnu » inconnu/],
    [["pe", "-r", "x.json", "-o", "x.pdf"], /doit finir par \.docx/],
  ])("refuse %j", async (args, motif) => {
    const r = await lancer(...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(motif);
  });

  it("reprend les résultats du JSON de qualite score", async () => {
    const grille = join(dossier, "g.xlsx");
    await lancer("inject", "-r", "eps-maroc", "-o", grille);
    const scores = join(dossier, "scores.json");
    writeFileSync(scores, (await lancer("score", grille, "--json")).out);
    const out = join(dossier, "avec-scores.docx");
    expect((await lancer("pe", "-r", exemple, "--evaluation", scores, "-o", out)).code).toBe(0);
    const xml = await (await (await import("jszip")).default.loadAsync(readFileSync(out))).file("word/document.xml")!.async("string");
    expect(xml).toContain("Résultats de la dernière évaluation");
    writeFileSync(scores, JSON.stringify({ global: 3 }));
    expect((await lancer("pe", "-r", exemple, "--evaluation", scores, "-o", join(dossier, "z.docx"))).err).toMatch(/scores\.json n'est pas un résultat de « qualite score --json »/);
  });

  it("refuse un fichier de réponses illisible en le nommant", async () => {
    const f = join(dossier, "casse.json");
    writeFileSync(f, "{ pas du json");
    const r = await lancer("pe", "-r", f, "-o", join(dossier, "y.docx"));
    expect(r.err).toMatch(/casse\.json n'est pas un fichier JSON lisible/);
  });
});

describe("qualite consolider", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-conso-"));
  const classeurs = join(dossier, "classeurs");

  beforeAll(async () => {
    const { genererClasseurs } = await import("../../bench/classeurs");
    await genererClasseurs(classeurs, 5, 3);
    writeFileSync(join(classeurs, "abime.xlsx"), "pas un classeur");
    writeFileSync(join(classeurs, "~$EPS-0001.xlsx"), "verrou d'Excel");
    expect((await lancer("inject", "-r", "q4c", "-o", join(classeurs, "autre.xlsx"), "-e", "EPS Q")).code).toBe(0);
  });

  it("consolide un dossier, écarte les mauvais fichiers sans s'arrêter, écrit le classeur et le rapport", async () => {
    const out = join(dossier, "national.xlsx");
    const rapport = join(dossier, "rapport.docx");
    const r = await lancer("consolider", classeurs, "--out", out, "--rapport", rapport, "--json", "--organisme", "Association nationale");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.etablissements.map((e: { etablissement: string }) => e.etablissement)).toEqual(["EPS 0001", "EPS 0002", "EPS 0003", "EPS 0004", "EPS 0005"]);
    expect(j.fichiers.map((f: { fichier: string; statut: string }) => [f.fichier, f.statut])).toEqual([
      ["EPS-0001.xlsx", "ok"],
      ["EPS-0002.xlsx", "ok"],
      ["EPS-0003.xlsx", "ok"],
      ["EPS-0004.xlsx", "ok"],
      ["EPS-0005.xlsx", "ok"],
      ["abime.xlsx", "refuse"],
      ["autre.xlsx", "refuse"],
    ]);
    expect(j.thematiques).toHaveLength(9);
    const wb = await ouvrirClasseur(readFileSync(out), "national.xlsx");
    expect(wb.etat.feuilles).toEqual(["Consolidation", "Matrice thématiques", "Matrice chapitres", "Matrice objectifs", "Impératifs manqués", "Classement", "Fichiers"]);
    expect(existsSync(rapport)).toBe(true);
    // Run again: the consolidated workbook is recognised and replaced, never mixed with the inputs.
    expect((await lancer("consolider", classeurs, dossier, "--out", out)).code).toBe(0);
  });

  it("deux campagnes d'une même année consolident en deux périodes, comparées par la progression", async () => {
    const camp = join(dossier, "campagnes");
    mkdirSync(camp);
    for (const [f, p, l, n] of [["initial.xlsx", "2026-T1", "état initial", 2], ["fin.xlsx", "2026-T4", "fin de mission", 3]] as const) {
      const chemin = join(camp, f);
      expect((await lancer("inject", "-r", "eps-maroc", "-o", chemin, "-e", "EPS Oujda", "-p", p, "--libelle-campagne", l)).code).toBe(0);
      const wb = await enExcelJS(new Uint8Array(readFileSync(chemin)));
      const ws = wb.getWorksheet("Grille qualité")!;
      for (let r = 2; r <= 20; r++) if (ws.getCell(`H${r}`).value !== "Oui") ws.getCell(`J${r}`).value = n;
      writeFileSync(chemin, Buffer.from(await wb.xlsx.writeBuffer()));
    }
    const r = await lancer("consolider", camp, "--out", join(dossier, "campagnes.xlsx"), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.fichiers.map((f: { fichier: string; statut: string }) => [f.fichier, f.statut])).toEqual([["fin.xlsx", "ok"], ["initial.xlsx", "periode-anterieure"]]);
    expect(j.progression).toEqual([expect.objectContaining({ etablissement: "EPS Oujda", avant: "2026-T1 · état initial", apres: "2026-T4 · fin de mission", global: { avant: 2, apres: 3 } })]);
  });

  it("--anonymiser remplace les noms par des codes dans le JSON, le classeur et le rapport ; --completion-min règle le classement", async () => {
    const out = join(dossier, "anonyme.xlsx");
    const rapport = join(dossier, "anonyme.docx");
    const r = await lancer("consolider", classeurs, "--out", out, "--rapport", rapport, "--anonymiser", "--completion-min", "95", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.anonymise).toBe(true);
    expect(j.etablissements.map((e: { etablissement: string }) => e.etablissement)).toEqual(["EPS-01", "EPS-02", "EPS-03", "EPS-04", "EPS-05"]);
    // Every generated establishment is about 90 % complete: none reaches 95 %.
    expect(j.classement).toEqual([]);
    expect(j.horsClassement).toHaveLength(5);
    expect(j.tousImperatifs).toEqual({ n: expect.any(Number), part: expect.any(Number) });
    expect(j.etablissements[0]).toMatchObject({ tauxImperatifs: expect.any(Number) });
    const noms = /EPS[ -]000\d/;
    expect(r.out).not.toMatch(noms);
    const wb = await enExcelJS(new Uint8Array(readFileSync(out)));
    const cellules = wb.worksheets.flatMap((w) => w.getSheetValues().flat(2).map((v) => String(v ?? "")));
    expect(cellules.join("|")).not.toMatch(noms);
    expect(cellules).toContain("EPS-03");
    const JSZip = (await import("jszip")).default;
    const xml = await (await JSZip.loadAsync(readFileSync(rapport))).file("word/document.xml")!.async("string");
    expect(xml).not.toMatch(noms);
    expect(xml).toMatch(/EPS-01/);
    const texte = await lancer("consolider", classeurs, "--out", out, "--completion-min", "80");
    expect(texte.out).toMatch(/Classement \(complétion d'au moins 80 %\) :\n +Rang +Établissement +Score +Complétion +Impératifs non atteints\n +1 +EPS 000\d/);
    expect(texte.out).toMatch(/Établissements atteignant tous les impératifs : \d sur 5/);
    expect((await lancer("consolider", classeurs, "--out", out, "--completion-min", "cent")).err).toMatch(/Complétion minimale « cent » invalide/);
  });

  it("refuse d'écraser un classeur qui n'est pas une consolidation, et sort en erreur quand rien n'est utilisable", async () => {
    const avant = readFileSync(join(classeurs, "EPS-0001.xlsx"));
    const r = await lancer("consolider", classeurs, "--out", join(classeurs, "EPS-0001.xlsx"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/EPS-0001\.xlsx existe et n'est pas un classeur consolidé écrit par Qualité EPS : il ne sera pas remplacé\. Choisissez un autre nom, ou relancez avec --remplacer/);
    expect(readFileSync(join(classeurs, "EPS-0001.xlsx"))).toEqual(avant);
    const vide = join(dossier, "mauvais");
    mkdirSync(vide);
    writeFileSync(join(vide, "a.xlsx"), "");
    const r2 = await lancer("consolider", vide, "--out", join(dossier, "rien.xlsx"));
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/Écarté : a\.xlsx — est vide[\s\S]*Aucun classeur n'a pu être retenu : rien n'a été écrit/);
    expect(existsSync(join(dossier, "rien.xlsx"))).toBe(false);
  });

  it("nomme les fichiers d'un dossier donné par « . » sans en couper le nom", async () => {
    const { collecter } = await import("../../src/cli/consolider");
    const avant = process.cwd();
    process.chdir(classeurs);
    try {
      expect(collecter(["."]).map((f) => f.nom)).toEqual(["EPS-0001.xlsx", "EPS-0002.xlsx", "EPS-0003.xlsx", "EPS-0004.xlsx", "EPS-0005.xlsx", "abime.xlsx", "autre.xlsx"]);
    } finally {
      process.chdir(avant);
    }
  });

  it("--rapport ne remplace un .docx existant que s'il est un rapport de capitalisation, ou avec --remplacer", async () => {
    const out = join(dossier, "n2.xlsx");
    const rapport = join(dossier, "a-la-main.docx");
    // A document the user wrote (here: an establishment project of ours, another template).
    expect((await lancer("pe", "-r", join(__dirname, "../../templates/documents/exemples/pe-eps-reponses.json"), "-o", rapport)).code).toBe(0);
    const avant = readFileSync(rapport);
    const r = await lancer("consolider", classeurs, "--out", out, "--rapport", rapport);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a-la-main\.docx existe et n'est pas un rapport de capitalisation écrit par Qualité EPS : il ne sera pas remplacé\. .*--remplacer/);
    expect(readFileSync(rapport)).toEqual(avant);
    expect(existsSync(out)).toBe(false);
    // A report of ours is replaced; --remplacer forces the other one.
    const notre = join(dossier, "capitalisation.docx");
    expect((await lancer("consolider", classeurs, "--out", out, "--rapport", notre)).code).toBe(0);
    expect((await lancer("consolider", classeurs, "--out", out, "--rapport", notre)).code).toBe(0);
    expect((await lancer("consolider", classeurs, "--out", out, "--rapport", rapport, "--remplacer")).code).toBe(0);
    expect(readFileSync(rapport)).not.toEqual(avant);
    expect(readdirSync(dossier).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("fichiers de sortie protégés, erreurs inattendues", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-sorties-"));
  const exemple = join(__dirname, "../../templates/documents/exemples/pe-eps-reponses.json");

  it("pe ne met à jour qu'un document de ce modèle écrit par Qualité EPS ; --remplacer écrase", async () => {
    const docx = join(dossier, "pe.docx");
    expect((await lancer("pe", "-r", exemple, "-o", docx)).code).toBe(0);
    const avant = readFileSync(docx);
    const r = await lancer("pe", "-t", "guide-prf", "-r", exemple, "-o", docx);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/pe\.docx existe et est un document du modèle « pe-eps », pas « guide-prf » : il ne sera pas modifié\. .*--remplacer/);
    expect(readFileSync(docx)).toEqual(avant);
    // A letter written in Word (here by the docx library): no region, no answers of ours.
    const { Document, Packer, Paragraph } = await import("docx");
    const autre = join(dossier, "lettre.docx");
    writeFileSync(autre, new Uint8Array(await Packer.toArrayBuffer(new Document({ sections: [{ children: [new Paragraph("Madame la Directrice,")] }] }))));
    const lettre = readFileSync(autre);
    const r2 = await lancer("pe", "-r", exemple, "-o", autre);
    expect(r2.err).toMatch(/lettre\.docx existe et n'est pas un document écrit par Qualité EPS : il ne sera pas modifié\. .*--remplacer/);
    expect(readFileSync(autre)).toEqual(lettre);
    const json = join(dossier, "pas-un-docx.docx");
    writeFileSync(json, readFileSync(exemple));
    expect((await lancer("pe", "-r", exemple, "-o", json)).err).toBe("Erreur : pas-un-docx.docx n'est pas un document .docx. Il ne sera pas modifié : choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.\n");
    expect((await lancer("pe", "-r", exemple, "-o", autre, "--remplacer")).code).toBe(0);
    expect(await (await import("../../src/hosts/docx/document")).modeleDuDocx(readFileSync(autre))).toBe("pe-eps");
  });

  it("refuse un fichier existant en lecture seule, le garde en lecture seule avec --remplacer", async () => {
    const { chmodSync, statSync } = await import("node:fs");
    const docx = join(dossier, "seul.docx");
    expect((await lancer("pe", "-r", exemple, "-o", docx)).code).toBe(0);
    chmodSync(docx, 0o444);
    const avant = readFileSync(docx);
    const r = await lancer("pe", "-r", exemple, "-o", docx);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/seul\.docx est en lecture seule : rien n'a été écrit/);
    expect(readFileSync(docx)).toEqual(avant);
    expect((await lancer("pe", "-r", exemple, "-o", docx, "--remplacer")).code).toBe(0);
    expect(statSync(docx).mode & 0o777).toBe(0o444);
    // A writable file keeps its own permissions too.
    chmodSync(docx, 0o640);
    expect((await lancer("pe", "-r", exemple, "-o", docx)).code).toBe(0);
    expect(statSync(docx).mode & 0o777).toBe(0o640);
  });

  it("inject --depuis ne remplace pas un --out existant sans --remplacer", async () => {
    const depart = join(dossier, "depart.xlsx");
    const out = join(dossier, "existant.xlsx");
    expect((await lancer("inject", "-r", "q4c", "-o", depart)).code).toBe(0);
    expect((await lancer("inject", "-r", "q4c", "-o", out, "-e", "EPS Fès")).code).toBe(0);
    const avant = readFileSync(out);
    const r = await lancer("inject", "-r", "q4c", "--depuis", depart, "-o", out);
    expect(r).toMatchObject({ code: 1 });
    expect(r.err).toMatch(/existant\.xlsx existe et serait remplacé par depart\.xlsx complété de la grille : rien n'a été écrit\. .*--remplacer/);
    expect(readFileSync(out)).toEqual(avant);
    expect((await lancer("inject", "-r", "q4c", "--depuis", depart, "-o", out, "--remplacer")).code).toBe(0);
  });

  it("un .docx illisible en entrée est refusé en le nommant, sans pile d'appels (code 1)", async () => {
    const f = join(dossier, "random.docx");
    writeFileSync(f, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)));
    const r = await lancer("pe", "--reponses", f, "-o", join(dossier, "r.docx"));
    expect(r).toMatchObject({ code: 1, err: "Erreur : random.docx n'est pas un document .docx.\n" });
  });

  it("une erreur inattendue donne un message français nommant l'opération et le fichier, le détail seulement sous --debug", async () => {
    const { messageInattendu } = await import("../../src/cli/main");
    let e: unknown;
    try {
      (JSON.parse("null") as { x: { y: number } }).x.y = 1;
    } catch (x) {
      e = x;
    }
    const ctx = { operation: "la lecture des réponses", fichier: "random.docx", ecrits: [] };
    const court = messageInattendu(e, ctx, false);
    expect(court).toBe("Erreur inattendue pendant la lecture des réponses (random.docx) : défaut interne de Qualité EPS. Aucun fichier n'a été modifié.\nPour le détail technique, relancez la commande avec --debug.\n");
    const long = messageInattendu(e, { ...ctx, ecrits: ["national.xlsx"] }, true);
    expect(long).toMatch(/Fichiers déjà écrits, complets : national\.xlsx\. Aucun autre fichier n'a été modifié\.\nDétail technique :\nTypeError: Cannot read properties of null \(reading .x.\)[\s\S]*\n +at /);
    expect(messageInattendu(new RangeError("Array buffer allocation failed"), ctx, false)).toMatch(/: la mémoire ne suffit pas/);
    // --debug is accepted anywhere on the line, and help mentions it.
    expect((await lancer("referentiels", "--debug", "--json")).code).toBe(0);
    expect((await lancer("--help")).out).toMatch(/--debug +en cas d'erreur inattendue/);
  });
});
