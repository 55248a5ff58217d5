/**
 * `qualite competences`: init from a staff CSV, a filled workbook (levels and the training
 * register typed as a user would, with ExcelJS), besoins, plan and national consolidation;
 * refusals leave existing files untouched.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { G, F, FEUILLES } from "../../src/core/competences/classeur";
import { lireClasseurCompetences } from "../../src/hosts/xlsx/competences";
import { identiteDocx } from "../../src/hosts/docx/document";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirFichier } from "../helpers/remplir";

jest.setTimeout(60_000);

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dossier = mkdtempSync(join(tmpdir(), "qualite-competences-"));
const csv = join(dossier, "equipe.csv");
writeFileSync(
  csv,
  "\ufeffNom;Métier;Service\nAmina Benali;Mère SOS;Village 1\nKhadija Alaoui;Mère SOS;Village 2\nFatima Zahra;Tante SOS;Village 1\nYoussef El Idrissi;Éducateur;Foyer\nSalma Tazi;Éducatrice;Foyer\nOmar Chraibi;Animateur;Activités\nNadia Bennani;Cheffe de service;Direction\n",
);

/** What a head of service does in Excel: levels on some rows, one training in the register. */
async function remplir(fichier: string, niveaux: Record<string, Record<string, [number | null, number | null, number | null]>>, formations: [string, string][]) {
  const wb = await enExcelJS(readFileSync(fichier));
  const ws = wb.getWorksheet(FEUILLES.grille)!;
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const nom = String(row.getCell(G.nom).value);
    const ref = String(row.getCell(G.ref).value);
    const n = niveaux[nom]?.[ref];
    if (!n) return;
    row.getCell(G.auto).value = n[0];
    row.getCell(G.manager).value = n[1];
    row.getCell(G.retenu).value = n[2];
  });
  const reg = wb.getWorksheet(FEUILLES.formations)!;
  formations.forEach(([participants, competences], i) => {
    const row = reg.getRow(i + 2);
    row.getCell(F.titre).value = `Formation ${i + 1}`;
    row.getCell(F.debut).value = new Date(Date.UTC(2026, 9, 12 + i));
    row.getCell(F.formateur).value = "Référente qualité";
    row.getCell(F.participants).value = participants;
    row.getCell(F.competences).value = competences;
  });
  writeFileSync(fichier, await octetsExcelJS(wb));
}

describe("qualite competences", () => {
  const classeur = join(dossier, "competences.xlsx");

  it("init écrit le classeur : une ligne par personne et par compétence, les feuilles de besoins, de priorités, le registre et le tableau de bord", async () => {
    const r = await lancer("competences", "init", "--referentiel", "competences-eps", "--personnel", csv, "--out", classeur, "--etablissement", "EPS Agadir", "--periode", "2026");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/7 personnes × 18 compétences \(competences-eps 1\.0\.0\)/);
    const wb = await enExcelJS(readFileSync(classeur));
    expect(wb.worksheets.map((w) => w.name)).toEqual([FEUILLES.grille, FEUILLES.besoins, FEUILLES.priorites, FEUILLES.formations, FEUILLES.bord, FEUILLES.niveaux, FEUILLES.meta]);
    expect(wb.getWorksheet(FEUILLES.meta)!.state).toBe("veryHidden");
    const grille = wb.getWorksheet(FEUILLES.grille)!;
    expect(grille.getCell(`${G.nom}2`).value).toBe("Amina Benali");
    expect(grille.getCell(`${G.requis}2`).value).toBe(3);
    // Levels: a list 1–4, unlocked; formulas locked.
    const dv = (grille as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(dv)[0]!.formulae).toEqual(['"1,2,3,4"']);
    expect(grille.getCell(`${G.auto}2`).protection?.locked).toBe(false);
    const { donnees, anomalies } = await lireClasseurCompetences(readFileSync(classeur), "competences.xlsx");
    expect(anomalies).toEqual([]);
    expect(donnees.personnes.map((p) => p.metier)).toEqual(["mere-sos", "mere-sos", "tante-sos", "educateur", "educateur", "animateur", "chef-service"]);
    expect(donnees).toMatchObject({ etablissement: "EPS Agadir", periode: "2026" });
    expect(donnees.positionnements).toHaveLength(7 * 18);
  });

  it("init refuse un CSV faux (ligne et colonne nommées) et ne remplace pas un classeur existant sans --remplacer", async () => {
    const faux = join(dossier, "faux.csv");
    writeFileSync(faux, "nom,métier,service\nAmina,Mère SOS,V1\nSaid,jardinier,V2\n");
    const r = await lancer("competences", "init", "--personnel", faux, "--out", join(dossier, "x.xlsx"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/faux\.csv : la liste du personnel n'est pas utilisable\.\n {2}• ligne 3, colonne 2 \(« métier »\) : métier « jardinier » inconnu/);
    expect(existsSync(join(dossier, "x.xlsx"))).toBe(false);
    const avant = readFileSync(classeur);
    const r2 = await lancer("competences", "init", "--personnel", csv, "--out", classeur);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/existe : un nouveau classeur effacerait les niveaux déjà saisis/);
    expect(readFileSync(classeur).equals(avant)).toBe(true);
    const latin1 = join(dossier, "latin1.csv");
    writeFileSync(latin1, Buffer.from("nom;métier;service\nA;Mère SOS;V\n", "latin1"));
    expect((await lancer("competences", "init", "--personnel", latin1, "--out", join(dossier, "y.xlsx"))).err).toMatch(/latin1\.csv n'est pas un texte UTF-8/);
  });

  it("besoins, plan et consolidation sur des classeurs remplis", async () => {
    await remplir(
      classeur,
      {
        "Amina Benali": { "C1.1": [3, 2, null], "C2.2": [4, 3, 2], "C5.1": [2, 1, null] },
        "Khadija Alaoui": { "C1.1": [2, 2, null], "C5.1": [1, null, null], "C2.2": [3, 3, 4] },
        "Fatima Zahra": { "C1.1": [1, 1, 2] },
        "Youssef El Idrissi": { "C3.1": [4, 3, null], "C1.1": [3, 3, null] },
        "Nadia Bennani": { "C5.3": [3, 3, null] },
      },
      [["Amina Benali ; Nadia Bennani", "C5.1; C5.2"], ["Youssef El Idrissi", "C1.1"]],
    );
    const j = await lancer("competences", "besoins", classeur, "--json");
    expect(j.code).toBe(0);
    const b = JSON.parse(j.out);
    expect(b.competences.find((c: { competence: string }) => c.competence === "C1.1")).toMatchObject({ positionnes: 4, sousRequis: 3, parMetier: { "mere-sos": 2, "tante-sos": 1, educateur: 0 } });
    expect(b.personnes.find((p: { nom: string }) => p.nom === "Amina Benali")).toMatchObject({ priorites: ["C2.2", "C1.1", "C5.1"], formeQualite: true });
    expect(b.total).toMatchObject({ effectif: 7, formesQualite: 2 });

    const plan = join(dossier, "plan-formation.docx");
    const p = await lancer("competences", "plan", classeur, "--out", plan, "--debut", "2027-01", "--seuil", "2");
    expect(p).toMatchObject({ code: 0, err: "" });
    expect(await identiteDocx(readFileSync(plan), "plan")).toBe("plan-formation");
    // A document that is not a training plan is never replaced.
    const autre = join(dossier, "lettre.docx");
    writeFileSync(autre, "pas un docx");
    expect((await lancer("competences", "plan", classeur, "--out", autre)).err).toMatch(/n'est pas un plan de formation écrit par Qualité EPS/);
    expect(readFileSync(autre, "utf8")).toBe("pas un docx");
    expect((await lancer("competences", "plan", classeur, "--out", plan, "--debut", "2027-13")).err).toMatch(/Mois de début « 2027-13 » invalide/);

    // A second establishment, and a workbook of another kind in the folder.
    const national = join(dossier, "national");
    mkdirSync(national);
    writeFileSync(join(national, "agadir.xlsx"), readFileSync(classeur));
    const csv2 = join(dossier, "tanger.csv");
    writeFileSync(csv2, "nom,métier,service\nHicham,Animateur,Activités\n");
    expect((await lancer("competences", "init", "--personnel", csv2, "--out", join(national, "tanger.xlsx"), "-e", "EPS Tanger")).code).toBe(0);
    await remplir(join(national, "tanger.xlsx"), { Hicham: { "C1.1": [1, 1, null] } }, [["Hicham", "C5.2"]]);
    expect((await lancer("inject", "-r", "eps-maroc", "-o", join(national, "grille-qualite.xlsx"), "-e", "EPS Agadir")).code).toBe(0);
    const sortie = join(dossier, "competences-national.xlsx");
    const c = await lancer("competences", "consolider", national, "--out", sortie, "--json");
    expect(c.code).toBe(0);
    const n = JSON.parse(c.out);
    expect(n.fichiers.map((f: { fichier: string; statut: string }) => [f.fichier, f.statut])).toEqual([["agadir.xlsx", "retenu"], ["grille-qualite.xlsx", "refuse"], ["tanger.xlsx", "retenu"]]);
    expect(n.fichiers[1].raison).toMatch(/n'est pas un classeur de compétences/);
    expect(n.besoins.find((x: { competence: string }) => x.competence === "C1.1")).toMatchObject({ sousRequis: 4, parMetier: { "mere-sos": 2, "tante-sos": 1, animateur: 1 } });
    expect(n.total).toMatchObject({ effectif: 8, formesQualite: 3 });
    const wb = await enExcelJS(readFileSync(sortie));
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(["Besoins nationaux", "Démarche qualité", "Fichiers"]);
    // Run again: our own output is replaced; a stranger's file is not.
    expect((await lancer("competences", "consolider", national, "--out", sortie)).code).toBe(0);
    expect((await lancer("competences", "consolider", national, "--out", join(national, "agadir.xlsx"))).err).toMatch(/n'est pas une consolidation des compétences/);

    // `qualite consolider` on the same folder recognises the competence workbooks beside the grid:
    // national needs in its own workbook, the competence files not listed as refused assessments.
    const grille = join(national, "grille-qualite.xlsx");
    await remplirFichier(grille, grille, Array.from({ length: 154 }, (_, i) => [1 + (i % 4)]));
    const conso = join(dossier, "national-qualite.xlsx");
    const q = await lancer("consolider", national, "--out", conso, "--json");
    expect(q.code).toBe(0);
    const jq = JSON.parse(q.out);
    expect(jq.competences).toMatchObject({ classeurs: 2, total: { effectif: 8, formesQualite: 3 } });
    expect(jq.competences.besoins.find((x: { competence: string }) => x.competence === "C1.1")).toMatchObject({ sousRequis: 4 });
    expect(JSON.stringify(jq.fichiers ?? jq)).not.toMatch(/agadir\.xlsx|tanger\.xlsx/);
    const wq = await enExcelJS(readFileSync(conso));
    expect(wq.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["Consolidation", "Besoins nationaux", "Démarche qualité"]));
    const texte = await lancer("consolider", national, "--out", conso);
    expect(texte.out).toMatch(/Compétences : 2 classeurs, 8 personnes/);
    expect(texte.err).not.toMatch(/agadir|tanger/);
    expect(readdirSync(dossier).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("init accepte un référentiel de compétences en JSON, et refuse un référentiel faux en nommant le chemin de la faute", async () => {
    const d = JSON.parse(readFileSync(join(__dirname, "..", "..", "templates", "competences", "competences-eps.json"), "utf8"));
    d.id = "competences-maison";
    const bon = join(dossier, "maison.json");
    writeFileSync(bon, JSON.stringify(d));
    const r = await lancer("competences", "init", "-r", bon, "--personnel", csv, "--out", join(dossier, "maison.xlsx"));
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/\(competences-maison 1\.0\.0\)/);
    d.domaines[0].competences[2].niveauxRequis.animateur = 5;
    const faux = join(dossier, "faux-ref.json");
    writeFileSync(faux, JSON.stringify(d));
    const r2 = await lancer("competences", "init", "-r", faux, "--personnel", csv, "--out", join(dossier, "faux-ref.xlsx"));
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/Le fichier faux-ref\.json n'est pas valide\.\n {2}• domaines\[0\]\.competences\[2\]\.niveauxRequis\.animateur : niveau de 1 à 4/);
    expect(existsSync(join(dossier, "faux-ref.xlsx"))).toBe(false);
    expect((await lancer("competences", "init", "-r", "inconnu", "--personnel", csv, "--out", join(dossier, "z.xlsx"))).err).toMatch(/Référentiel de compétences « inconnu » inconnu\. Référentiels livrés : competences-eps\./);
  });

  it("un niveau hors échelle devient une anomalie nommant la cellule, jamais une erreur", async () => {
    const f = join(dossier, "anomalie.xlsx");
    writeFileSync(f, readFileSync(classeur));
    const wb = await enExcelJS(readFileSync(f));
    wb.getWorksheet(FEUILLES.grille)!.getCell(`${G.manager}3`).value = 7;
    wb.getWorksheet(FEUILLES.grille)!.getCell(`${G.retenu}3`).value = "trois";
    writeFileSync(f, await octetsExcelJS(wb));
    const r = await lancer("competences", "besoins", f);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Attention : feuille « Positionnement », cellule L3 \(Amina Benali, C1\.2\) : « 7 » n'est pas un niveau de 1 à 4 \(valeur ignorée\)/);
    expect(r.err).toMatch(/cellule M3 \(Amina Benali, C1\.2\) : « trois »/);
  });
});
