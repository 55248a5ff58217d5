import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { colonnesReponses, FEUILLE_REPONSES } from "../../src/core/enquetes/classeur";
import { questionnaireLivre } from "../../src/core/enquetes/catalogue";
import { lireReponsesDocx, modeleDuDocx } from "../../src/hosts/docx/document";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import enfants from "../../templates/enquetes/enfants-6-11.json";

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

jest.setTimeout(120_000);
const dossier = mkdtempSync(join(tmpdir(), "qualite-enquete-cli-"));
const q = questionnaireLivre("enfants-6-11");

/** What a referent does: open the answer workbook, type the answers of `n` children, save. */
async function remplir(depuis: string, vers: string, n: number, o: { invalide?: boolean } = {}) {
  const wb = await enExcelJS(new Uint8Array(readFileSync(depuis)));
  const ws = wb.getWorksheet(FEUILLE_REPONSES)!;
  const cols = colonnesReponses(q);
  for (let r = 0; r < n; r++) {
    ws.getCell(`B${r + 2}`).value = "8-9 ans";
    q.questions.forEach((x, j) => {
      ws.getCell(`${cols.question.get(x.id)}${r + 2}`).value = x.type === "texte" ? (r % 2 ? `réponse ${r}` : null) : ["Oui", "Parfois", "Non"][(r + j) % 3]!;
    });
  }
  if (o.invalide) ws.getCell(`${cols.question.get("Q05")}3`).value = "Bof";
  writeFileSync(vers, await octetsExcelJS(wb));
}

describe("qualite enquete (CLI)", () => {
  it("modeles liste les quatre questionnaires livrés", async () => {
    const r = await lancer("enquete", "modeles");
    expect(r.code).toBe(0);
    for (const id of ["enfants-6-11", "adolescents", "meres-prf", "familles"]) expect(r.out).toContain(id);
  });

  it("questionnaire écrit un .docx en français et en arabe, reconnu comme questionnaire", async () => {
    for (const langue of ["fr", "ar"]) {
      const out = join(dossier, `q-${langue}.docx`);
      const r = await lancer("enquete", "questionnaire", "--modele", "enfants-6-11", "--langue", langue, "--out", out);
      expect(r).toMatchObject({ code: 0, err: "" });
      const octets = new Uint8Array(readFileSync(out));
      expect(await modeleDuDocx(octets)).toBe("questionnaire-enquete");
      expect(await lireReponsesDocx(octets)).toMatchObject({ variables: { questionnaire: "enfants-6-11", langue } });
    }
    // Written again over our own file: allowed; over another file: refused, file untouched.
    expect((await lancer("enquete", "questionnaire", "-m", "enfants-6-11", "-o", join(dossier, "q-fr.docx"))).code).toBe(0);
    const autre = join(dossier, "lettre.docx");
    writeFileSync(autre, "pas un document");
    const r = await lancer("enquete", "questionnaire", "-m", "enfants-6-11", "-o", autre);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/n'est pas un questionnaire écrit par Qualité EPS : il ne sera pas remplacé/);
    expect(readFileSync(autre, "utf8")).toBe("pas un document");
  });

  it("init → saisie → resultats : JSON et document, références stables", async () => {
    const rep = join(dossier, "reponses.xlsx");
    const r = await lancer("enquete", "init", "-m", "enfants-6-11", "-o", rep, "-e", "EPS Agadir", "-p", "2026", "--lignes", "40");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/40 lignes, 15 questions, résultats montrés à partir de 5 répondants/);
    const rempli = join(dossier, "rempli.xlsx");
    await remplir(rep, rempli, 9);
    const j = await lancer("enquete", "resultats", rempli, "--json");
    expect(j.code).toBe(0);
    const res = JSON.parse(j.out);
    expect(res).toMatchObject({ repondants: 9, seuil: 5, affiche: true, periode: "2026", etablissement: "EPS Agadir" });
    expect(res.questions[0]).toMatchObject({ id: "Q01", reponses: 9, comptes: [3, 3, 3], indice: 50, reference: "ENQ-enfants-6-11-2026-Q01" });
    expect(res.criteres.find((c: { id: string }) => c.id === "1.10.3").reference).toBe("ENQ-enfants-6-11-2026-C1.10.3");
    expect(res.commentaires[0].textes).toEqual(["réponse 1", "réponse 3", "réponse 5", "réponse 7"]);
    const doc = join(dossier, "resultats.docx");
    const d = await lancer("enquete", "resultats", rempli, "--out", doc);
    expect(d).toMatchObject({ code: 0, err: "" });
    expect(d.out).toMatch(/9 répondants\.\n {2}1\.1\.3 +\d+,\d {2}ENQ-enfants-6-11-2026-C1\.1\.3/);
    expect(await modeleDuDocx(new Uint8Array(readFileSync(doc)))).toBe("resultats-enquete");
  });

  it("sous la taille minimale, le document est écrit mais ne montre rien, et le dit", async () => {
    const rep = join(dossier, "petit.xlsx");
    expect((await lancer("enquete", "init", "-m", "enfants-6-11", "-o", rep, "--lignes", "10")).code).toBe(0);
    await remplir(rep, rep, 4);
    const r = await lancer("enquete", "resultats", rep, "-o", join(dossier, "petit.docx"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 répondants : moins que la taille minimale \(5\), aucun résultat n'est montré/);
    expect(r.err).toMatch(/Attention : 4 répondants, moins que la taille minimale du groupe \(5\)/);
  });

  it("refuse une réponse hors de l'échelle en nommant le fichier, la feuille, la cellule, la question et les critères", async () => {
    const rep = join(dossier, "faux.xlsx");
    expect((await lancer("enquete", "init", "-m", "enfants-6-11", "-o", rep, "--lignes", "10")).code).toBe(0);
    await remplir(rep, rep, 6, { invalide: true });
    const out = join(dossier, "faux.docx");
    const r = await lancer("enquete", "resultats", rep, "-o", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Erreur : faux\.xlsx : 1 réponse refusée \(questionnaire « enfants-6-11 »\)\.\n {2}• feuille « Réponses », cellule H3 : « Bof » n'est pas une réponse de l'échelle \(Oui, Parfois, Non\) — question Q05, critères 1\.1\.3, 1\.1\.7/);
    expect(existsSync(out)).toBe(false);
  });

  it("ne remplace pas un classeur de réponses existant sans --remplacer", async () => {
    const rep = join(dossier, "deja.xlsx");
    expect((await lancer("enquete", "init", "-m", "adolescents", "-o", rep)).code).toBe(0);
    const avant = statSync(rep).mtimeMs;
    const r = await lancer("enquete", "init", "-m", "adolescents", "-o", rep);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/deja\.xlsx existe déjà : rien n'a été écrit \(ses réponses seraient perdues\)/);
    expect(statSync(rep).mtimeMs).toBe(avant);
    expect((await lancer("enquete", "init", "-m", "adolescents", "-o", rep, "--remplacer")).code).toBe(0);
  });

  it("refuse un classeur qui n'est pas un classeur de réponses, et un questionnaire aux critères inconnus", async () => {
    const grille = join(dossier, "grille.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille)).code).toBe(0);
    const r = await lancer("enquete", "resultats", grille, "--json");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/grille\.xlsx n'est pas un classeur de réponses d'enquête écrit par Qualité EPS/);
    const perso = join(dossier, "perso.json");
    const d = structuredClone(enfants) as any;
    d.id = "perso";
    d.questions[0].criteres = ["1.10.3", "9.99"];
    writeFileSync(perso, JSON.stringify(d));
    const p = await lancer("enquete", "init", "-m", perso, "-o", join(dossier, "perso.xlsx"));
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/questionnaire « perso » cite des critères absents du référentiel « eps-maroc » 1\.1\.0 : 9\.99\.\n {2}• question Q01 : 9\.99/);
    expect(existsSync(join(dossier, "perso.xlsx"))).toBe(false);
  });

  it("citer écrit la référence dans « Preuves » des critères renseignés, après le texte des évaluateurs, sans rien perdre ni doubler", async () => {
    const rep = join(dossier, "pour-citer.xlsx");
    expect((await lancer("enquete", "init", "-m", "enfants-6-11", "-o", rep, "-e", "EPS Oujda", "-p", "2026", "--lignes", "20")).code).toBe(0);
    await remplir(rep, rep, 7);
    const grille = join(dossier, "grille-a-citer.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille, "-e", "EPS Oujda")).code).toBe(0);
    // The evaluators already scored 1.10.3 and wrote a piece of evidence.
    const { ouvrirClasseur } = await import("../../src/hosts/xlsx/classeur");
    const avant = await ouvrirClasseur(readFileSync(grille), "g");
    const cles = avant.etat.meta!.colonnes;
    const ligne = avant.etat.grille!.valeurs.findIndex((l) => l[cles.indexOf("ref")] === "1.10.3") + 1;
    const col = (k: string) => String.fromCharCode(65 + cles.indexOf(k));
    const wb = await enExcelJS(new Uint8Array(readFileSync(grille)));
    const ws = wb.getWorksheet(avant.etat.grille!.feuille)!;
    ws.getCell(`${col("note")}${ligne}`).value = 3;
    ws.getCell(`${col("preuves")}${ligne}`).value = "Compte rendu du conseil des enfants, mars 2026";
    writeFileSync(grille, await octetsExcelJS(wb));

    const r = await lancer("enquete", "citer", rep, "--grille", grille);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/\d+ critères cités dans la colonne « Preuves » \(1\.1\.3, .*1\.10\.3/);
    const apres = await ouvrirClasseur(readFileSync(grille), "g");
    const l = apres.etat.grille!.valeurs.find((x) => x[cles.indexOf("ref")] === "1.10.3")!;
    expect(l[cles.indexOf("note")]).toBe(3);
    expect(l[cles.indexOf("preuves")]).toBe(
      "Compte rendu du conseil des enfants, mars 2026\nEnquête de satisfaction « Ce que je pense de ma maison » (enfants de 6 à 11 ans, EPS Oujda, 2026), 7 répondants : résultat ENQ-enfants-6-11-2026-C1.10.3.",
    );
    const sans = apres.etat.grille!.valeurs.find((x) => x[cles.indexOf("ref")] === "3.1.1")!;
    expect(sans[cles.indexOf("preuves")] ?? null).toBeNull();

    const mtime = statSync(grille).mtimeMs;
    const encore = await lancer("enquete", "citer", rep, "-g", grille);
    expect(encore.out).toMatch(/0 critère cité dans la colonne « Preuves », \d+ l'étaient déjà\.\nLa grille n'a pas été modifiée/);
    expect(statSync(grille).mtimeMs).toBe(mtime);
  });

  it("citer refuse une enquête sous la taille minimale et un classeur qui n'est pas une grille", async () => {
    const rep = join(dossier, "petit-citer.xlsx");
    expect((await lancer("enquete", "init", "-m", "enfants-6-11", "-o", rep, "--lignes", "10")).code).toBe(0);
    await remplir(rep, rep, 3);
    const grille = join(dossier, "g2.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille)).code).toBe(0);
    const mtime = statSync(grille).mtimeMs;
    const r = await lancer("enquete", "citer", rep, "-g", grille);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/3 répondants, moins que la taille minimale du groupe \(5\) : aucun résultat ne peut être cité\. La grille n'a pas été modifiée/);
    expect(statSync(grille).mtimeMs).toBe(mtime);
    await remplir(rep, rep, 6);
    const autre = join(dossier, "autre.xlsx");
    expect((await lancer("enquete", "init", "-m", "familles", "-o", autre)).code).toBe(0);
    const x = await lancer("enquete", "citer", rep, "-g", autre);
    expect(x.code).toBe(1);
    expect(x.err).toMatch(/autre\.xlsx n'est pas une grille d'évaluation Qualité EPS \(« qualite inject »\) : l'enquête ne peut pas y être citée/);
  });

  it.each([
    [["enquete", "init", "-m", "inconnu", "-o", "x.xlsx"], /Questionnaire « inconnu » inconnu\. Questionnaires livrés : enfants-6-11, adolescents, meres-prf, familles/],
    [["enquete", "init", "-m", "adolescents", "-o", "x.xlsx", "--seuil", "0"], /Taille minimale du groupe « 0 » invalide : attendu un entier de 1 à 1000/],
    [["enquete", "init", "-m", "adolescents", "-o", "x.docx"], /doit finir par \.xlsx/],
    [["enquete", "questionnaire", "-m", "adolescents", "-l", "en", "-o", "x.docx"], /valeur « en » invalide pour -l, --langue/],
    [["enquete", "resultats", "absent.xlsx", "--json"], /Fichier introuvable/],
    [["enquete", "resultats", "x.xlsx"], /Indiquez --out resultats\.docx, --json, ou les deux/],
  ])("refuse en français : %j", async (args, motif) => {
    const r = await lancer(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(motif);
  });
});
