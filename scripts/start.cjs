#!/usr/bin/env node
/**
 * `npm start`: the development server over HTTPS with development certificates, then
 * - on Windows and macOS: sideload the add-in into Excel desktop (office-addin-debugging);
 * - elsewhere (Linux, where no Office desktop exists): serve the panes and say where to open
 *   the file-mode pane in a browser, or how to sideload into Excel on the web.
 *
 * Options: --app word (sideload into Word), --port N (default 3000, or QUALITE_PORT).
 * No network: certificates are generated locally, nothing is downloaded.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const racine = path.join(__dirname, "..");
const args = process.argv.slice(2);
const valeur = (nom, defaut) => {
  const i = args.indexOf(nom);
  return i >= 0 && args[i + 1] ? args[i + 1] : defaut;
};
const port = Number(valeur("--port", process.env.QUALITE_PORT || 3000));
const app = valeur("--app", "excel");
const bureau = process.platform === "win32" || process.platform === "darwin";

function sortir(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function certificats() {
  const devCerts = require("office-addin-dev-certs");
  if (bureau) {
    // Generates and trusts the development CA in the user's store (asks once), as yo office does.
    await devCerts.ensureCertificatesAreInstalled();
    return path.join(os.homedir(), ".office-addin-dev-certs");
  }
  // Linux: generate offline into the project (git-ignored); trusting the CA is left to the user.
  const dossier = path.join(racine, ".tmp", "certs");
  const fichiers = ["ca.crt", "localhost.crt", "localhost.key"].map((f) => path.join(dossier, f));
  if (!fichiers.every((f) => fs.existsSync(f)) || !devCerts.verifyCertificates(fichiers[1], fichiers[2])) {
    fs.mkdirSync(dossier, { recursive: true });
    await devCerts.generateCertificates(...fichiers, 30, ["localhost", "127.0.0.1"]);
  }
  return dossier;
}

function lancer(commande, parametres, env) {
  const enfant = spawn(commande, parametres, { cwd: racine, stdio: ["inherit", "pipe", "inherit"], env: { ...process.env, ...env }, shell: process.platform === "win32" });
  return enfant;
}

async function principal() {
  if (!["excel", "word"].includes(app)) sortir(`Application inconnue « ${app} » : choisissez excel ou word.`);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) sortir(`Port invalide « ${port} ».`);
  const dossierCerts = await certificats();
  const env = { QUALITE_CERT_DIR: dossierCerts, QUALITE_PORT: String(port) };
  const webpack = require.resolve("webpack-cli/bin/cli.js");

  if (bureau) {
    const debogage = lancer(
      process.execPath,
      [require.resolve("office-addin-debugging/cli.js"), "start", "manifest.xml", "desktop", "--app", app, "--dev-server", `"${process.execPath}" "${webpack}" serve --mode development`, "--dev-server-port", String(port)],
      env,
    );
    debogage.stdout.pipe(process.stdout);
    debogage.on("exit", (code) => process.exit(code ?? 0));
    return;
  }

  const serveur = lancer(process.execPath, [webpack, "serve", "--mode", "development"], env);
  let annonce = false;
  serveur.stdout.on("data", (morceau) => {
    const texte = morceau.toString();
    if (process.env.QUALITE_START_VERBEUX) process.stdout.write(texte);
    if (!annonce && /compiled successfully/.test(texte)) {
      annonce = true;
      process.stdout.write(
        [
          "",
          `Qualité EPS : les volets sont servis sur https://localhost:${port}/ (aucun Office de bureau sur ${process.platform}).`,
          `  Mode fichier, dans un navigateur : https://localhost:${port}/excel.html`,
          `  Volet Word :                      https://localhost:${port}/word.html`,
          `  Certificat de développement : ${path.join(dossierCerts, "ca.crt")} (à approuver dans le navigateur, ou accepter l'avertissement).`,
          "  Excel sur le web : Insérer > Compléments > Charger mon complément > manifest.xml.",
          "  Ctrl+C arrête le serveur.",
          "",
        ].join("\n"),
      );
    }
    if (/ERROR in|compiled with \d+ error/.test(texte)) process.stdout.write(texte);
  });
  const arreter = () => serveur.kill("SIGTERM");
  process.on("SIGINT", arreter);
  process.on("SIGTERM", arreter);
  serveur.on("exit", (code) => process.exit(code ?? 0));
}

principal().catch((e) => sortir(`npm start a échoué : ${e && e.message ? e.message : e}`));
