/**
 * The decision workbook's live formulas (normalised values, score, rank), recalculated by
 * LibreOffice, equal the core's on seeded random grids: raw values and 1–5 judgements, lower or
 * higher is better, decimal weights, ties (duplicated options), a criterion where every option is
 * equal, spare blank rows. A grid whose weights miss 100 % says so in its score column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import { classer, type Decision } from "../../src/core/classement/calcul";
import { colonnesClassement, FEUILLE_CLASSEMENT, FEUILLE_CRITERES, planifierClassement } from "../../src/core/classement/classeur";
import type { ModeleDecision } from "../../src/core/classement/modele";
import { appliquerPlan, ecrireClasseur, nouveauClasseur, ouvrirClasseur } from "../../src/hosts/xlsx/classeur";
import { decisionDuClasseur } from "../../src/hosts/xlsx/classement";
import { enExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(300_000);
const GRAINE = 20261125;
const dossier = mkdtempSync(join(tmpdir(), "qualite-classement-lo-"));

interface Cas {
  modele: ModeleDecision;
  decision: Decision;
}

const arbitraire: fc.Arbitrary<Cas> = fc
  .record({
    nCrit: fc.integer({ min: 1, max: 7 }),
    nOpt: fc.integer({ min: 1, max: 12 }),
    dixiemes: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 7, maxLength: 7 }),
    sens: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    jugement: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    egal: fc.integer({ min: -1, max: 6 }),
    doublons: fc.array(fc.nat(11), { maxLength: 3 }),
    valeurs: fc.array(fc.double({ min: -5000, max: 50000, noNaN: true, noDefaultInfinity: true }), { minLength: 84, maxLength: 84 }),
    notes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 84, maxLength: 84 }),
  })
  .map(({ nCrit, nOpt, dixiemes, sens, jugement, egal, doublons, valeurs, notes }): Cas => {
    // Weights in tenths of a point adding up to exactly 1000 (100 %).
    const bruts = dixiemes.slice(0, nCrit).map((x) => x + 1);
    const tot = bruts.reduce((a, b) => a + b, 0);
    const poids = bruts.map((b) => Math.floor((b * 1000) / tot));
    poids[nCrit - 1]! += 1000 - poids.reduce((a, b) => a + b, 0);
    const criteres = poids.map((p, j) => ({
      id: `c${j}`,
      libelle: { fr: `Critère ${j + 1}` },
      poids: p / 10,
      sens: sens[j] ? ("max" as const) : ("min" as const),
      nature: jugement[j] ? ("jugement" as const) : ("valeur" as const),
    }));
    const options = Array.from({ length: nOpt }, (_, i) => ({
      libelle: `Option ${i + 1}`,
      valeurs: criteres.map((c, j) => (j === egal ? 3 : c.nature === "jugement" ? notes[i * 7 + j]! : Math.round(valeurs[i * 7 + j]! * 100) / 100 || 0)),
    }));
    // Ties: some options copy another's values.
    for (const d of doublons) if (d < nOpt && d > 0) options[d]!.valeurs = [...options[0]!.valeurs];
    const modele: ModeleDecision = { id: "essai", version: "1.0.0", titre: { fr: "Essai" }, libelleOption: { fr: "Option" }, criteres };
    return { modele, decision: { criteres: criteres.map((c) => ({ ...c, libelle: c.libelle.fr })), options } };
  });

const cas = fc.sample(arbitraire, { seed: GRAINE, numRuns: 30 });

async function ecrire(c: Cas, nom: string): Promise<string> {
  const wb = nouveauClasseur(nom);
  const plan = planifierClassement({ modele: c.modele, options: c.decision.options.map((o) => ({ libelle: o.libelle, valeurs: Object.fromEntries(c.modele.criteres.map((cr, j) => [cr.id, o.valeurs[j]!])) })), maintenant: "2026-11-25" });
  await appliquerPlan(wb, plan);
  const chemin = join(dossier, nom);
  writeFileSync(chemin, await ecrireClasseur(wb));
  return chemin;
}

/** The recalculated value (ExcelJS's `cell.result`: `value.result` loses 0). */
const resultat = (ws: ExcelJS.Worksheet, adresse: string) => {
  const cell = ws.getCell(adresse);
  return cell.formula ? cell.result : cell.value;
};

it("normalisées, scores et rangs recalculés par LibreOffice égalent le cœur (30 grilles tirées au hasard)", async () => {
  const chemins = await Promise.all(cas.map((c, i) => ecrire(c, `grille-${i}.xlsx`)));
  // The file we write is read back by the product's reader as the same decision.
  for (const [i, chemin] of chemins.entries()) {
    const { decision } = await decisionDuClasseur(await ouvrirClasseur(new Uint8Array(readFileSync(chemin)), `grille-${i}.xlsx`));
    expect(decision).toEqual(cas[i]!.decision);
  }
  const sortie = join(dossier, "lo");
  await convertir(profilLibreOffice(), chemins, "xlsx", sortie);
  let egalites = 0;
  for (const [i, c] of cas.entries()) {
    const r = classer(c.decision);
    const n = c.decision.criteres.length;
    const col = colonnesClassement(n);
    const ws = (await enExcelJS(new Uint8Array(readFileSync(join(sortie, `grille-${i}.xlsx`))))).getWorksheet(FEUILLE_CLASSEMENT)!;
    for (const o of r.options) {
      const ligne = o.index + 2;
      o.normalisees.forEach((x, j) => expect({ i, ligne, j, v: resultat(ws, `${col.normalisee(j)}${ligne}`) as number }).toEqual({ i, ligne, j, v: expect.closeTo(x, 9) }));
      expect({ i, ligne, score: resultat(ws, `${col.score}${ligne}`) }).toEqual({ i, ligne, score: expect.closeTo(o.score, 7) });
      expect({ i, ligne, rang: resultat(ws, `${col.rang}${ligne}`) }).toEqual({ i, ligne, rang: o.rang });
    }
    if (r.premiers.length > 1) egalites++;
    // Spare rows stay blank.
    const vide = c.decision.options.length + 2;
    expect([resultat(ws, `${col.score}${vide}`) ?? "", resultat(ws, `${col.rang}${vide}`) ?? ""]).toEqual(["", ""]);
  }
  // The sample does exercise ties at the first rank.
  expect(egalites).toBeGreaterThan(0);
});

it("des poids qui ne font pas 100 % : la colonne Score le dit, le total est signalé, le cœur refuse en nommant les cellules", async () => {
  const c = structuredClone(cas[3]!);
  const chemin = await ecrire(c, "poids.xlsx");
  // A referent sets the first weight 7 points higher in Excel.
  const wb = await enExcelJS(new Uint8Array(readFileSync(chemin)));
  const cell = wb.getWorksheet(FEUILLE_CRITERES)!.getCell("D2");
  cell.value = (cell.value as number) + 7;
  const modifie = join(dossier, "poids-modifie.xlsx");
  writeFileSync(modifie, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  await expect(decisionDuClasseur(await ouvrirClasseur(new Uint8Array(readFileSync(modifie)), "poids-modifie.xlsx"))).rejects.toThrow(
    /poids-modifie\.xlsx : le classement ne peut pas être calculé \(1 problème\)\.\n {2}• feuille « Critères », cellule D2:D\d+ : Les poids des critères font 107 % au lieu de 100 % \(trop de 7 %\)/,
  );
  const sortie = join(dossier, "lo-poids");
  await convertir(profilLibreOffice(), [modifie], "xlsx", sortie);
  const lo = await enExcelJS(new Uint8Array(readFileSync(join(sortie, "poids-modifie.xlsx"))));
  const n = c.decision.criteres.length;
  expect(resultat(lo.getWorksheet(FEUILLE_CLASSEMENT)!, `${colonnesClassement(n).score}2`)).toBe("poids ≠ 100 %");
  expect(resultat(lo.getWorksheet(FEUILLE_CRITERES)!, `D${n + 3}`)).toBeCloseTo(107, 9);
});

it("l'annexe .docx s'ouvre dans LibreOffice : page de titre, pages numérotées, tableaux, option retenue et motif", async () => {
  const { planifierAnnexe, MODELE_ANNEXE } = await import("../../src/core/classement/annexe");
  const { ecrireDocx } = await import("../../src/hosts/docx/document");
  const decision: Decision = {
    criteres: [
      { id: "cout", libelle: "Coût", poids: 40, sens: "min", nature: "valeur", unite: "MAD" },
      { id: "impact", libelle: "Impact sur les personnes accompagnées", poids: 60, sens: "max", nature: "jugement" },
    ],
    options: [
      { libelle: "Former les mères SOS à l'écoute", valeurs: [25000, 5] },
      { libelle: "Refaire la signalétique", valeurs: [8000, 2] },
      { libelle: "Conseil des enfants mensuel", valeurs: [3000, 4] },
    ],
  };
  const r = classer(decision);
  const plan = planifierAnnexe(decision, r, { titre: "Priorités entre des actions", modele: { id: "priorites-actions", version: "1.0.0" }, source: "prio.xlsx", motif: "Le conseil des enfants répond à l'impératif de participation.", maintenant: "2026-11-25" });
  const chemin = join(dossier, "annexe.docx");
  writeFileSync(chemin, await ecrireDocx(plan, { modele: MODELE_ANNEXE, version: "1.0.0", variables: {}, sections: {} }));
  await convertir(profilLibreOffice(), [chemin], "pdf", dossier);
  const { execFileSync } = await import("node:child_process");
  const texte = execFileSync("pdftotext", [join(dossier, "annexe.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  expect(texte).toContain("Annexe — classement multicritère");
  expect(texte).toMatch(/Établie le 25 novembre 2026/);
  expect(texte).toMatch(/Page 2 sur \d/);
  expect(texte).toMatch(/1 Conseil des enfants mensuel 80/);
  expect(texte).toContain("25 000");
  expect(texte).toMatch(/Option retenue : Conseil des enfants mensuel/);
  expect(texte).toContain("Motif du choix : Le conseil des enfants répond à l'impératif de participation.");
  expect(texte).toContain("Sensibilité du premier rang");
});
