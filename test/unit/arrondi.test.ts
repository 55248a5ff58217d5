import fc from "fast-check";
import { arrondi2 } from "../../src/core/scores";

/** ROUND(x, 2) the decimal-correct way, as arrondi2 computed it before its fast path. */
const reference = (x: number) => ((x < 0 ? -1 : 1) * Math.round(Number(`${Math.abs(Number(x.toPrecision(15)))}e2`))) / 100;

describe("arrondi2 (ROUND à 2 décimales)", () => {
  it("donne le résultat décimal exact, moitiés comprises", () => {
    for (const [x, attendu] of [[1.005, 1.01], [2.675, 2.68], [-1.005, -1.01], [1.115, 1.12], [0.125, 0.13], [2.5, 2.5], [3.3333333, 3.33], [-0.004, -0], [0, 0]] as const) {
      expect(arrondi2(x)).toBe(attendu);
    }
  });

  // Below 1e-6 the decimal way wrote "5e-7e2" and gave NaN; the fast path gives 0.
  it("coïncide avec la méthode décimale sur des moyennes de notes et des nombres quelconques", () => {
    const moyenne = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 }).map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    const centiemes = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000);
    fc.assert(fc.property(fc.oneof(moyenne, centiemes, fc.double({ noNaN: true, min: -1e12, max: 1e12 }).filter((x) => x === 0 || Math.abs(x) >= 1e-6)), (x) => Object.is(arrondi2(x), reference(x)) || arrondi2(x) === reference(x)), { numRuns: 20000 });
  });
});
