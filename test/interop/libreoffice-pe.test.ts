/**
 * Interop: the PE written by `qualite pe` (the real bin) converted to PDF by LibreOffice; the
 * section titles, a filled field, the table of contents with its page numbers and the
 * assessment results are in the PDF's text. Re-assembly keeps the writer's own text.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { modeleLivre } from "../../src/core/pe/catalogue";
import { convertir, motsCoupesDansTableaux, motsPdf, profilLibreOffice } from "../helpers/libreoffice";
import { remplirFichier } from "../helpers/remplir";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";

jest.setTimeout(240_000);
const RACINE = join(__dirname, "..", "..");
const dossier = mkdtempSync(join(tmpdir(), "qualite-pe-"));
const profil = profilLibreOffice();
const qualite = (...args: string[]) => execFileSync("node", [join(RACINE, "bin", "qualite.cjs"), ...args], { cwd: RACINE, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
/** The PDF's text, lines joined: LibreOffice wraps long paragraphs. */
const pdf = async (docx: string) => {
  await convertir(profil, [docx], "pdf", dossier);
  return execFileSync("pdftotext", [join(dossier, docx.split("/").pop()!.replace(/\.docx$/, ".pdf")), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
};

const grille = join(dossier, "grille.xlsx");
const remplie = join(dossier, "remplie.xlsx");
beforeAll(async () => {
  qualite("inject", "-r", "eps-maroc", "-o", grille, "-e", "Village d'enfants", "-p", "2026");
  // A filled grid with its improvement plan, for the board-ready rendering below.
  await remplirFichier(grille, remplie, Array.from({ length: 137 }, (_, i) => [i % 9 === 0 ? null : ([4, 2, 3, 1, 4, "NC", 3, 4] as const)[i % 8]!]));
  qualite("paq", remplie);
});

it("le projet d'établissement rendu par LibreOffice : page de titre, « Page X sur Y », aucun mot coupé dans un tableau", async () => {
  const pe = join(dossier, "pe-conseil.docx");
  qualite("pe", "-r", join(RACINE, "templates/documents/exemples/pe-eps-reponses.json"), "--evaluation", remplie, "-o", pe);
  await convertir(profil, [pe], "pdf", dossier);
  const pages = motsPdf(join(dossier, "pe-conseil.pdf"));
  const texteDe = (i: number) => pages[i]!.map((m) => m.mot).join(" ");
  // Cover: title, establishment, managing body, period, status; no running header, no page number.
  expect(texteDe(0)).toContain("Projet d'établissement");
  expect(texteDe(0)).toContain("Village d'enfants d'Aïn Sebaâ (exemple fictif)");
  expect(texteDe(0)).toContain("Association nationale de protection de l'enfance");
  expect(texteDe(0)).toContain("2026–2030");
  expect(texteDe(0)).toContain("Projet soumis à validation");
  expect(texteDe(0)).not.toMatch(/Page \d+ sur/);
  // Every later page: the running header and « Page i sur N ».
  const n = pages.length;
  expect(n).toBeGreaterThan(10);
  for (let i = 1; i < n; i++) {
    expect({ page: i + 1, pied: texteDe(i).includes(`Page ${i + 1} sur ${n}`) }).toEqual({ page: i + 1, pied: true });
    expect({ page: i + 1, entete: texteDe(i).includes("Village d'enfants d'Aïn Sebaâ (exemple fictif) · Projet d'établissement 2026–2030") }).toEqual({ page: i + 1, entete: true });
  }
  // The improvement plan: grouped by priority, criterion text, French dates.
  const tout = pages.map((_, i) => texteDe(i)).join(" ");
  expect(tout).toMatch(/Priorité 1 : critères impératifs non atteints ou à trancher \(\d+\)/);
  expect(tout).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/);
  expect(tout).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  // No word of a table cell is broken over two lines: a fragment at the end of a line whose
  // continuation starts the next line of the same cell would join into a word of the tables.
  const { motsTableaux, coupes } = await motsCoupesDansTableaux(pe, pages);
  expect(motsTableaux.size).toBeGreaterThan(200);
  expect(coupes).toEqual([]);
});

it("le projet d'établissement assemblé s'ouvre dans LibreOffice avec ses sections, ses champs, son sommaire et l'évaluation", async () => {
  const pe = join(dossier, "pe.docx");
  const sortie = qualite("pe", "--template", "pe-eps", "--reponses", join(RACINE, "templates/documents/exemples/pe-eps-reponses.json"), "--evaluation", grille, "--out", pe);
  expect(sortie).toMatch(/Projet d'établissement « pe-eps » : 14 sections/);
  const texte = await pdf(pe);
  for (const s of modeleLivre("pe-eps").sections) expect(texte).toContain(s.titre.fr);
  expect(texte).toContain("Ce projet est celui de l'établissement Village d'enfants d'Aïn Sebaâ (exemple fictif), dont l'organisme gestionnaire est");
  expect(texte).toContain("Accréditation de l'Entraide Nationale n° 00/2019");
  expect(texte).toMatch(/Histoire et identité\.{5,} ?3 /);
  expect(texte).toContain("Résultats de la dernière évaluation");
  // The radar is a native Word chart (with its data), drawn by LibreOffice in the PDF.
  const zip = await JSZip.loadAsync(readFileSync(pe));
  const graphique = Object.keys(zip.files).find((f) => /^word\/charts\/chart\d+\.xml$/.test(f));
  expect(await zip.file(graphique!)!.async("string")).toContain("radarChart");
  expect(texte).toContain("Score par thématique");
  expect(texte).toContain("[À compléter : Admission et accueil]");
});

it("réassemblé après un ajout à la main, il garde ce texte et met à jour le reste", async () => {
  const pe = join(dossier, "pe2.docx");
  const reponses = join(dossier, "reponses.json");
  writeFileSync(reponses, JSON.stringify(exemple));
  qualite("pe", "-r", reponses, "--evaluation", grille, "-o", pe);
  // The director adds a paragraph between two sections, as Word keeps it (outside the controls).
  const zip = await JSZip.loadAsync(readFileSync(pe));
  const xml = await zip.file("word/document.xml")!.async("string");
  const i = xml.indexOf("</w:sdt>", xml.indexOf('<w:tag w:val="qe:pe-eps:missions"/>')) + "</w:sdt>".length;
  zip.file("word/document.xml", `${xml.slice(0, i)}<w:p><w:r><w:t>Mot de la directrice, écrit à la main.</w:t></w:r></w:p>${xml.slice(i)}`);
  writeFileSync(pe, await zip.generateAsync({ type: "uint8array" }));
  const modifiees = structuredClone(exemple) as any;
  modifiees.sections.missions.champs.missions = "Missions revues avec les équipes en 2026.";
  writeFileSync(reponses, JSON.stringify(modifiees));
  expect(qualite("pe", "-r", reponses, "--evaluation", grille, "-o", pe)).toMatch(/mises à jour \(texte écrit à la main conservé\)/);
  const texte = await pdf(pe);
  // The radar of the new assembly came along with its parts: LibreOffice draws it.
  expect(texte).toContain("Score par thématique");
  expect(texte).toContain("Mot de la directrice, écrit à la main.");
  expect(texte).toContain("Missions revues avec les équipes en 2026.");
  expect(texte).not.toContain("Offrir à chaque enfant un cadre familial stable");
  expect(texte.indexOf("Mot de la directrice")).toBeGreaterThan(texte.indexOf("Missions revues"));
});

it("refuse de réassembler dans un document sans section Qualité EPS, sans le toucher", async () => {
  // LibreOffice drops block content controls when it saves a .docx: such a file is refused.
  const pe = join(dossier, "pe3.docx");
  qualite("pe", "-r", join(RACINE, "templates/documents/exemples/pe-eps-reponses.json"), "-o", pe);
  await convertir(profil, [pe], "docx:MS Word 2007 XML", join(dossier, "lo"));
  const parLibreOffice = join(dossier, "lo", "pe3.docx");
  const avant = readFileSync(parLibreOffice);
  expect(() => qualite("pe", "-r", join(RACINE, "templates/documents/exemples/pe-eps-reponses.json"), "-o", parLibreOffice)).toThrow(/ne contient aucune section générée par Qualité EPS/);
  expect(readFileSync(parLibreOffice).equals(avant)).toBe(true);
});
