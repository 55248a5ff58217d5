#!/usr/bin/env node
/** `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it with Node. */
"use strict";
const { buildSync } = require("esbuild");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const dossier = path.join(__dirname, "..", "bench");
let code = 0;
for (const f of fs.readdirSync(dossier).filter((x) => x.endsWith(".bench.ts"))) {
  const sortie = path.join(dossier, "out", f.replace(/\.ts$/, ".cjs"));
  buildSync({ entryPoints: [path.join(dossier, f)], bundle: true, platform: "node", target: "node20", packages: "external", outfile: sortie, logLevel: "warning" });
  process.stdout.write(`\n# ${f}\n`);
  const r = spawnSync(process.execPath, ["--expose-gc", sortie], { stdio: "inherit" });
  code ||= r.status ?? 1;
}
process.exit(code);
