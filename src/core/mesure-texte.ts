/**
 * Text measurement for layout decided in the plans: table column widths of documents, row
 * heights of workbooks. Widths are those of DejaVu Sans, the widest of the fonts a document may
 * meet (LibreOffice's substitute for Calibri on machines without it; Calibri and Carlito are
 * about 20 % narrower): a column wide enough here is wide enough everywhere.
 */

/** Advance widths in thousandths of an em (DejaVu Sans, regular). */
const LARGEURS: Record<string, number> = {
  " ": 318, a: 613, b: 635, c: 550, d: 635, e: 615, f: 352, g: 635, h: 634, i: 278, j: 278, k: 579, l: 278, m: 974, n: 634, o: 612, p: 635, q: 635, r: 411, s: 521, t: 392, u: 634, v: 592, w: 818, x: 592, y: 592, z: 525,
  A: 684, B: 686, C: 698, D: 770, E: 632, F: 575, G: 775, H: 752, I: 295, J: 295, K: 656, L: 557, M: 863, N: 748, O: 787, P: 603, Q: 787, R: 695, S: 635, T: 611, U: 732, V: 684, W: 989, X: 685, Y: 611, Z: 685,
  ".": 318, ",": 318, ";": 337, ":": 337, "'": 275, "’": 318, "«": 557, "»": 557, "(": 390, ")": 390, "/": 337, "-": 361, "–": 500, "—": 1000, "%": 950, "°": 500, "·": 318, "!": 401, "?": 531, "&": 780, "+": 838, "=": 838, "…": 1000,
};
const CHIFFRE = 636;
const AUTRE = 640;
/** Bold DejaVu Sans is about 11 % wider. */
const GRAS = 1.11;

/** Widths already worked out: a referential has a few hundred distinct characters, and millions of them. */
const connues = new Map<string, number>();
function largeurCaractere(c: string): number {
  const connue = connues.get(c);
  if (connue !== undefined) return connue;
  const base = c.normalize("NFD")[0] ?? c;
  const l = LARGEURS[c] ?? LARGEURS[base] ?? (/\d/.test(base) ? CHIFFRE : AUTRE);
  if (connues.size < 65536) connues.set(c, l);
  return l;
}

/** Width of a text on one line, in points, at this font size. */
export function largeurTexte(texte: string, taillePt: number, gras = false): number {
  let milliemes = 0;
  for (const c of texte) milliemes += largeurCaractere(c);
  return (milliemes / 1000) * taillePt * (gras ? GRAS : 1);
}

/** Width of the longest word (a text cannot be narrower without breaking a word), in points; a no-break space joins words. */
export function largeurPlusLongMot(texte: string, taillePt: number, gras = false): number {
  return Math.max(0, ...texte.split(/[ \t\r\n]+/).map((m) => largeurTexte(m, taillePt, gras)));
}

/** Lines a text takes when wrapped at word boundaries in a given width (points). */
export function lignesRetour(texte: string, largeurPt: number, taillePt: number, gras = false): number {
  let total = 0;
  for (const paragraphe of texte.split(/\r?\n/)) {
    let lignes = 1;
    let courant = 0;
    const espace = largeurTexte(" ", taillePt, gras);
    for (const mot of paragraphe.split(/[ \t]+/).filter(Boolean)) {
      const l = largeurTexte(mot, taillePt, gras);
      if (courant > 0 && courant + espace + l > largeurPt) {
        lignes++;
        courant = 0;
      }
      // A word longer than the line breaks over as many lines as it needs.
      if (l > largeurPt) {
        lignes += Math.ceil(l / largeurPt) - 1;
        courant = l % largeurPt;
      } else courant += (courant > 0 ? espace : 0) + l;
    }
    total += lignes;
  }
  return total;
}

/**
 * Column widths (points) for a table of text in `disponible` points, as a browser lays out an
 * automatic table: every column at least as wide as its longest word (plus the cell's padding),
 * the rest shared by how much more each column's longest text would take.
 */
export function largeursColonnes(entetes: string[], lignes: string[][], disponible: number, o: { taillePt: number; marge: number }): number[] {
  const n = entetes.length;
  const mini = entetes.map((h, i) =>
    Math.max(largeurPlusLongMot(h, o.taillePt, true), ...lignes.map((l) => largeurPlusLongMot(l[i] ?? "", o.taillePt))) + o.marge,
  );
  const maxi = entetes.map((h, i) => Math.max(mini[i]!, largeurTexte(h, o.taillePt, true) + o.marge, ...lignes.map((l) => largeurTexte(l[i] ?? "", o.taillePt) + o.marge)));
  const somme = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (somme(mini) >= disponible) return mini.map((m) => (m * disponible) / somme(mini));
  if (somme(maxi) <= disponible) return maxi.map((m) => m + ((disponible - somme(maxi)) * m) / somme(maxi));
  const souplesse = maxi.map((m, i) => m - mini[i]!);
  const reste = disponible - somme(mini);
  return Array.from({ length: n }, (_, i) => mini[i]! + (reste * souplesse[i]!) / somme(souplesse));
}

/** Cuts a label into lines of at most `max` characters at word boundaries (chart axes). */
export function couperLibelle(texte: string, max: number): string {
  const lignes: string[] = [];
  for (const mot of texte.split(/\s+/).filter(Boolean)) {
    const derniere = lignes[lignes.length - 1];
    if (derniere !== undefined && derniere.length + 1 + mot.length <= max) lignes[lignes.length - 1] = `${derniere} ${mot}`;
    else lignes.push(mot);
  }
  return lignes.join("\n");
}
