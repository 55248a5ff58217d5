#!/usr/bin/env node
/**
 * `npm run build:prod -- --url https://qualite.example.org/addin/ [--dossier dist]`
 * Builds the panes for production and writes <dossier>/manifest.xml whose every URL (panes,
 * icons, function file, help) points under the hosting address. Upload the folder to that
 * address as it is (docs/deploiement.md), then give manifest.xml to Office.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { adresseHebergement, manifesteProduction } = require("./manifeste.cjs");
const { version } = require("../package.json");

const racine = path.join(__dirname, "..");
const args = process.argv.slice(2);
const valeur = (nom) => {
  const i = args.indexOf(nom);
  return i >= 0 ? args[i + 1] : undefined;
};

function sortir(message) {
  process.stderr.write(`Erreur : ${message}\n`);
  process.exit(1);
}

const brute = valeur("--url") ?? process.env.QUALITE_URL;
if (!brute) sortir("indiquez l'adresse https où le complément sera hébergé : npm run build:prod -- --url https://qualite.mon-association.ma/addin/");
let base;
try {
  base = adresseHebergement(brute);
} catch (e) {
  sortir(e.message);
}
const dossier = path.resolve(racine, valeur("--dossier") ?? "dist");
// webpack empties the output folder: never a folder that holds something else than a build.
if (fs.existsSync(dossier) && fs.readdirSync(dossier).length > 0 && !fs.existsSync(path.join(dossier, "excel.html"))) {
  sortir(`${dossier} n'est pas vide et ne contient pas une construction précédente : choisissez un dossier vide (--dossier).`);
}

const webpack = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production"], {
  cwd: racine,
  stdio: "inherit",
  env: { ...process.env, QUALITE_DIST: dossier },
});
if (webpack.status !== 0) sortir("la construction des volets a échoué (voir ci-dessus).");

try {
  fs.writeFileSync(path.join(dossier, "manifest.xml"), manifesteProduction(fs.readFileSync(path.join(racine, "manifest.xml"), "utf8"), base, version));
} catch (e) {
  sortir(`le manifeste de production n'a pas pu être écrit dans ${dossier} : ${e.message}`);
}
const affiche = path.relative(racine, dossier).startsWith("..") ? dossier : path.relative(racine, dossier) || ".";
process.stdout.write(
  [
    `Volets construits dans ${affiche}/ pour ${base}`,
    `  Manifeste : ${path.join(affiche, "manifest.xml")} (version ${version})`,
    `  Volet Excel : ${base}excel.html`,
    `  Volet Word : ${base}word.html`,
    `Déposez tout le dossier à cette adresse, puis déployez le manifeste : docs/deploiement.md`,
    "",
  ].join("\n"),
);
