/** Bytes helpers shared by the archive reader and both inflaters. */

/** The pieces end to end, in one array. */
export function concatener(morceaux: Uint8Array[]): Uint8Array {
  const sortie = new Uint8Array(morceaux.reduce((n, m) => n + m.length, 0));
  let k = 0;
  for (const m of morceaux) {
    sortie.set(m, k);
    k += m.length;
  }
  return sortie;
}
