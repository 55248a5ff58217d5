#!/usr/bin/env node
/**
 * `npm run apercus`: renders every output of the example data to PDF and PNG, for a human look
 * before a release. Uses the built CLI (`npm run build:cli`), LibreOffice (`soffice`) and poppler
 * (`pdftoppm`), as the tests do. Writes into apercus/ (git-ignored):
 *   grille.xlsx (eps-maroc, 3 evaluators, random notes) → grille.pdf, grille-N.png (every sheet)
 *   plan d'amélioration in the same workbook
 *   pe.docx (example answers + that assessment) → pe.pdf, pe-N.png
 *   national.xlsx + capitalisation.docx (6 establishments) → PDF, PNG
 *   enquête : questionnaire enfants-6-11 (fr, ar), résultats d'un classeur rempli → PDF, PNG
 * Options: --dpi N (default 50), --sortie d (a new or empty folder instead of apercus/).
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const racine = path.join(__dirname, "..");
const k = process.argv.indexOf("--sortie");
/** apercus/ (git-ignored) by default; --sortie d: a folder that does not exist yet or is empty (the tests use it). */
const sortie = k > 0 ? path.resolve(process.argv[k + 1]) : path.join(racine, "apercus");
const cli = path.join(racine, "dist", "cli", "qualite.cjs");
const i = process.argv.indexOf("--dpi");
const dpi = i > 0 ? Number(process.argv[i + 1]) : 50;

function sortir(message) {
  process.stderr.write(`Erreur : ${message}\n`);
  process.exit(1);
}

function qualite(...args) {
  return execFileSync(process.execPath, [cli, ...args], { cwd: racine, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Fills the note columns of a grid with a fixed pattern, different for each `decalage` (so two
 * runs give the same pictures): 1 or 4 on imperatives, 1–4 elsewhere, some NC and blanks.
 */
function remplir(fichier, decalage) {
  // ExcelJS, a dependency of the project, stands for the user's spreadsheet here.
  const ExcelJS = require("exceljs");
  const notes = [4, 2, 3, 1, 4, "NC", 3, 4, 2, null, 3, 1];
  return (async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fichier);
    const ws = wb.getWorksheet("Grille qualité");
    const entetes = ws.getRow(1).values.map((v) => String(v ?? ""));
    const colonnes = entetes.map((e, k) => (/^Note/.test(e) && !/retenue/i.test(e) ? k : -1)).filter((k) => k > 0);
    const imperatif = entetes.findIndex((e) => /Impératif/i.test(e));
    ws.eachRow((ligne, n) => {
      if (n === 1) return;
      colonnes.forEach((k, e) => {
        const v = notes[(n * 7 + e * 5 + decalage) % notes.length];
        const imp = imperatif > 0 && String(ligne.getCell(imperatif).value ?? "") === "Oui";
        ligne.getCell(k).value = imp ? (v === 1 || v === 2 ? 1 : v === null ? null : 4) : v;
      });
    });
    await wb.xlsx.writeFile(fichier);
  })();
}

/** Answers of 24 children to the survey, a fixed pattern (same pictures on every run). */
async function remplirEnquete(fichier) {
  const ExcelJS = require("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(fichier);
  const ws = wb.getWorksheet("Réponses");
  const entetes = ws.getRow(1).values.map((v) => String(v ?? ""));
  const reponses = ["Oui", "Oui", "Parfois", "Non", "Oui", "Parfois"];
  const mots = ["les sorties", "le foot", "ma mère SOS", "plus de jeux", "les devoirs"];
  for (let r = 2; r < 26; r++) {
    entetes.forEach((e, k) => {
      if (!/^Q\d+\./.test(e)) return;
      const ouverte = /:\s*$/.test(e);
      ws.getRow(r).getCell(k).value = ouverte ? (r % 4 === 0 ? mots[(r + k) % mots.length] : null) : reponses[(r * 5 + k * 7) % reponses.length];
    });
  }
  await wb.xlsx.writeFile(fichier);
}

function versPng(pdf) {
  const base = pdf.replace(/\.pdf$/, "");
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), pdf, base]);
}

async function principal() {
  if (!fs.existsSync(cli)) sortir("la commande n'est pas construite : lancez « npm run build:cli ».");
  for (const outil of ["soffice", "pdftoppm"]) {
    try {
      execFileSync("which", [outil], { stdio: "ignore" });
    } catch {
      sortir(`${outil} est absent (apt-get install libreoffice-calc libreoffice-writer poppler-utils).`);
    }
  }
  if (k > 0 && fs.existsSync(sortie) && fs.readdirSync(sortie).length) sortir(`${sortie} n'est pas vide : donnez un dossier neuf ou vide.`);
  fs.rmSync(sortie, { recursive: true, force: true });
  fs.mkdirSync(sortie, { recursive: true });
  const classeurs = path.join(sortie, "classeurs");
  fs.mkdirSync(classeurs);

  const grille = path.join(sortie, "grille.xlsx");
  qualite("inject", "-r", "eps-maroc", "-o", grille, "--etablissement", "EPS Agadir", "--periode", "2026", "--evaluateurs", "Amina,Youssef,Khadija");
  await remplir(grille, 0);
  // ExcelJS drops charts: re-inserting keeps the answers and puts the Synthèse's radar back.
  qualite("inject", "-r", "eps-maroc", "-o", grille);
  qualite("paq", grille);
  const villes = ["EPS Casablanca", "EPS Tanger", "EPS Marrakech", "EPS Aït Ourir", "EPS Agadir", "EPS Mohammedia"];
  for (const [k, ville] of villes.entries()) {
    const f = path.join(classeurs, `${k + 1}.xlsx`);
    qualite("inject", "-r", "eps-maroc", "-o", f, "--etablissement", ville, "--periode", "2026");
    await remplir(f, k + 1);
  }
  const pe = path.join(sortie, "pe.docx");
  qualite("pe", "--template", "pe-eps", "--reponses", path.join(racine, "templates", "documents", "exemples", "pe-eps-reponses.json"), "--evaluation", grille, "--out", pe);
  const national = path.join(sortie, "national.xlsx");
  const capitalisation = path.join(sortie, "capitalisation.docx");
  qualite("consolider", classeurs, "--out", national, "--rapport", capitalisation);

  const enquete = [];
  for (const langue of ["fr", "ar"]) {
    const q = path.join(sortie, `questionnaire-${langue}.docx`);
    qualite("enquete", "questionnaire", "-m", "enfants-6-11", "-l", langue, "-o", q);
    enquete.push(q);
  }
  const reponses = path.join(sortie, "reponses-enquete.xlsx");
  qualite("enquete", "init", "-m", "enfants-6-11", "-o", reponses, "-e", "EPS Agadir", "-p", "2026", "--lignes", "30");
  await remplirEnquete(reponses);
  const resultatsEnquete = path.join(sortie, "resultats-enquete.docx");
  qualite("enquete", "resultats", reponses, "-o", resultatsEnquete);
  enquete.push(resultatsEnquete);

  const profil = fs.mkdtempSync(path.join(os.tmpdir(), "qualite-apercus-"));
  execFileSync("soffice", [`-env:UserInstallation=file://${profil}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", sortie, grille, pe, national, capitalisation, ...enquete], { stdio: "ignore", timeout: 300_000 });
  fs.rmSync(profil, { recursive: true, force: true });
  for (const f of fs.readdirSync(sortie).filter((x) => x.endsWith(".pdf"))) versPng(path.join(sortie, f));
  const images = fs.readdirSync(sortie).filter((x) => x.endsWith(".png"));
  process.stdout.write(`Aperçus dans ${path.relative(racine, sortie)}/ : ${images.length} pages en PNG (${dpi} ppp), et les PDF.\n`);
}

principal().catch((e) => sortir(e.message));
