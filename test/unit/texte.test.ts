import fc from "fast-check";
import { decouperTexte } from "../../src/core/texte";

describe("découpage d'un texte en morceaux d'au plus N unités UTF-16", () => {
  it("ne coupe jamais un emoji ni une lettre arabe de ses voyelles", () => {
    const texte = "ab👩‍👧c لَا تَمْيِيزَ 🏠";
    for (let max = 6; max <= 12; max++) {
      const morceaux = decouperTexte(texte, max);
      expect(morceaux.join("")).toBe(texte);
      for (const m of morceaux) {
        expect(m.length).toBeLessThanOrEqual(max);
        expect(m).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
        // A morsel never starts with a combining mark (harakat U+064B–U+0652) or a zero-width joiner.
        expect(m).not.toMatch(/^[\u064B-\u0652\u200D]/);
      }
    }
  });

  it("redonne le texte, morceaux pleins sauf le dernier, sur des textes quelconques (propriété)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), fc.integer({ min: 8, max: 64 }), (texte, max) => {
        const morceaux = decouperTexte(texte, max);
        expect(morceaux.join("")).toBe(texte);
        for (const m of morceaux) expect(m.length).toBeLessThanOrEqual(max);
        for (const m of morceaux) expect(m).not.toMatch(/^[\uDC00-\uDFFF]/);
      }),
    );
  });

  it("un amas plus long qu'un morceau est coupé entre ses points de code, jamais au milieu d'une paire", () => {
    const amas = `a${"\u0301".repeat(20)}😀`;
    const morceaux = decouperTexte(amas, 8);
    expect(morceaux.join("")).toBe(amas);
    expect(morceaux.every((m) => m.length <= 8 && !/^[\uDC00-\uDFFF]/.test(m))).toBe(true);
  });

  it("reste linéaire : un mégaoctet se découpe", () => {
    const grand = "مرحبا 😀 ".repeat(120_000);
    expect(decouperTexte(grand, 240).join("")).toBe(grand);
  });
});
