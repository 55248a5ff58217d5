/**
 * A webpack plugin that records what each pane downloads at load: its initial files (bytes and
 * gzip bytes) and the npm packages inside them; and which packages only come later, in lazy
 * chunks. Written to .tmp/composition-volets.json after every build, read by the bundle test
 * (test/unit/composition-volets.test.ts) and by `npm run bench`.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const FICHIER = path.join(__dirname, "..", ".tmp", "composition-volets.json");

/** "…/node_modules/@fluentui/react-tabs/lib/…" → "@fluentui/react-tabs"; our own code → "(src)". */
function paquet(nom) {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(nom ?? "");
  return m ? m[1].replace("\\", "/") : "(src)";
}

function paquetsDesModules(modules, sortie) {
  for (const m of modules ?? []) {
    if (m.modules?.length) paquetsDesModules(m.modules, sortie);
    else if (m.name && !m.moduleType?.startsWith("runtime")) sortie.add(paquet(m.name));
  }
  return sortie;
}

class CompositionVolets {
  apply(compiler) {
    compiler.hooks.done.tap("CompositionVolets", (stats) => {
      if (stats.hasErrors()) return;
      const j = stats.toJson({ all: false, entrypoints: true, chunks: true, chunkModules: true, ids: true, chunkRelations: true, nestedModules: true, dependentModules: true, chunkModulesSpace: Infinity, nestedModulesSpace: Infinity });
      const parId = new Map(j.chunks.map((c) => [c.id, c]));
      const volets = {};
      for (const [nom, e] of Object.entries(j.entrypoints)) {
        const initiaux = new Set(e.chunks);
        const fichiers = e.assets.map((a) => a.name).filter((f) => f.endsWith(".js"));
        // Through webpack's own output file system (the disk for a build, memory for a server).
        const octets = fichiers.map((f) => compiler.outputFileSystem.readFileSync(path.join(compiler.outputPath, f)));
        // Chunks reachable from this entry's chunks by import(): loaded on demand only.
        const tardifs = new Set();
        const aVoir = [...initiaux];
        while (aVoir.length) {
          for (const enfant of parId.get(aVoir.pop())?.children ?? []) {
            if (initiaux.has(enfant) || tardifs.has(enfant)) continue;
            tardifs.add(enfant);
            aVoir.push(enfant);
          }
        }
        const paquets = (ids) => [...[...ids].reduce((s, id) => paquetsDesModules(parId.get(id)?.modules, s), new Set())].sort();
        volets[nom] = {
          fichiers,
          octets: octets.reduce((t, b) => t + b.length, 0),
          octetsGzip: octets.reduce((t, b) => t + zlib.gzipSync(b, { level: 9 }).length, 0),
          paquetsInitiaux: paquets(initiaux),
          paquetsTardifs: paquets(tardifs),
        };
      }
      fs.mkdirSync(path.dirname(FICHIER), { recursive: true });
      fs.writeFileSync(FICHIER, JSON.stringify({ date: new Date().toISOString(), mode: compiler.options.mode, volets }, null, 2));
    });
  }
}

module.exports = { CompositionVolets, FICHIER };
