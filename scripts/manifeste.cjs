/**
 * The production manifest, derived from the development one (manifest.xml): every URL under
 * the hosting address, the version of package.json. Pure text in, text out, so the test can
 * check it without building the panes.
 */
"use strict";

const DEV = "https://localhost:3000/";

/** "0.1.0" → "0.1.0.0": Office wants four numbers. */
function versionOffice(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`Version de package.json illisible : ${version}`);
  return `${m[1]}.${m[2]}.${m[3]}.0`;
}

/** Checks and normalises the hosting address: https, no query or fragment, ends with "/". */
function adresseHebergement(brute) {
  let url;
  try {
    url = new URL(brute);
  } catch {
    throw new Error(`« ${brute} » n'est pas une adresse web. Exemple : --url https://qualite.mon-association.ma/addin/`);
  }
  if (url.protocol !== "https:") throw new Error(`Office n'accepte que des adresses https : « ${brute} ».`);
  if (url.search || url.hash) throw new Error(`L'adresse d'hébergement ne doit avoir ni « ? » ni « # » : « ${brute} ».`);
  if (url.username || url.password) throw new Error(`L'adresse d'hébergement ne doit pas contenir d'identifiants : « ${brute} ».`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

function manifesteProduction(xml, base, version) {
  const adresse = adresseHebergement(base);
  const note = `<!--\n  Qualité EPS ${version}: production manifest for ${adresse}, written by npm run build:prod from\n  manifest.xml. Deploy it as docs/deploiement.md says; do not edit by hand.\n-->`;
  const sortie = xml
    .replace(/<!--[\s\S]*?-->/, note)
    .split(DEV)
    .join(adresse)
    .replace(/<Version>[^<]*<\/Version>/, `<Version>${versionOffice(version)}</Version>`);
  const ailleurs = [...sortie.matchAll(/Value="(https?:[^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith(adresse));
  if (ailleurs.length) throw new Error(`Le manifeste garde des adresses hors de ${adresse} : ${ailleurs.join(", ")}`);
  return sortie;
}

module.exports = { DEV, versionOffice, adresseHebergement, manifesteProduction };
