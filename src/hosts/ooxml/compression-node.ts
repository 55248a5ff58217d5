/**
 * Deflate for Node (CLI, tests, worker threads): Node's native zlib. The browser build swaps this
 * module for compression-navigateur.ts (webpack.config.js); both keep the same small contract.
 */
import * as zlib from "node:zlib";
import { createInflateRaw, deflateRawSync } from "node:zlib";

/** Node's own CRC-32 (Node 20.15 and later), much faster than a table in JavaScript. */
export const crc32Natif: ((donnees: Uint8Array) => number) | null = typeof (zlib as { crc32?: unknown }).crc32 === "function" ? (d) => (zlib as unknown as { crc32: (d: Uint8Array) => number }).crc32(d) : null;

/**
 * Inflates raw deflate data, handing each piece of output to `surMorceau` with the number of
 * compressed bytes consumed so far. When `surMorceau` throws, inflating stops at once and the
 * promise rejects with that error: a limit is enforced while inflating, never after.
 */
export function inflerEnFlux(compresse: Uint8Array, surMorceau: (morceau: Uint8Array, consomme: number) => void): Promise<void> {
  return new Promise((resolu, echec) => {
    const z = createInflateRaw({ chunkSize: 256 * 1024 });
    let fini = false;
    const arreter = (e: unknown) => {
      if (fini) return;
      fini = true;
      z.destroy();
      echec(e);
    };
    z.on("data", (m: Buffer) => {
      if (fini) return;
      try {
        surMorceau(m, z.bytesWritten);
      } catch (e) {
        arreter(e);
      }
    });
    z.on("error", arreter);
    z.on("end", () => {
      if (!fini) {
        fini = true;
        resolu();
      }
    });
    z.end(compresse);
  });
}

export async function deflater(donnees: Uint8Array): Promise<Uint8Array> {
  return deflateRawSync(donnees, { level: 6 });
}
