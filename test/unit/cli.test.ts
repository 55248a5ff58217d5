import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
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
    expect((await lancer("referentiels")).out).toMatch(/eps-maroc +1\.0\.0 .*\n.*127 critères dont 18 impératifs/);
  });

  it("inject écrit une grille puis la met à jour en gardant l'établissement", async () => {
    const out = join(dossier, "g.xlsx");
    const r = await lancer("inject", "--referentiel", "eps-maroc", "--out", out, "--etablissement", "EPS Marrakech", "--periode", "2026");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/127 critères dont 18 impératifs/);
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
