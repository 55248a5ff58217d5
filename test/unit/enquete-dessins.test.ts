import { inflateSync } from "node:zlib";
import { pixelsDessin, pngDessin } from "../../src/hosts/docx/dessins";

/** An independent PNG reader (Node's zlib, CRC checked by inflate's adler and by hand here). */
function lirePng(octets: Uint8Array): { largeur: number; hauteur: number; pixels: Uint8Array } {
  expect([...octets.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const v = new DataView(octets.buffer, octets.byteOffset, octets.byteLength);
  let i = 8;
  let largeur = 0;
  let hauteur = 0;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (i < octets.length) {
    const n = v.getUint32(i);
    const type = String.fromCharCode(...octets.subarray(i + 4, i + 8));
    types.push(type);
    const donnees = octets.subarray(i + 8, i + 8 + n);
    if (type === "IHDR") {
      largeur = v.getUint32(i + 8);
      hauteur = v.getUint32(i + 12);
      expect([...donnees.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === "IDAT") idat.push(donnees);
    i += 12 + n;
  }
  expect(types).toEqual(["IHDR", "IDAT", "IEND"]);
  const brut = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(largeur * hauteur * 4);
  for (let j = 0; j < hauteur; j++) {
    expect(brut[j * (largeur * 4 + 1)]).toBe(0);
    pixels.set(brut.subarray(j * (largeur * 4 + 1) + 1, (j + 1) * (largeur * 4 + 1)), j * largeur * 4);
  }
  return { largeur, hauteur, pixels };
}

const sombre = (p: Uint8Array, taille: number, x: number, y: number) => {
  const o = (Math.round(y * taille) * taille + Math.round(x * taille)) * 4;
  return p[o + 3]! > 200 && p[o]! < 80;
};

describe("dessins des questionnaires (PNG)", () => {
  it.each(["content", "neutre", "triste", "case"] as const)("%s : un PNG valide que zlib relit pixel pour pixel", async (d) => {
    const lu = lirePng(await pngDessin(d, 60));
    expect(lu).toMatchObject({ largeur: 60, hauteur: 60 });
    expect(Buffer.from(lu.pixels).equals(Buffer.from(pixelsDessin(d, 60)))).toBe(true);
  });

  it("la bouche dit le sens : coins relevés, trait droit, coins tombants", () => {
    const t = 120;
    const [content, neutre, triste] = (["content", "neutre", "triste"] as const).map((d) => pixelsDessin(d, t));
    // Under the middle of the mouth line (y 0.68): the smile's bottom is lower, the frown's top is higher.
    expect(sombre(content!, t, 0.5, 0.68)).toBe(true);
    expect(sombre(neutre!, t, 0.5, 0.68)).toBe(true);
    expect(sombre(triste!, t, 0.5, 0.68)).toBe(true);
    // Left of the middle, the smile has risen (y 0.63) and the frown has fallen (y 0.73).
    expect([sombre(content!, t, 0.35, 0.632), sombre(content!, t, 0.35, 0.728)]).toEqual([true, false]);
    expect([sombre(triste!, t, 0.35, 0.632), sombre(triste!, t, 0.35, 0.728)]).toEqual([false, true]);
    expect([sombre(neutre!, t, 0.35, 0.6), sombre(neutre!, t, 0.35, 0.68), sombre(neutre!, t, 0.35, 0.76)]).toEqual([false, true, false]);
    // Both eyes on every face; the corners of the box are drawn, its middle is empty.
    for (const p of [content!, neutre!, triste!]) expect(sombre(p, t, 0.35, 0.38) && sombre(p, t, 0.65, 0.38)).toBe(true);
    const c = pixelsDessin("case", t);
    expect(sombre(c, t, 0.08, 0.08) && !sombre(c, t, 0.5, 0.5)).toBe(true);
  });
});
