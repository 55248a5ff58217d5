#!/usr/bin/env node
/** `npm stop`: ends the sideload session on Windows/macOS; on Linux, Ctrl+C in `npm start` suffices. */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

if (process.platform === "win32" || process.platform === "darwin") {
  const r = spawnSync(process.execPath, [require.resolve("office-addin-debugging/cli.js"), "stop", "manifest.xml"], { cwd: path.join(__dirname, ".."), stdio: "inherit" });
  process.exit(r.status ?? 0);
} else {
  process.stdout.write("Rien à arrêter : sous Linux, « npm start » sert seulement les volets ; Ctrl+C dans son terminal l'arrête.\n");
}
