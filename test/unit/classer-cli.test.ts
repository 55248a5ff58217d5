/** `qualite classer`: init, a referent's filling in a spreadsheet, ranking, JSON, annex, and refusals in French. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executer } from "../../src/cli/main";
import { modeleDuDocx } from "../../src/hosts/docx/document";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { remplirFichier } from "../helpers/remplir";

async function lancer(...args: string[]) {
  let out = "";
  let err = "";
  const code = await executer(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dossier = mkdtempSync(join(tmpdir(), "qualite-classer-"));

/** Three scenarios typed in « Classement »: pérennité, coûts (MAD), fournisseurs, efficacité, efficience. */
const SCENARIOS: [string, ...number[]][] = [
  ["Logiciel libre hébergé par l'association", 4, 180000, 3, 4, 4],
  ["Logiciel sous licence, hébergé chez l'éditeur", 3, 420000, 4, 5, 3],
  ["Dossiers papier améliorés", 2, 60000, 5, 2, 3],
];

async function remplir(fichier: string, lignes: (string | number | null)[][], edition?: (wb: Awaited<ReturnType<typeof enExcelJS>>) => void): Promise<void> {
  const wb = await enExcelJS(new Uint8Array(readFileSync(fichier)));
  const ws = wb.getWorksheet("Classement")!;
  lignes.forEach((l, i) => l.forEach((v, j) => (ws.getRow(i + 2).getCell(j + 1).value = v)));
  edition?.(wb);
  writeFileSync(fichier, await octetsExcelJS(wb));
}

describe("qualite classer", () => {
  const choix = join(dossier, "choix.xlsx");

  beforeAll(async () => {
    expect(await lancer("classer", "init", "--modele", "choix-scenarios", "--out", choix)).toMatchObject({ code: 0, err: "" });
    await remplir(choix, SCENARIOS);
  });

  it("classe, dit la sensibilité du premier rang et les rangs à ±10 points", async () => {
    const r = await lancer("classer", choix);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/^Choix entre des scénarios — choix\.xlsx\n\nClassement \(score sur 100\) :\n {3}1\. Logiciel libre hébergé par l'association +\d+,?\d*\n/);
    expect(r.out).toMatch(/• Coûts d'installation et d'exploitation \(20 %\) : «\u00a0Logiciel libre hébergé par l'association\u00a0» reste premier tant que ce poids va de/);
    expect(r.out).toMatch(/à \+10 points : .* ; à −10 points : /);
  });

  it("--json : options avec score et rang, critères avec poids et bascule du premier rang", async () => {
    const j = JSON.parse((await lancer("classer", choix, "--json")).out);
    expect(j.modele).toEqual({ id: "choix-scenarios", version: "1.0.0", titre: "Choix entre des scénarios" });
    expect(j.options.map((o: { rang: number }) => o.rang)).toEqual([1, 2, 3]);
    expect(j.options[0]).toEqual({ option: "Logiciel libre hébergé par l'association", score: expect.any(Number), rang: 1 });
    expect(j.criteres.map((c: { poids: number }) => c.poids)).toEqual([25, 20, 15, 25, 15]);
    const couts = j.criteres.find((c: { id: string }) => c.id === "couts");
    expect(couts).toMatchObject({ sens: "min", nature: "valeur", bascule: { hausse: expect.any(Number), nouveauPremierHausse: "Dossiers papier améliorés" } });
    expect(couts.bascule.hausse).toBeGreaterThan(0);
    expect(Object.keys(couts.rangsPlus10)).toHaveLength(3);
  });

  it("--annexe écrit l'annexe .docx (reconnue, remplaçable par elle-même) ; un autre fichier n'est pas écrasé", async () => {
    const annexe = join(dossier, "annexe.docx");
    const r = await lancer("classer", choix, "--annexe", annexe, "--retenue", "Dossiers papier améliorés");
    expect(r.code).toBe(0);
    expect(r.err).toBe("Attention : Le motif du choix manque : l'option retenue n'est pas la seule première du classement.\n");
    expect(await modeleDuDocx(new Uint8Array(readFileSync(annexe)))).toBe("annexe-classement");
    expect((await lancer("classer", choix, "--annexe", annexe, "--motif", "Budget de l'année déjà engagé.")).code).toBe(0);
    const autre = join(dossier, "rapport.docx");
    writeFileSync(autre, "mon rapport");
    const refus = await lancer("classer", choix, "--annexe", autre);
    expect(refus.err).toMatch(/rapport\.docx existe et n'est pas une annexe de classement écrit par Qualité EPS : il ne sera pas remplacé/);
    expect(readFileSync(autre, "utf8")).toBe("mon rapport");
    expect((await lancer("classer", choix, "--annexe", annexe, "--retenue", "Autre")).err).toMatch(/Option retenue «\sAutre\s» introuvable parmi les options du classement/);
  });

  it("valeurs fautives : fichier, feuille, cellule, option et critère nommés, rien n'est écrit", async () => {
    const f = join(dossier, "fautif.xlsx");
    expect((await lancer("classer", "init", "-m", "choix-scenarios", "-o", f)).code).toBe(0);
    await remplir(f, [["A", 4, "12,5", 3, 7, 4], ["B", 3, 100, null, 5, 3], [null, 2, 1, 1, 1, 1]], (wb) => (wb.getWorksheet("Critères")!.getCell("D3").value = 10));
    const annexe = join(dossier, "jamais.docx");
    const r = await lancer("classer", f, "--annexe", annexe);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Erreur : fautif\.xlsx : le classement ne peut pas être calculé \(5 problèmes\)\.\n/);
    expect(r.err.split("\n")[1]).toBe(
        "  • feuille « Critères », cellule D2:D6 : Les poids des critères font 90 % au lieu de 100 % (il manque 10 %) : Pérennité technologique et organisationnelle 25 %, Coûts d'installation et d'exploitation 10 %, Disponibilité des fournisseurs 15 %, Efficacité 25 %, Efficience 15 %. Corrigez les poids pour que leur total fasse 100 %.",
    );
    await remplir(f, [], (wb) => (wb.getWorksheet("Critères")!.getCell("D3").value = 20));
    const r2 = await lancer("classer", f);
    expect(r2.err).toBe(
      "Erreur : fautif.xlsx : le classement ne peut pas être calculé (4 problèmes).\n" +
        "  • feuille « Classement », cellule C2 (option « A », critère « Coûts d'installation et d'exploitation ») : « 12,5 » n'est pas un nombre (nombre écrit comme du texte : retapez-le)\n" +
        "  • feuille « Classement », cellule E2 (option « A », critère « Efficacité ») : 7 hors de l'échelle de jugement 1 à 5\n" +
        "  • feuille « Classement », cellule D3 (option « B », critère « Disponibilité des fournisseurs ») : valeur manquante\n" +
        "  • feuille « Classement », cellule A4 : des valeurs sont saisies sur la ligne 4 mais l'option n'a pas de nom\n",
    );
    expect(existsSync(annexe)).toBe(false);
  });

  it("init : modèle manquant, fichier existant, modèle inconnu ; classer d'un classeur qui n'est pas une grille de classement", async () => {
    expect((await lancer("classer", "init", "-o", join(dossier, "x.xlsx"))).err).toMatch(/Indiquez le modèle : --modele choix-scenarios ou --modele priorites-actions/);
    const avant = readFileSync(choix);
    expect((await lancer("classer", "init", "-m", "choix-scenarios", "-o", choix)).err).toMatch(/choix\.xlsx existe : rien n'a été écrit \(une grille remplie y perdrait ses valeurs\)/);
    expect(readFileSync(choix).equals(avant)).toBe(true);
    expect((await lancer("classer", "init", "-m", "autre", "-o", join(dossier, "y.xlsx"))).err).toMatch(/valeur « autre » invalide pour -m, --modele <id> : choix possibles choix-scenarios, priorites-actions/);
    const grille = join(dossier, "grille.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille)).code).toBe(0);
    expect((await lancer("classer", grille)).err).toMatch(/grille\.xlsx n'est pas une grille de classement de Qualité EPS/);
    expect((await lancer("classer", join(dossier, "absent.xlsx"))).err).toMatch(/Fichier introuvable/);
  });

  it("init --paq : les actions du plan d'amélioration deviennent les options, le lien à un impératif non atteint est prérempli", async () => {
    const grille = join(dossier, "eval.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", grille)).code).toBe(0);
    // 1.1.1 is an imperative scored 1; the next rows 2 (under the threshold).
    await remplirFichier(grille, grille, [[1], [2], [2], [2], [2], [2]]);
    expect((await lancer("paq", grille)).code).toBe(0);
    const sans = join(dossier, "sans-paq.xlsx");
    expect((await lancer("inject", "-r", "eps-maroc", "-o", sans)).code).toBe(0);
    expect((await lancer("classer", "init", "--paq", sans, "-o", join(dossier, "p0.xlsx"))).err).toMatch(/sans-paq\.xlsx n'a pas de plan d'amélioration \(tableau QE_PAQ\)\. Rédigez-le d'abord avec « qualite paq sans-paq\.xlsx »/);
    const prio = join(dossier, "prio.xlsx");
    const r = await lancer("classer", "init", "--paq", grille, "-o", prio);
    const paq = (await enExcelJS(new Uint8Array(readFileSync(grille)))).getWorksheet("Plan d'amélioration")!;
    const refs = paq.getSheetValues().slice(2).map((l) => String((l as unknown[])[1]));
    const origines = paq.getSheetValues().slice(2).map((l) => String((l as unknown[])[3]));
    expect(refs.length).toBeGreaterThan(1);
    expect(r.out).toContain(`Grille de classement « Priorités entre des actions » : 5 critères, ${refs.length} actions du plan d'amélioration.`);
    const ws = (await enExcelJS(new Uint8Array(readFileSync(prio)))).getWorksheet("Classement")!;
    const lignes = refs.map((_, i) => i + 2);
    expect(lignes.map((l) => String(ws.getCell(`A${l}`).value).split(" — ")[0])).toEqual(refs);
    // « Lien avec un impératif non atteint » is the 5th criterion (column F): 5 for an unmet imperative, else 1.
    expect(lignes.map((l) => ws.getCell(`F${l}`).value)).toEqual(origines.map((o) => (o === "Impératif non atteint" ? 5 : 1)));
    expect(origines).toContain("Impératif non atteint");
    expect(ws.getCell(`A${refs.length + 2}`).value).toBeNull();
  });
});
