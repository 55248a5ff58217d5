/**
 * National follow-up: three establishments, each with a filled grid and a follow-up workbook
 * holding typed values. `qualite consolider` gives national sums equal to an independent
 * computation (from the values typed, here and in pandas), the « Suivi national » sheet, a
 * section of the capitalisation report, and a tidy CSV that pandas loads with the documented
 * columns; --anonymiser gives a follow-up the code of its assessment.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { executer } from "../../src/cli/main";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS } from "../../src/core/suivi/classeur";
import { FEUILLE_SUIVI_NATIONAL } from "../../src/core/suivi/national";
import { ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirFichier } from "../helpers/remplir";
import { texteDocx } from "../helpers/docx-texte";

jest.setTimeout(300_000);
const PYTHON = process.env.QUALITE_PYTHON ?? "/usr/bin/python3";
const dossier = mkdtempSync(join(tmpdir(), "qualite-suivi-national-"));
const entrees = join(dossier, "entrees");
mkdirSync(entrees);
const NOMS = ["EPS Tanger", "EPS Agadir", "EPS Marrakech"];
const GRAINE = 1313;

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function colonnes(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => m.set(String(c.value), i));
  return m;
}

/** What each establishment types: BEN-ENF and REINT (additive), PP-AJOUR (a rate), action statuses. */
const saisies = fc.sample(
  fc.record({
    benS1: fc.integer({ min: 40, max: 200 }),
    benS2: fc.option(fc.integer({ min: 40, max: 200 }), { nil: null, freq: 3 }),
    reint: fc.integer({ min: 0, max: 12 }),
    pp: fc.integer({ min: 0, max: 100 }),
  }),
  { seed: GRAINE, numRuns: 3 },
);
// The first establishment always reports BEN-ENF in 2026-S2, the second never: both cases are seen.
saisies[0]!.benS2 ??= 120;
saisies[1]!.benS2 = null;

beforeAll(async () => {
  for (const [k, nom] of NOMS.entries()) {
    const grille = join(entrees, `grille-${k}.xlsx`);
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille, "-e", nom, "-p", "2026-S1")).code).toBe(0);
    await remplirFichier(grille, grille, Array.from({ length: 154 }, (_, i) => [((i + k) % 4) + 1]));
    const pe = join(dossier, `pe-${k}.json`);
    writeFileSync(pe, JSON.stringify({ ...exemple, variables: { ...exemple.variables, etablissement: nom } }));
    const suivi = join(entrees, `suivi-${k}.xlsx`);
    expect((await lancer("suivi", "init", "--pe", pe, "--evaluation", grille, "-o", suivi, "-p", "2026-S2")).code).toBe(0);
    const wb = await enExcelJS(new Uint8Array(readFileSync(suivi)));
    const wi = wb.getWorksheet(FEUILLE_INDICATEURS)!;
    const ci = colonnes(wi);
    const ligne = (id: string) => [...Array(15).keys()].map((r) => wi.getRow(r + 2)).find((r) => r.getCell(ci.get("Id")!).value === id)!;
    const s = saisies[k]!;
    ligne("BEN-ENF").getCell(ci.get("Base")!).value = 40;
    ligne("BEN-ENF").getCell(ci.get("Cible")!).value = 220;
    ligne("BEN-ENF").getCell(ci.get("2026-S1")!).value = s.benS1;
    ligne("BEN-ENF").getCell(ci.get("2026-S2")!).value = s.benS2;
    ligne("REINT").getCell(ci.get("2026-S2")!).value = s.reint;
    ligne("PP-AJOUR").getCell(ci.get("2026-S2")!).value = s.pp;
    // One establishment counts its trained professionals in another unit: no national sum then.
    if (k === 2) ligne("FORM-QUAL").getCell(ci.get("Unité")!).value = "personnes";
    ligne("FORM-QUAL").getCell(ci.get("2026-S2")!).value = 10 + k;
    const wa = wb.getWorksheet(FEUILLE_ACTIONS)!;
    const ca = colonnes(wa);
    wa.getRow(2).getCell(ca.get("Statut")!).value = "Fait";
    wa.getRow(3).getCell(ca.get("Statut")!).value = k === 0 ? "Fait" : "En cours";
    writeFileSync(suivi, await octetsExcelJS(wb));
  }
}, 300_000);

describe("consolidation nationale du suivi", () => {
  const attendu = {
    benS2: saisies.reduce((n, s) => n + (s.benS2 ?? 0), 0),
    declarantsBen: saisies.filter((s) => s.benS2 !== null).length,
    reint: saisies.reduce((n, s) => n + s.reint, 0),
  };

  test("classeur national et rapport de capitalisation : sommes égales au calcul indépendant", async () => {
    const out = join(dossier, "national.xlsx");
    const rapport = join(dossier, "capitalisation.docx");
    const r = await lancer("consolider", entrees, "-o", out, "--rapport", rapport);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/6 classeurs lus : 3 établissements retenus \(0 migrés\), 0 écartés\./);
    expect(r.out).toMatch(/Suivi : 3 classeurs de suivi, semestre 2026-S2, \d+ actions faites sur \d+, \d+ en retard\./);
    const c = await ouvrirClasseur(readFileSync(out), "national.xlsx");
    const v = (await valeursFeuille(c, FEUILLE_SUIVI_NATIONAL))!;
    const total = (id: string) => v.find((l) => l[1] === id && /additionnable/.test(String(l[0])))!;
    expect(total("BEN-ENF").slice(0, 8)).toEqual(["additionnable", "BEN-ENF", expect.any(String), "personnes", attendu.benS2, attendu.declarantsBen, expect.any(Number), 3 - attendu.declarantsBen]);
    expect(total("REINT")[4]).toBe(attendu.reint);
    expect(total("PP-AJOUR").slice(0, 5)).toEqual(["non additionnable", "PP-AJOUR", expect.any(String), "%", null]);
    expect(total("FORM-QUAL").slice(0, 5)).toEqual(["non additionnable", "FORM-QUAL", expect.any(String), "professionnels", null]);
    const ensemble = v.find((l) => l[0] === "Ensemble")!;
    expect(ensemble.slice(4, 7)).toEqual([expect.any(Number), 4, expect.any(Number)]);
    // Per establishment × indicator: the latest value and its semester.
    expect(v.find((l) => l[0] === "EPS Agadir" && l[1] === "BEN-ENF")!.slice(4, 6)).toEqual([saisies[1]!.benS1, "2026-S1"]);
    const t = await texteDocx(readFileSync(rapport));
    expect(t).toContain("Suivi des projets d'établissement");
    expect(t).toContain(`Enfants et jeunes accompagnés par l'établissement | personnes | ${attendu.benS2} | ${attendu.declarantsBen} / 3 |`);
    expect(t).toMatch(/Ensemble \| \d+ \| 4 \| \d+ \|/);
  });

  test("--format csv : table longue lue par pandas avec les colonnes documentées, sommes nationales justes", async () => {
    const out = join(dossier, "national.csv");
    const r = await lancer("consolider", entrees, "-o", out, "--format", "csv");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Écrit : ${out} et ${join(dossier, "national-libelles.csv")}`);
    const script = `
import json, sys
import pandas as pd
d = pd.read_csv(sys.argv[1], encoding="utf-8-sig", dtype={"etablissement": str, "periode": str, "niveau": str, "id": str})
l = pd.read_csv(sys.argv[2], encoding="utf-8-sig", dtype=str)
ind = d[(d.niveau == "indicateur") & (d.periode == "2026-S2")]
somme = ind.groupby("id").valeur.sum()
nat = d[(d.etablissement == "National") & (d.niveau == "somme-indicateur")].set_index("id").valeur
print(json.dumps({
  "colonnes": list(d.columns), "colonnesLibelles": list(l.columns), "types": str(d.valeur.dtype),
  "niveaux": sorted(d.niveau.unique().tolist()),
  "ben": float(somme["BEN-ENF"]), "reint": float(somme["REINT"]),
  "natBen": float(nat["BEN-ENF"]), "natReint": float(nat["REINT"]), "natIds": sorted(nat.index.tolist()),
  "etablissements": sorted(d[d.niveau == "global"].etablissement.unique().tolist()),
  "faites": float(d[(d.etablissement == "National") & (d.niveau == "actions") & (d.id == "faites")].valeur.iloc[0]),
  "libelleBen": l[(l.niveau == "indicateur") & (l.id == "BEN-ENF")].libelle.iloc[0],
}))
`;
    const py = JSON.parse(execFileSync(PYTHON, ["-c", script, out, join(dossier, "national-libelles.csv")], { encoding: "utf8" }));
    expect(py).toEqual({
      colonnes: ["etablissement", "periode", "niveau", "id", "valeur"],
      colonnesLibelles: ["niveau", "id", "libelle", "unite"],
      types: "float64",
      niveaux: ["actions", "chapitre", "global", "indicateur", "objectif", "progression", "somme-indicateur", "thematique"],
      ben: attendu.benS2,
      reint: attendu.reint,
      natBen: attendu.benS2,
      natReint: attendu.reint,
      natIds: expect.arrayContaining(["BEN-ENF", "REINT"]),
      etablissements: ["EPS Agadir", "EPS Marrakech", "EPS Tanger"],
      faites: 4,
      libelleBen: "Enfants et jeunes accompagnés par l'établissement",
    });
    expect(py.natIds).not.toContain("PP-AJOUR");
    expect(py.natIds).not.toContain("FORM-QUAL");
  });

  test("--anonymiser : le suivi d'un établissement porte le code de son évaluation", async () => {
    const out = join(dossier, "anonyme.csv");
    expect((await lancer("consolider", entrees, "-o", out, "--format", "csv", "--anonymiser")).code).toBe(0);
    const texte = readFileSync(out, "utf8");
    for (const nom of NOMS) expect(texte).not.toContain(nom);
    const codes = (niveau: string) => new Set(texte.split("\r\n").filter((l) => l.split(",")[2] === niveau).map((l) => l.split(",")[0]));
    expect([...codes("global")].sort()).toEqual(["EPS-01", "EPS-02", "EPS-03"]);
    expect([...codes("indicateur")].sort()).toEqual(["EPS-01", "EPS-02", "EPS-03"]);
    // EPS Agadir is EPS-01 in both (alphabetical order): its global score and its BEN-ENF value sit under the same code.
    expect(texte).toContain(`EPS-01,2026-S1,indicateur,BEN-ENF,${saisies[1]!.benS1}`);
  });

  test("--json : le résumé porte le suivi national", async () => {
    const r = await lancer("consolider", entrees, "-o", join(dossier, "json.xlsx"), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.suivi).toMatchObject({ periode: "2026-S2", classeurs: 3, actions: { faites: 4 } });
    expect(j.suivi.indicateurs.find((i: { id: string }) => i.id === "BEN-ENF")).toMatchObject({ additif: true, somme: attendu.benS2, declarants: attendu.declarantsBen });
  });

  test("refus : --format csv avec --rapport, sortie .xlsx en csv", async () => {
    expect((await lancer("consolider", entrees, "-o", join(dossier, "x.csv"), "--format", "csv", "--rapport", join(dossier, "r.docx"))).err).toContain("--format csv écrit des tables");
    expect((await lancer("consolider", entrees, "-o", join(dossier, "x.xlsx"), "--format", "csv")).err).toContain("Le fichier de sortie doit finir par .csv (--format csv)");
  });
});
