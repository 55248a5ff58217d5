/**
 * A small ZIP writer for the hostile corpus: it writes what JSZip refuses to (duplicate entries,
 * any entry name, sizes that lie) and zip bombs built without ever holding their content:
 * independent raw-deflate pieces ending on a full flush are concatenated, and the CRC of the
 * repeated content is combined arithmetically (zlib's crc32_combine).
 */
import { deflateRawSync, constants } from "node:zlib";

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(octets: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < octets.length; i++) c = TABLE[(c ^ octets[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/* crc32_combine, after zlib: CRC of A·B from CRC(A), CRC(B) and the length of B. */
function gf2Fois(mat: Uint32Array, vec: number): number {
  let somme = 0;
  for (let i = 0; vec; vec >>>= 1, i++) if (vec & 1) somme ^= mat[i]!;
  return somme >>> 0;
}
function gf2Carre(carre: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) carre[n] = gf2Fois(mat, mat[n]!);
}
export function crc32Combiner(crc1: number, crc2: number, long2: number): number {
  if (long2 <= 0) return crc1;
  const pair = new Uint32Array(32);
  const impair = new Uint32Array(32);
  impair[0] = 0xedb88320;
  for (let n = 1, ligne = 1; n < 32; n++, ligne <<= 1) impair[n] = ligne;
  gf2Carre(pair, impair);
  gf2Carre(impair, pair);
  let c1 = crc1 >>> 0;
  let reste = long2;
  do {
    gf2Carre(pair, impair);
    if (reste % 2) c1 = gf2Fois(pair, c1);
    reste = Math.floor(reste / 2);
    if (!reste) break;
    gf2Carre(impair, pair);
    if (reste % 2) c1 = gf2Fois(impair, c1);
    reste = Math.floor(reste / 2);
  } while (reste);
  return (c1 ^ crc2) >>> 0;
}

export interface Entree {
  nom: string;
  /** Deflated bytes (method 8) or stored bytes (method 0). */
  compresse: Uint8Array;
  methode: 0 | 8;
  crc: number;
  taille: number;
  /** Sizes written in the headers when they must lie. */
  tailleAnnoncee?: number;
}

export function entree(nom: string, contenu: Uint8Array | string, methode: 0 | 8 = 8): Entree {
  const o = typeof contenu === "string" ? new TextEncoder().encode(contenu) : contenu;
  return { nom, compresse: methode === 8 ? new Uint8Array(deflateRawSync(o)) : o, methode, crc: crc32(o), taille: o.length };
}

/**
 * An entry whose content is `debut` + `bloc` × `fois` + `fin`, deflated piece by piece; its
 * compressed size is about `bloc.length / 1000 × fois` bytes.
 */
export function entreeRepetee(nom: string, debut: string, bloc: Uint8Array, fois: number, fin: string): Entree {
  const enc = new TextEncoder();
  const d = enc.encode(debut);
  const f = enc.encode(fin);
  const plein = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const pd = deflateRawSync(d, plein);
  const pb = deflateRawSync(bloc, plein);
  const pf = deflateRawSync(f);
  const compresse = new Uint8Array(pd.length + pb.length * fois + pf.length);
  compresse.set(pd, 0);
  for (let i = 0; i < fois; i++) compresse.set(pb, pd.length + i * pb.length);
  compresse.set(pf, pd.length + pb.length * fois);
  // CRC of bloc^fois by doubling.
  let crcBlocs = 0;
  let longBlocs = 0;
  let crcP = crc32(bloc);
  let longP = bloc.length;
  for (let n = fois; n > 0; n = Math.floor(n / 2)) {
    if (n % 2) {
      crcBlocs = longBlocs ? crc32Combiner(crcBlocs, crcP, longP) : crcP;
      longBlocs += longP;
    }
    crcP = crc32Combiner(crcP, crcP, longP);
    longP *= 2;
  }
  const crc = crc32Combiner(crc32Combiner(crc32(d), crcBlocs, longBlocs), crc32(f), f.length);
  return { nom, compresse, methode: 8, crc, taille: d.length + longBlocs + f.length };
}

/** The archive, entries in order (duplicates allowed). Sizes must stay under 4 GiB (no Zip64). */
export function archive(entrees: Entree[]): Uint8Array {
  const enc = new TextEncoder();
  const morceaux: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let position = 0;
  for (const e of entrees) {
    const nom = enc.encode(e.nom);
    const taille = e.tailleAnnoncee ?? e.taille;
    if (taille > 0xffffffff || e.compresse.length > 0xffffffff) throw new Error("Zip64 non géré");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.methode, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5a21, 12); // 2025-01-01
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compresse.length, 18);
    local.writeUInt32LE(taille, 22);
    local.writeUInt16LE(nom.length, 26);
    local.writeUInt16LE(0, 28);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(e.methode, 10);
    c.writeUInt16LE(0, 12);
    c.writeUInt16LE(0x5a21, 14);
    c.writeUInt32LE(e.crc, 16);
    c.writeUInt32LE(e.compresse.length, 20);
    c.writeUInt32LE(taille, 24);
    c.writeUInt16LE(nom.length, 28);
    c.writeUInt32LE(position, 42);
    central.push(c, nom);
    morceaux.push(local, nom, e.compresse);
    position += 30 + nom.length + e.compresse.length;
  }
  const tailleCentral = central.reduce((n, m) => n + m.length, 0);
  const fin = Buffer.alloc(22);
  fin.writeUInt32LE(0x06054b50, 0);
  fin.writeUInt16LE(entrees.length, 8);
  fin.writeUInt16LE(entrees.length, 10);
  fin.writeUInt32LE(tailleCentral, 12);
  fin.writeUInt32LE(position, 16);
  return new Uint8Array(Buffer.concat([...morceaux, ...central, fin]));
}
