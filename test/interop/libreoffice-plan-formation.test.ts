/**
 * The training plan, rendered by LibreOffice as a board would print it: cover without header,
 * « Page X sur Y » and the running header on every other page, a table of contents with page
 * numbers, numbered headings, and no word of a table cell broken over two lines.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { referentielCompetencesLivre } from "../../src/core/competences/catalogue";
import { competencesAplaties } from "../../src/core/competences/referentiel";
import type { DonneesCompetences } from "../../src/core/competences/besoins";
import { MODELE_PLAN_FORMATION, planifierPlanFormation } from "../../src/core/competences/plan-formation";
import { ecrireDocx, paginationEstimable } from "../../src/hosts/docx/document";
import { convertir, motsCoupesDansTableaux, motsPdf, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(300_000);
const ref = referentielCompetencesLivre("competences-eps");
const dossier = mkdtempSync(join(tmpdir(), "qualite-plan-formation-"));

/** A team of 30 across two establishments, levels fixed by a formula (no randomness to explain). */
function equipe(): DonneesCompetences {
  const metiers = ref.metiers.map((m) => m.id);
  const personnes = Array.from({ length: 30 }, (_, i) => ({
    nom: `${["Amina", "Youssef", "Khadija", "Omar", "Salma", "Nadia", "Hicham", "Fatima Zahra", "Said", "Leila"][i % 10]} ${["Benali", "El Idrissi", "Alaoui", "Chraibi", "Tazi", "Bennani"][i % 6]} ${i + 1}`,
    metier: metiers[i % 7 < 3 ? 0 : (i % 7) - 2] ?? "mere-sos",
    service: ["Village 1", "Village 2", "Foyer des jeunes", "Direction"][i % 4]!,
    etablissement: i < 20 ? "EPS Agadir" : "EPS Tanger",
  }));
  const comps = competencesAplaties(ref);
  return {
    referentiel: ref,
    etablissement: "EPS Agadir et EPS Tanger",
    periode: "2027",
    personnes,
    positionnements: personnes.flatMap((p, i) => comps.map(({ competence }, k) => ({ nom: p.nom, competence: competence.id, auto: 3, manager: 1 + ((i * 7 + k * 3) % 4), retenu: null }))),
    formations: [{ titre: "Démarche qualité", debut: "2026-10-12", fin: "2026-10-13", formateur: "Référente", participants: personnes.slice(0, 9).map((p) => p.nom).join("; "), competences: "C5.1; C5.2" }],
  };
}

it("le plan de formation rendu par LibreOffice : couverture, sommaire paginé, « Page X sur Y », en-tête, aucun mot coupé dans un tableau", async () => {
  const plan = planifierPlanFormation(equipe(), { debut: "2027-01" });
  expect(paginationEstimable(plan)).toBe(true);
  const docx = join(dossier, "plan-formation.docx");
  writeFileSync(docx, await ecrireDocx(plan, { modele: MODELE_PLAN_FORMATION, version: ref.version, variables: {}, sections: {} }));
  await convertir(profilLibreOffice(), [docx], "pdf", dossier);
  const pages = motsPdf(join(dossier, "plan-formation.pdf"));
  const texteDe = (i: number) => pages[i]!.map((m) => m.mot).join(" ");
  expect(texteDe(0)).toContain("Plan de formation");
  expect(texteDe(0)).toContain("EPS Agadir et EPS Tanger");
  expect(texteDe(0)).toContain("Projet soumis à validation");
  expect(texteDe(0)).not.toMatch(/Page \d+ sur/);
  const n = pages.length;
  expect(n).toBeGreaterThan(6);
  for (let i = 1; i < n; i++) {
    expect({ page: i + 1, pied: texteDe(i).includes(`Page ${i + 1} sur ${n}`), entete: texteDe(i).includes("EPS Agadir et EPS Tanger · Plan de formation 2027") }).toEqual({ page: i + 1, pied: true, entete: true });
  }
  // Table of contents with page numbers, numbered headings in the body.
  expect(texteDe(1)).toMatch(/1\. Synthèse des besoins\.+ ?\d+/);
  expect(texteDe(1)).toMatch(/4\. Proposition de calendrier\.+ ?\d+/);
  const tout = pages.map((_, i) => texteDe(i)).join(" ");
  expect(tout).toMatch(/2\.1\. Protection de l'enfance et bientraitance/);
  expect(tout).toMatch(/9 personnes sur 30 \(30 %\) ont suivi une formation à la démarche qualité/);
  expect(tout).toMatch(/janvier 2027/);
  expect(tout).toMatch(/\(groupe 1 sur 2\)/);
  expect(tout).toMatch(/Démarche qualité 12 octobre 2026 – 13 octobre 2026 Référente 9 C5\.1, C5\.2/);
  const { motsTableaux, coupes } = await motsCoupesDansTableaux(docx, pages);
  expect(motsTableaux.size).toBeGreaterThan(100);
  expect(coupes).toEqual([]);
});
