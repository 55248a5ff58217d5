#!/usr/bin/env node
/**
 * Draws the add-in's icons (assets/icon-*.png): a teal rounded square with a white check mark.
 * Run after changing the design: `node scripts/icones.cjs`. Pure Node (zlib), no image tool.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const b of buf) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function bloc(type, donnees) {
  const t = Buffer.from(type, "ascii");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(donnees.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([t, donnees])));
  return Buffer.concat([len, t, donnees, crc]);
}

function distanceSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function icone(taille) {
  const lignes = [];
  const r = taille * 0.2;
  const epaisseur = Math.max(1.2, taille * 0.09);
  for (let y = 0; y < taille; y++) {
    const ligne = [0];
    for (let x = 0; x < taille; x++) {
      const u = (x + 0.5) / taille;
      const v = (y + 0.5) / taille;
      const cx = Math.min(Math.max(x + 0.5, r), taille - r);
      const cy = Math.min(Math.max(y + 0.5, r), taille - r);
      const dedans = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
      const d = Math.min(distanceSegment(u, v, 0.25, 0.52, 0.43, 0.7), distanceSegment(u, v, 0.43, 0.7, 0.76, 0.3)) * taille;
      if (!dedans) ligne.push(0, 0, 0, 0);
      else if (d <= epaisseur) ligne.push(255, 255, 255, 255);
      else ligne.push(0x0f, 0x76, 0x6e, 255);
    }
    lignes.push(Buffer.from(ligne));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(taille, 0);
  ihdr.writeUInt32BE(taille, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    bloc("IHDR", ihdr),
    bloc("IDAT", zlib.deflateSync(Buffer.concat(lignes))),
    bloc("IEND", Buffer.alloc(0)),
  ]);
}

for (const taille of [16, 32, 64, 80, 128]) {
  fs.writeFileSync(path.join(__dirname, "..", "assets", `icon-${taille}.png`), icone(taille));
}
