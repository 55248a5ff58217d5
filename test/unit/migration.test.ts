/**
 * eps-maroc 1.0.0 → 1.1.0 for real: a filled 1.0.0 workbook (ExcelJS, written and read back)
 * gets the 1.1.0 grid; every answer whose row survives stays on its row (renamed rows follow
 * their new id), the others go to the archive sheet with their reason; consolidation mixes a
 * 1.0.0 and a 1.1.0 workbook only on the criteria the map declares safe.
 */
import { referentielLivre } from "../../src/core/catalogue";
import { consolider, migrationSure } from "../../src/core/consolidation";
import { lireReponses } from "../../src/core/grille";
import { chargerReferentiel, criteresAplatis, destinationLigne, idsLignesCritere, migrationDepuis } from "../../src/core/referential";
import { calculerScores } from "../../src/core/scores";
import { ecrireClasseur, injecterDansClasseur, lireSourceConsolidation, nouveauClasseur, ouvrirClasseur, valeursFeuille } from "../../src/hosts/xlsx/classeur";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirGrille } from "../helpers/remplir";
import { lettreColonne } from "../../src/core/workbook-plan";
import v100brut from "../fixtures/eps-maroc-1.0.0.json";

const v100 = chargerReferentiel(v100brut, "eps-maroc 1.0.0");
const v110 = referentielLivre("eps-maroc");
const lignes100 = criteresAplatis(v100).flatMap(({ critere }) => idsLignesCritere(critere).map((id) => ({ id, imperatif: critere.imperatif })));
/** A note per 1.0.0 row, varied but reproducible; imperatives get 1 or 4. */
const noteDe = (i: number, imperatif: boolean) => (imperatif ? (i % 3 === 0 ? 1 : 4) : (i % 4) + 1);

async function classeur100(etablissement: string) {
  const c = nouveauClasseur("t.xlsx");
  await injecterDansClasseur(c, { referentiel: v100, etablissement, periode: "2026", source: "t.xlsx", maintenant: "2026-03-01T00:00:00Z" });
  // The user fills the grid in a spreadsheet (ExcelJS here), with a comment on every row too.
  const meta = c.etat.meta!;
  const wb = await enExcelJS(c);
  remplirGrille(wb, meta, lignes100.map((l, i) => [noteDe(i, l.imperatif)]));
  const ws = wb.getWorksheet(meta.feuilleGrille)!;
  const col = lettreColonne(meta.colonnes.indexOf("commentaire"));
  lignes100.forEach((l, i) => (ws.getCell(`${col}${i + 2}`).value = `vu pour ${l.id}`));
  return ouvrirClasseur(await octetsExcelJS(wb), "t.xlsx");
}

describe("eps-maroc 1.1.0 déclare sa migration depuis 1.0.0", () => {
  it("renomme 2.5.2 en 2.15.1, revoit 1.1.4, 1.2.3 et 2.7.1.b, retire 1.11.3 et 3.13.3 ; tout le reste garde son identifiant", () => {
    const m = migrationDepuis(v110, "1.0.0")!;
    expect(m.renommes).toEqual({ "2.5.2": "2.15.1" });
    expect(Object.keys(m.revus).sort()).toEqual(["1.1.4", "1.2.3", "2.7.1.b"]);
    expect(Object.keys(m.retires).sort()).toEqual(["1.11.3", "3.13.3"]);
    const ids110 = new Set(criteresAplatis(v110).flatMap(({ critere }) => idsLignesCritere(critere)));
    // Every 1.0.0 row either survives (by id or renamed) or is declared: nothing disappears silently.
    for (const { id } of lignes100) {
      const d = destinationLigne(m, id);
      if ("id" in d) expect({ id, existe: ids110.has(d.id) }).toEqual({ id, existe: true });
    }
  });

  it("un référentiel dont la carte renvoie vers un identifiant absent est refusé, avec le chemin", () => {
    const d = structuredClone(v110) as any;
    d.migrations[0].renommes["2.5.2"] = "9.9.9";
    expect(() => chargerReferentiel(d)).toThrow(/migrations\[0\]\.renommes\.2\.5\.2 : « 9\.9\.9 » n'existe pas dans la version 1\.1\.0/);
  });
});

describe("réinsérer 1.1.0 dans une grille 1.0.0 remplie", () => {
  let avant: Awaited<ReturnType<typeof classeur100>>;
  let apres: Awaited<ReturnType<typeof classeur100>>;
  let rapport: Awaited<ReturnType<typeof injecterDansClasseur>>;
  beforeAll(async () => {
    avant = await classeur100("EPS Tanger");
    const wb = await ouvrirClasseur(await ecrireClasseur(avant), "t.xlsx");
    rapport = await injecterDansClasseur(wb, { referentiel: v110, source: "t.xlsx", maintenant: "2026-09-01T00:00:00Z" });
    apres = await ouvrirClasseur(await ecrireClasseur(wb), "t.xlsx");
  });

  it("garde chaque réponse dont la ligne survit, sur sa ligne (ou sa nouvelle ligne), et archive les autres avec leur motif", async () => {
    const m = migrationDepuis(v110, "1.0.0")!;
    const etatAvant = avant.etat;
    const etat = apres.etat;
    expect(etat.meta).toMatchObject({ referentielVersion: "1.1.0", etablissement: "EPS Tanger", periode: "2026" });
    const reponsesAvant = lireReponses(etatAvant.grille!.valeurs, etatAvant.meta!.colonnes);
    const reponses = lireReponses(etat.grille!.valeurs, etat.meta!.colonnes);
    const archive = (await valeursFeuille(apres, rapport.feuilleArchive!))!;
    const entete = archive[0]!;
    const archivees = new Map(archive.slice(1).map((l) => [String(l[0]), l] as const));
    let gardees = 0;
    for (const [id, r] of reponsesAvant) {
      const d = destinationLigne(m, id);
      if ("id" in d) {
        expect({ id, r: reponses.get(d.id) }).toEqual({ id, r });
        gardees++;
      } else {
        const l = archivees.get(id)!;
        expect({ id, note: l[entete.indexOf("Note")], commentaire: l[entete.indexOf("Commentaire")], motif: l[entete.indexOf("Motif de l'archivage")] }).toEqual({
          id,
          note: r.note,
          commentaire: `vu pour ${id}`,
          motif: d.archive,
        });
      }
    }
    expect(gardees).toBe(lignes100.length - 5);
    expect(rapport).toMatchObject({ reponsesConservees: gardees, reponsesArchivees: 5, reponsesRenommees: 1, ancienneVersion: "1.0.0" });
    expect(reponses.get("2.15.1")).toEqual(reponsesAvant.get("2.5.2"));
    expect(reponses.has("1.1.4")).toBe(false);
    expect(reponses.get("2.7.1.a")).toEqual(reponsesAvant.get("2.7.1.a"));
    expect(reponses.has("2.7.1.b")).toBe(false);
  });

  it("une seconde réinsertion de 1.1.0 ne déplace ni n'archive plus rien", async () => {
    const wb = await ouvrirClasseur(await ecrireClasseur(apres), "t.xlsx");
    const r = await injecterDansClasseur(wb, { referentiel: v110, source: "t.xlsx", maintenant: "2026-09-02T00:00:00Z" });
    expect(r).toMatchObject({ reponsesArchivees: 0, reponsesRenommees: 0, reponsesConservees: rapport.reponsesConservees, ancienneVersion: null });
  });
});

describe("consolider des grilles 1.0.0 et 1.1.0", () => {
  it("lit la 1.0.0 comme 1.1.0 sans les critères revus, et garde la note de 2.5.2 sous 2.15.1", async () => {
    const ancien = await classeur100("EPS Tanger");
    const neuf = nouveauClasseur("n.xlsx");
    await injecterDansClasseur(neuf, { referentiel: v110, etablissement: "EPS Agadir", periode: "2026", source: "n.xlsx" });
    const sources = await Promise.all([
      lireSourceConsolidation(await ecrireClasseur(ancien), "tanger-1.0.0.xlsx"),
      lireSourceConsolidation(await ecrireClasseur(neuf), "agadir-1.1.0.xlsx"),
    ]);
    expect(migrationSure(v100, v110)).toMatchObject({ sure: true });
    const c = consolider(sources);
    expect(c.referentiel.version).toBe("1.1.0");
    const tanger = c.fichiers.find((f) => f.fichier === "tanger-1.0.0.xlsx")!;
    expect(tanger).toMatchObject({ statut: "migre", raison: expect.stringMatching(/^version 1\.0\.0 lue comme 1\.1\.0 \(.*revus : 1\.1\.4, 1\.2\.3, 2\.7\.1\)$/) });
    // Tanger is read on 1.1.0 (criterion by criterion: the test below): the consolidation keeps
    // exactly the levels of the migrated assessment's scores.
    const tangerLu = c.etablissements.find((x) => x.etablissement === "EPS Tanger")!.resultats;
    expect(tangerLu.referentiel.version).toBe("1.1.0");
    const lu = sources[0]!;
    if (!("evaluation" in lu)) throw new Error(lu.erreur);
    const { migrerEvaluation } = await import("../../src/core/migration");
    const attendu = calculerScores(migrerEvaluation(lu.evaluation, v110));
    for (const cle of ["chapitres", "thematiques", "objectifs"] as const) expect(tangerLu[cle]).toEqual(attendu[cle].map((n) => ({ id: n.id, score: n.score })));
    expect([tangerLu.global, tangerLu.completion]).toEqual([attendu.global, attendu.completion]);
    expect(tangerLu.objectifs.find((o) => o.id === "2.15")?.score ?? null).not.toBeNull();
    expect(tangerLu.imperatifsNonAtteints).not.toContain("1.1.4");
  });

  it("refuse une 1.0.0 dont un critère gardé change sans être déclaré", () => {
    const d = structuredClone(v110) as any;
    d.chapitres[0].thematiques[0].objectifs[0].criteres[2].imperatif = true; // 1.1.3, absent de la carte
    const v = chargerReferentiel(d);
    expect(migrationSure(v100, v)).toMatchObject({ sure: false, raison: expect.stringMatching(/critères modifiés .* 1\.1\.3/) });
  });

  it("les scores d'une grille migrée laissent les critères revus non évalués", async () => {
    const ancien = await classeur100("EPS Tanger");
    const src = await lireSourceConsolidation(await ecrireClasseur(ancien), "t.xlsx");
    if (!("evaluation" in src)) throw new Error(src.erreur);
    const { migrerEvaluation } = await import("../../src/core/migration");
    const r = calculerScores(migrerEvaluation(src.evaluation, v110));
    const score = (id: string) => r.criteres.find((c) => c.id === id)!.score;
    expect(score("1.1.4")).toBeNull();
    expect(score("2.7.1")).toBeNull();
    expect(score("1.1.3")).toBe(noteDe(lignes100.findIndex((l) => l.id === "1.1.3"), false));
    expect(score("2.15.1")).toBe(noteDe(lignes100.findIndex((l) => l.id === "2.5.2"), false));
    expect(score("1.16.1")).toBeNull();
  });
});
