/**
 * Drawings for printed questionnaires, generated as PNG pictures: three faces (content, neutral,
 * sad) and an empty box to tick. Pictures, not emoji: a Word or LibreOffice without an emoji font
 * would print empty squares. Anti-aliased by 3 × 3 sub-sampling, drawn once per process; deflate is the one the rest of
 * the package writing uses (Node zlib in the CLI, the browser's own in the panes).
 */
import { deflater } from "../ooxml/compression-node";
import { crc32 } from "../ooxml/zip";

export type Dessin = "content" | "neutre" | "triste" | "case";

const TRAIT = [38, 50, 56];
const FONDS: Record<Dessin, number[]> = { content: [200, 230, 201], neutre: [255, 243, 176], triste: [255, 205, 210], case: [255, 255, 255] };

/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
function distanceSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** What covers the point (x, y) of the unit square: "trait", "fond" or nothing. */
function couverture(d: Dessin, x: number, y: number): "trait" | "fond" | null {
  const e = 0.045; // stroke half-width
  if (d === "case") {
    const m = Math.max(Math.abs(x - 0.5), Math.abs(y - 0.5));
    if (m <= 0.42 + e && m >= 0.42 - e) return "trait";
    return m < 0.42 ? "fond" : null;
  }
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > 0.46 + e) return null;
  if (r >= 0.46 - e) return "trait";
  // Eyes.
  if (Math.hypot(x - 0.35, y - 0.38) < 0.06 || Math.hypot(x - 0.65, y - 0.38) < 0.06) return "trait";
  // Mouth: a smile, a straight line or a frown (y grows downwards).
  if (d === "neutre") return distanceSegment(x, y, 0.32, 0.68, 0.68, 0.68) < e ? "trait" : "fond";
  const cy = d === "content" ? 0.42 : 0.94;
  const dans = d === "content" ? y > 0.55 : y < 0.76 && y > 0.6;
  return dans && Math.abs(Math.hypot(x - 0.5, y - cy) - 0.26) < e && Math.abs(x - 0.5) < 0.22 ? "trait" : "fond";
}

/** RGBA pixels of a drawing, `taille` pixels square. */
export function pixelsDessin(d: Dessin, taille: number): Uint8Array {
  const px = new Uint8Array(taille * taille * 4);
  const N = 3;
  for (let j = 0; j < taille; j++)
    for (let i = 0; i < taille; i++) {
      let trait = 0;
      let fond = 0;
      for (let sj = 0; sj < N; sj++)
        for (let si = 0; si < N; si++) {
          const c = couverture(d, (i + (si + 0.5) / N) / taille, (j + (sj + 0.5) / N) / taille);
          if (c === "trait") trait++;
          else if (c === "fond") fond++;
        }
      const total = trait + fond;
      const o = (j * taille + i) * 4;
      if (!total) continue;
      for (let k = 0; k < 3; k++) px[o + k] = Math.round((trait * TRAIT[k]! + fond * FONDS[d][k]!) / total);
      px[o + 3] = Math.round((255 * total) / (N * N));
    }
  return px;
}

function adler32(octets: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const o of octets) {
    a = (a + o) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function bloc(type: string, donnees: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + donnees.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, donnees.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(donnees, 8);
  v.setUint32(8 + donnees.length, crc32(out.subarray(4, 8 + donnees.length)));
  return out;
}

/** A PNG file (8-bit RGBA) of the pixels. */
export async function png(pixels: Uint8Array, largeur: number, hauteur: number): Promise<Uint8Array> {
  const brut = new Uint8Array(hauteur * (largeur * 4 + 1));
  for (let j = 0; j < hauteur; j++) brut.set(pixels.subarray(j * largeur * 4, (j + 1) * largeur * 4), j * (largeur * 4 + 1) + 1);
  const compresse = await deflater(brut);
  const zlib = new Uint8Array(compresse.length + 6);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  zlib.set(compresse, 2);
  new DataView(zlib.buffer).setUint32(2 + compresse.length, adler32(brut));
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, largeur);
  v.setUint32(4, hauteur);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parties = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), bloc("IHDR", ihdr), bloc("IDAT", zlib), bloc("IEND", new Uint8Array())];
  const out = new Uint8Array(parties.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parties) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

const dejaFaits = new Map<string, Promise<Uint8Array>>();

/** The PNG of a drawing (the same bytes each time: drawn once, then kept). */
export function pngDessin(d: Dessin, taille = 240): Promise<Uint8Array> {
  const cle = `${d}:${taille}`;
  let p = dejaFaits.get(cle);
  if (!p) {
    p = png(pixelsDessin(d, taille), taille, taille);
    dejaFaits.set(cle, p);
  }
  return p;
}
