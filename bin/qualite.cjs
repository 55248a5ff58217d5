#!/usr/bin/env node
"use strict";
// The CLI is bundled by `npm run build:cli` (run by `npm install` through "prepare").
const path = require("node:path");
const fs = require("node:fs");
const bundle = path.join(__dirname, "..", "dist", "cli", "qualite.cjs");
if (!fs.existsSync(bundle)) {
  process.stderr.write("Erreur : la commande n'est pas construite. Lancez « npm run build:cli » dans le dossier de Qualité EPS.\n");
  process.exit(2);
}
require(bundle);
