/** Text helpers shared by the adapters: pure, no DOM, no Office.js. */

/** Code points that belong to the character before them: marks (Arabic harakat, accents), joiners, variation selectors, skin tones, tags. */
const ATTACHE = /^(?:\p{M}|\u200D|\p{Emoji_Modifier}|[\uFE00-\uFE0F]|[\u{E0020}-\u{E007F}])$/u;

/**
 * The characters of a text as a reader sees them: a letter with its marks, an emoji sequence
 * joined by U+200D. Linear (Intl.Segmenter is quadratic on long texts in Node 20's ICU).
 */
function graphemes(texte: string): string[] {
  const amas: string[] = [];
  let apresJoint = false;
  for (const cp of texte) {
    if (amas.length && (apresJoint || ATTACHE.test(cp))) amas[amas.length - 1] += cp;
    else amas.push(cp);
    apresJoint = cp === "\u200D";
  }
  return amas;
}

/**
 * Cuts a text into pieces of at most `max` UTF-16 units (the unit Office counts in), never
 * inside a character: a surrogate pair (emoji), or a letter and its combining marks (Arabic
 * harakat, a decomposed accent) stay in one piece. Joined, the pieces give the text back.
 * Linear in the length of the text.
 */
export function decouperTexte(texte: string, max: number): string[] {
  const morceaux: string[] = [];
  let courant = "";
  for (const g of graphemes(texte)) {
    // A cluster longer than a piece (dozens of stacked marks) is cut between its code points.
    for (const u of g.length > max ? Array.from(g) : [g]) {
      if (courant.length + u.length > max && courant) {
        morceaux.push(courant);
        courant = "";
      }
      courant += u;
    }
  }
  if (courant) morceaux.push(courant);
  return morceaux;
}
