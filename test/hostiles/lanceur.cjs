// Runs the built `qualite` command and, on exit, writes its peak resident memory (KiB, every
// thread included) to the file named by QE_MESURE_RSS.
"use strict";
const fs = require("node:fs");
const sortie = process.env.QE_MESURE_RSS;
process.on("exit", () => {
  if (sortie) fs.writeFileSync(sortie, String(process.resourceUsage().maxRSS));
});
require("../../bin/qualite.cjs");
