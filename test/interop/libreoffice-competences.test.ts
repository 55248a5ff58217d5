/**
 * The competence workbook's live formulas, recalculated by LibreOffice, equal the core's rules on
 * random fillings (seeded): levels taken into account, gaps, needs by competence, job and service,
 * each person's priorities, people trained in the quality approach from the register, and the
 * dashboard by establishment. Fillings include empty cells, values outside 1–4 and levels typed as
 * text (both ignored), agreed levels overriding the manager's, and participants written with other
 * spacing and case.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type ExcelJS from "exceljs";
import { referentielCompetencesLivre } from "../../src/core/competences/catalogue";
import { competencesAplaties, competencesQualite } from "../../src/core/competences/referentiel";
import { analyser, PRIORITES_AFFICHEES, type AnalyseCompetences } from "../../src/core/competences/besoins";
import { F, FEUILLES, G, P, planifierClasseurCompetences } from "../../src/core/competences/classeur";
import type { Personne } from "../../src/core/competences/personnel";
import { appliquerPlan, ecrireClasseur, nouveauClasseur } from "../../src/hosts/xlsx/classeur";
import { lireClasseurCompetences } from "../../src/hosts/xlsx/competences";
import { lettreColonne } from "../../src/core/workbook-plan";
import { enExcelJS, octetsExcelJS } from "../helpers/exceljs";
import { convertir, profilLibreOffice } from "../helpers/libreoffice";

jest.setTimeout(600_000);
const GRAINE = 20261126;
const ref = referentielCompetencesLivre("competences-eps");
const comps = competencesAplaties(ref);
const dossier = mkdtempSync(join(tmpdir(), "qualite-competences-lo-"));
const PRENOMS = ["Amina Benali", "Youssef El Idrissi", "Khadija Alaoui", "Omar Chraibi", "Salma Tazi", "Nadia Bennani", "Hicham Ouazzani", "Fatima Zahra Amrani", "Said Berrada", "Leila Fassi", "Karim Naciri", "Meryem Kettani", "Rachid Lahlou", "Zineb Sqalli"];
const SERVICES = ["Village 1", "Village 2", "Foyer des jeunes", "Direction"];
const EPS = ["EPS Agadir", "EPS Tanger"];

type Niveau = number | string | null;
interface Cas {
  nom: string;
  personnes: Personne[];
  /** Per grid row (person × competence): auto, manager, agreed. */
  niveaux: [Niveau, Niveau, Niveau][];
  formations: [string, string][];
}

const niveau = (vide: number): fc.Arbitrary<Niveau> =>
  fc.integer({ min: 0, max: 99 }).chain((p) => (p < vide ? fc.constant(null) : p < 94 ? fc.integer({ min: 1, max: 4 }) : fc.constantFrom<Niveau>(0, 5, 2.5, "3", "x")));

/** A participant's name as someone types it: other case, spaces around or inside dropped. */
const saisieNom = (nom: string) => fc.constantFrom(nom, nom.toUpperCase(), ` ${nom.toLowerCase()} `, nom.replace(/ /g, ""));

function arbitraire(): fc.Arbitrary<Omit<Cas, "nom">> {
  return fc
    .record({
      n: fc.integer({ min: 3, max: PRENOMS.length }),
      metiers: fc.array(fc.constantFrom(...ref.metiers.map((m) => m.id)), { minLength: PRENOMS.length, maxLength: PRENOMS.length }),
      services: fc.array(fc.constantFrom(...SERVICES), { minLength: PRENOMS.length, maxLength: PRENOMS.length }),
      eps: fc.array(fc.constantFrom(...EPS), { minLength: PRENOMS.length, maxLength: PRENOMS.length }),
      vide: fc.integer({ min: 10, max: 80 }),
    })
    .chain(({ n, metiers, services, eps, vide }) => {
      const personnes = PRENOMS.slice(0, n).map((nom, i) => ({ nom, metier: metiers[i]!, service: services[i]!, etablissement: eps[i]! }));
      const ids = comps.map((c) => c.competence.id);
      const formation = fc.tuple(
        fc.array(fc.constantFrom(...personnes.map((p) => p.nom)), { minLength: 1, maxLength: 4 }).chain((noms) => fc.tuple(...noms.map(saisieNom))).chain((noms) => fc.constantFrom(noms.join(" ; "), noms.join(","), noms.join(";"))),
        fc.array(fc.constantFrom(...ids, "c5.1", "C5.10"), { minLength: 1, maxLength: 3 }).map((l) => l.join("; ")),
      );
      return fc.record({
        personnes: fc.constant(personnes),
        niveaux: fc.array(fc.tuple(niveau(vide), niveau(vide), niveau(vide + 15)), { minLength: n * comps.length, maxLength: n * comps.length }),
        formations: fc.array(formation, { minLength: 0, maxLength: 6 }),
      });
    });
}

const cas: Cas[] = fc.sample(arbitraire(), { seed: GRAINE, numRuns: 12 }).map((c, i) => ({ ...c, nom: `cas-${i}` }));
const attendus = new Map<string, AnalyseCompetences>();

beforeAll(async () => {
  const fichiers: string[] = [];
  for (const c of cas) {
    const classeur = nouveauClasseur(c.nom);
    await appliquerPlan(classeur, planifierClasseurCompetences({ referentiel: ref, personnes: c.personnes, etablissement: "EPS test", periode: "2026", maintenant: "2026-11-25T00:00:00Z" }));
    const wb = await enExcelJS(await ecrireClasseur(classeur));
    const grille = wb.getWorksheet(FEUILLES.grille)!;
    c.niveaux.forEach(([a, m, r], i) => {
      const row = grille.getRow(i + 2);
      row.getCell(G.auto).value = a;
      row.getCell(G.manager).value = m;
      row.getCell(G.retenu).value = r;
    });
    const reg = wb.getWorksheet(FEUILLES.formations)!;
    c.formations.forEach(([participants, competences], i) => {
      reg.getCell(`${F.titre}${i + 2}`).value = `Formation ${i + 1}`;
      reg.getCell(`${F.participants}${i + 2}`).value = participants;
      reg.getCell(`${F.competences}${i + 2}`).value = competences;
    });
    const octets = await octetsExcelJS(wb);
    const fichier = join(dossier, `${c.nom}.xlsx`);
    writeFileSync(fichier, octets);
    fichiers.push(fichier);
    attendus.set(c.nom, analyser((await lireClasseurCompetences(octets, c.nom)).donnees));
  }
  await convertir(profilLibreOffice(), fichiers, "xlsx:Calc MS Excel 2007 XML", join(dossier, "lo"));
});

function resultat(ws: ExcelJS.Worksheet, adresse: string): number | string | null {
  const cell = ws.getCell(adresse);
  expect({ adresse, formule: cell.type === 6 }).toEqual({ adresse, formule: true });
  const r = (cell as unknown as { result?: unknown }).result;
  if (r === undefined || r === null || r === "") return null;
  if (typeof r === "object") throw new Error(`${ws.name}!${adresse} : erreur de formule ${JSON.stringify(r)}`);
  return r as number | string;
}

function egal(ws: ExcelJS.Worksheet, adresse: string, attendu: number | string | null) {
  const obtenu = resultat(ws, adresse);
  if (typeof attendu === "number") expect({ ou: `${ws.name}!${adresse}`, v: typeof obtenu === "number" ? Math.round(obtenu * 1e6) / 1e6 : obtenu }).toEqual({ ou: `${ws.name}!${adresse}`, v: Math.round(attendu * 1e6) / 1e6 });
  else expect({ ou: `${ws.name}!${adresse}`, v: obtenu }).toEqual({ ou: `${ws.name}!${adresse}`, v: attendu });
}

it(`12 remplissages aléatoires variés (graine ${GRAINE})`, () => {
  const tous = [...attendus.values()];
  expect(tous.some((a) => a.personnes.some((p) => p.formeQualite))).toBe(true);
  expect(tous.some((a) => a.personnes.some((p) => !p.formeQualite))).toBe(true);
  expect(tous.some((a) => a.personnes.some((p) => p.priorites.length > PRIORITES_AFFICHEES))).toBe(true);
  expect(tous.some((a) => a.tableauBord.length === 2)).toBe(true);
  // Ignored values occur: text "3", 0, 5, 2.5.
  expect(cas.some((c) => c.niveaux.some((n) => n.includes("3")))).toBe(true);
  expect(cas.some((c) => c.niveaux.some((n) => n.includes(5) || n.includes(0)))).toBe(true);
  expect(competencesQualite(ref).length).toBeGreaterThan(0);
});

it.each(cas.map((c) => [c.nom] as const))("%s : chaque formule recalculée par LibreOffice vaut le calcul du cœur", async (nom) => {
  const wb = await enExcelJS(readFileSync(join(dossier, "lo", `${nom}.xlsx`)));
  const a = attendus.get(nom)!;
  const grille = wb.getWorksheet(FEUILLES.grille)!;
  a.lignes.forEach((l, i) => {
    const x = i + 2;
    expect(grille.getCell(`${G.nom}${x}`).value).toBe(l.personne.nom);
    egal(grille, `${G.niveau}${x}`, l.niveau);
    egal(grille, `${G.ecart}${x}`, l.ecart);
    egal(grille, `${G.besoin}${x}`, l.niveau === null ? null : l.besoin ? "Oui" : "Non");
  });
  const besoins = wb.getWorksheet(FEUILLES.besoins)!;
  a.competences.forEach((b, i) => {
    const x = i + 2;
    expect(besoins.getCell(`A${x}`).value).toBe(b.competence);
    egal(besoins, `D${x}`, b.positionnes);
    egal(besoins, `E${x}`, b.sousRequis);
    egal(besoins, `F${x}`, b.positionnes ? b.sousRequis / b.positionnes : null);
    ref.metiers.forEach((m, k) => egal(besoins, `${lettreColonne(6 + k)}${x}`, b.parMetier[m.id]!));
    a.services.forEach((s, k) => egal(besoins, `${lettreColonne(6 + ref.metiers.length + k)}${x}`, b.parService[s]!));
  });
  const prio = wb.getWorksheet(FEUILLES.priorites)!;
  a.personnes.forEach((p, i) => {
    const x = i + 2;
    expect(prio.getCell(`${P.nom}${x}`).value).toBe(p.personne.nom);
    egal(prio, `E${x}`, p.positionnees);
    egal(prio, `F${x}`, p.sousRequis);
    egal(prio, `G${x}`, p.deficit);
    for (let k = 0; k < PRIORITES_AFFICHEES; k++) egal(prio, `${lettreColonne(7 + k)}${x}`, p.priorites[k] ?? null);
    egal(prio, `${P.qualite}${x}`, p.formeQualite ? "Oui" : "Non");
  });
  const bord = wb.getWorksheet(FEUILLES.bord)!;
  [...a.tableauBord, a.total].forEach((l, i) => {
    const x = i + 2;
    expect(bord.getCell(`A${x}`).value).toBe(l.etablissement);
    egal(bord, `B${x}`, l.effectif);
    egal(bord, `C${x}`, l.formesQualite);
    egal(bord, `D${x}`, l.part);
    egal(bord, `E${x}`, l.besoins);
  });
});
