/**
 * `qualite consolider` reads and reduces each file on its own (reduction.ts, light reading), then
 * consolidates the reduced files, reading again on the chosen referential only those of another
 * version: the same figures as the consolidation of the whole assessments in memory.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { referentielLivre } from "../../src/core/catalogue";
import { consolider } from "../../src/core/consolidation";
import { FEUILLE_META_COMPETENCES, FEUILLE_META_SUIVI } from "../../src/core/metadata";
import { chargerReferentiel, criteresAplatis, idsLignesCritere } from "../../src/core/referential";
import { ecrireClasseur, injecterDansClasseur, lireSourceConsolidation, nouveauClasseur } from "../../src/hosts/xlsx/classeur";
import { collecter, consoliderFichiers } from "../../src/cli/consolider";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirGrille } from "../helpers/remplir";
import v100brut from "../fixtures/eps-maroc-1.0.0.json";

jest.setTimeout(60_000);
const v100 = chargerReferentiel(v100brut, "eps-maroc 1.0.0");
const v110 = referentielLivre("eps-maroc");

/** A filled grid of `ref` for `etablissement`: notes 1 to 4 in turn, imperatives 4 or 1. */
async function grille(ref: typeof v110, etablissement: string, decalage: number): Promise<Uint8Array> {
  const c = nouveauClasseur("t.xlsx");
  await injecterDansClasseur(c, { referentiel: ref, etablissement, periode: "2026", source: "t.xlsx", maintenant: "2026-03-01T00:00:00Z" });
  const wb = await enExcelJS(c);
  const lignes = criteresAplatis(ref).flatMap(({ critere }) => idsLignesCritere(critere).map(() => critere.imperatif));
  remplirGrille(wb, c.etat.meta!, lignes.map((imperatif, i) => [imperatif ? ((i + decalage) % 3 ? 4 : 1) : 1 + ((i + decalage) % 4)]));
  return octetsExcelJS(wb);
}

describe("consoliderFichiers (lecture réduite, fichier par fichier)", () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-conso-fichiers-"));
  beforeAll(async () => {
    writeFileSync(join(dossier, "a-tanger-1.0.0.xlsx"), await grille(v100, "EPS Tanger", 0));
    writeFileSync(join(dossier, "b-agadir.xlsx"), await grille(v110, "EPS Agadir", 1));
    writeFileSync(join(dossier, "c-berkane.xlsx"), await grille(v110, "EPS Berkane", 2));
    writeFileSync(join(dossier, "d-abime.xlsx"), "PK\u0003\u0004 tronqué");
    const vide = nouveauClasseur("v.xlsx");
    writeFileSync(join(dossier, "e-sans-grille.xlsx"), await ecrireClasseur(vide));
  });

  async function enMemoire(o: { referentiel?: typeof v110 } = {}) {
    const fichiers = collecter([dossier]);
    const { readFileSync } = await import("node:fs");
    const sources = await Promise.all(fichiers.map((f) => lireSourceConsolidation(new Uint8Array(readFileSync(f.chemin)), f.nom)));
    return consolider(sources, o);
  }

  it("donne la consolidation des évaluations entières, la 1.0.0 relue et migrée sur 1.1.0", async () => {
    const vus: number[] = [];
    const { consolidation: c, autres } = await consoliderFichiers(collecter([dossier]), {}, (fait) => vus.push(fait));
    expect(autres).toEqual({ suivi: [], competences: [] });
    expect(c.referentiel.version).toBe("1.1.0");
    expect(c.fichiers.map((f) => [f.fichier, f.statut])).toEqual([
      ["a-tanger-1.0.0.xlsx", "migre"],
      ["b-agadir.xlsx", "ok"],
      ["c-berkane.xlsx", "ok"],
      ["d-abime.xlsx", "refuse"],
      ["e-sans-grille.xlsx", "refuse"],
    ]);
    expect(c.etablissements.every((e) => e.resultats.global !== null)).toBe(true);
    expect(c).toEqual(await enMemoire());
    expect(vus.at(-1)).toBe(5);
  });

  it("avec un référentiel demandé, chaque fichier est lu dessus d'emblée : mêmes chiffres", async () => {
    const { consolidation: c } = await consoliderFichiers(collecter([dossier]), { referentiel: v110 }, () => {});
    expect(c).toEqual(await enMemoire({ referentiel: v110 }));
    expect(c.fichiers.find((f) => f.fichier === "a-tanger-1.0.0.xlsx")?.statut).toBe("migre");
  });

  it("dit quels fichiers portent un classeur de suivi ou de compétences (reconnus par leur feuille d'identité), seuls rouverts ensuite", async () => {
    const autre = mkdtempSync(join(tmpdir(), "qualite-conso-autres-"));
    const avec = async (feuilles: string[]) => {
      const ExcelJS = (await import("exceljs")).default;
      const wb = new ExcelJS.Workbook();
      for (const f of feuilles) wb.addWorksheet(f).getCell("A1").value = "x";
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    writeFileSync(join(autre, "a-grille.xlsx"), await grille(v110, "EPS Agadir", 1));
    writeFileSync(join(autre, "b-suivi.xlsx"), await avec(["Tableau de bord", FEUILLE_META_SUIVI]));
    writeFileSync(join(autre, "c-competences.xlsx"), await avec(["Positionnement", FEUILLE_META_COMPETENCES]));
    writeFileSync(join(autre, "d-autre.xlsx"), await avec(["Feuil1"]));
    const { consolidation: c, autres } = await consoliderFichiers(collecter([autre]), {}, () => {});
    expect(autres.suivi.map((f) => f.nom)).toEqual(["b-suivi.xlsx"]);
    expect(autres.competences.map((f) => f.nom)).toEqual(["c-competences.xlsx"]);
    expect(c.fichiers.map((f) => [f.fichier, f.statut])).toEqual([
      ["a-grille.xlsx", "ok"],
      ["b-suivi.xlsx", "refuse"],
      ["c-competences.xlsx", "refuse"],
      ["d-autre.xlsx", "refuse"],
    ]);
  });
});
