import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { lireEtat, ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import eps from "../../templates/referentiels/eps-maroc.json";

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
    const etat = lireEtat(await ouvrirClasseur(readFileSync(out), "g.xlsx"), "g.xlsx");
    expect(etat.meta).toMatchObject({ etablissement: "EPS Marrakech", periode: "2026" });
    const r2 = await lancer("inject", "-r", "eps-maroc", "-o", out);
    expect(r2.code).toBe(0);
    expect(lireEtat(await ouvrirClasseur(readFileSync(out), "g.xlsx"), "g.xlsx").meta?.etablissement).toBe("EPS Marrakech");
    expect(readdirSync(dossier).filter((f) => f.endsWith(".tmp"))).toEqual([]);
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
    const wb = await ouvrirClasseur(readFileSync(out), nom);
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
    expect(j.anomalies).toEqual([expect.objectContaining({ feuille: "Grille qualité", cellule: "J7" })]);
  });

  it("affiche un tableau lisible avec les impératifs non atteints et les cellules à corriger", async () => {
    const r = await lancer("score", await grilleRemplie("t.xlsx"));
    expect(r.out).toMatch(/Score global : 3,50 \/ 4/);
    expect(r.out).toMatch(/Impératifs non atteints \(1\) :\n {2}1\.1\.1 +3,00/);
    expect(r.out).toMatch(/Grille qualité!J7 : « 12 » n'est pas une note/);
  });

  it("montre les désaccords entre évaluateurs", async () => {
    const r = await lancer("score", await grilleRemplie("p.xlsx", "Amina,Youssef"), "--json", "--consensus", "moyenne");
    const j = JSON.parse(r.out);
    expect(j.consensus).toBe("moyenne");
    expect(j.criteres[0]).toMatchObject({ id: "1.1.1", evaluateurs: [3, 1], ecart: 3 });
    expect(j.desaccords).toContain("1.1.1");
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
    const wb = await ouvrirClasseur(readFileSync(out), "national.xlsx", { accepterPertes: true });
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Consolidation", "Matrice thématiques", "Matrice chapitres", "Matrice objectifs", "Impératifs manqués", "Classement", "Fichiers"]);
    expect(existsSync(rapport)).toBe(true);
    // Run again: the consolidated workbook is recognised and replaced, never mixed with the inputs.
    expect((await lancer("consolider", classeurs, dossier, "--out", out)).code).toBe(0);
  });

  it("refuse d'écraser un classeur qui n'est pas une consolidation, et sort en erreur quand rien n'est utilisable", async () => {
    const r = await lancer("consolider", classeurs, "--out", join(classeurs, "EPS-0001.xlsx"));
    expect(r.err).toMatch(/EPS-0001\.xlsx existe et n'est pas un classeur consolidé : il ne sera pas écrasé/);
    const vide = join(dossier, "mauvais");
    mkdirSync(vide);
    writeFileSync(join(vide, "a.xlsx"), "");
    const r2 = await lancer("consolider", vide, "--out", join(dossier, "rien.xlsx"));
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/Écarté : a\.xlsx — est vide[\s\S]*Aucun classeur n'a pu être retenu : rien n'a été écrit/);
    expect(existsSync(join(dossier, "rien.xlsx"))).toBe(false);
  });
});
