import { comparerPeriodes, lirePeriode, nomCampagne, periodeValide } from "../../src/core/periode";

describe("périodes d'évaluation (campagnes)", () => {
  it.each([
    ["2026", "2026-01-01", "2026-12-31"],
    ["2026-2027", "2026-01-01", "2027-12-31"],
    ["2026-S1", "2026-01-01", "2026-06-30"],
    ["2026-s2", "2026-07-01", "2026-12-31"],
    ["2026-T1", "2026-01-01", "2026-03-31"],
    ["2026-T4", "2026-10-01", "2026-12-31"],
    ["2026-02", "2026-02-01", "2026-02-28"],
    ["2028-02", "2028-02-01", "2028-02-29"],
    ["2026-03-15", "2026-03-15", "2026-03-15"],
  ])("%s va du %s au %s", (texte, debut, fin) => {
    expect(lirePeriode(texte)).toEqual({ texte: texte.toUpperCase(), debut, fin });
  });

  it.each(["26", "2026-S3", "2026-T5", "2026-13", "2026-02-30", "2027-2026", "mars 2026", ""])("refuse « %s » avec un message en français", (texte) => {
    expect(lirePeriode(texte)).toBeNull();
    expect(() => periodeValide(texte)).toThrow(/Période « .* » invalide : attendu une année \(2026\), un semestre \(2026-S1\), un trimestre \(2026-T1\), un mois \(2026-03\) ou une date \(2026-03-15\)/);
  });

  it("ordonne dans le temps : ce qui finit plus tard est plus récent", () => {
    const tries = ["2026-T4", "2026", "2026-03-15", "2025", "2026-S1", "2026-T1", "2026-03"].sort(comparerPeriodes);
    expect(tries).toEqual(["2025", "2026-03-15", "2026-T1", "2026-03", "2026-S1", "2026", "2026-T4"]);
  });

  it("nomme une campagne par sa période et son libellé", () => {
    expect(nomCampagne("2026-T1", " état initial ")).toBe("2026-T1 · état initial");
    expect(nomCampagne("2026", "")).toBe("2026");
  });
});
