/**
 * Deflate in the browser (pane file mode): the platform's DecompressionStream / CompressionStream
 * ("deflate-raw"), behind the same contract as compression-node.ts.
 */
import { concatener } from "./octets";
const MORCEAU = 64 * 1024;

/** No native CRC-32 in the browser: zip.ts computes it. */
export const crc32Natif: ((donnees: Uint8Array) => number) | null = null;

async function lireTout(flux: ReadableStream<Uint8Array>, surMorceau: (m: Uint8Array) => void): Promise<void> {
  const lecteur = flux.getReader();
  for (;;) {
    const { done, value } = await lecteur.read();
    if (done) return;
    try {
      surMorceau(value);
    } catch (e) {
      await lecteur.cancel().catch(() => undefined);
      throw e;
    }
  }
}

export async function inflerEnFlux(compresse: Uint8Array, surMorceau: (morceau: Uint8Array, consomme: number) => void): Promise<void> {
  const ds = new DecompressionStream("deflate-raw");
  const ecrivain = ds.writable.getWriter();
  let donne = 0;
  // Input goes in small pieces so a limit stops inflating early; `donne` bounds what was consumed.
  const ecriture = (async () => {
    for (let i = 0; i < compresse.length; i += MORCEAU) {
      donne = Math.min(compresse.length, i + MORCEAU);
      await ecrivain.write(compresse.subarray(i, donne) as Uint8Array<ArrayBuffer>);
    }
    await ecrivain.close();
  })();
  try {
    await lireTout(ds.readable, (m) => surMorceau(m, donne));
  } catch (e) {
    await ecrivain.abort(e).catch(() => undefined);
    await ecriture.catch(() => undefined);
    throw e;
  }
  await ecriture;
}

export async function deflater(donnees: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream("deflate-raw");
  const ecrivain = cs.writable.getWriter();
  void ecrivain.write(donnees as Uint8Array<ArrayBuffer>).then(() => ecrivain.close());
  const morceaux: Uint8Array[] = [];
  await lireTout(cs.readable, (m) => morceaux.push(m));
  return concatener(morceaux);
}

/** UTF-8 decoding piece by piece (same contract as compression-node.ts). */
export function decodeurUtf8(): { decoder: (m: Uint8Array) => string; finir: () => string } {
  const td = new TextDecoder("utf-8");
  return { decoder: (m) => td.decode(m, { stream: true }), finir: () => td.decode() };
}
