/**
 * Deflate for Node (CLI, tests, worker threads): Node's native zlib. The browser build swaps this
 * module for compression-navigateur.ts (webpack.config.js); both keep the same small contract.
 */
import { isAscii } from "node:buffer";
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

/**
 * UTF-8 decoding piece by piece. A piece of pure ASCII (a sheet is almost only that) is copied as
 * Latin-1, several times faster than TextDecoder and the same characters; any other piece goes
 * through TextDecoder in streaming mode, flushed before the next ASCII piece (what it would
 * have produced for an unfinished character then: one U+FFFD).
 */
export function decodeurUtf8(): { decoder: (m: Uint8Array) => string; finir: () => string } {
  let td: TextDecoder | null = null;
  /** No byte seen yet: a byte order mark here is dropped, anywhere else it is a character. */
  let auDebut = true;
  return {
    decoder(m) {
      if (!m.length) return "";
      if (isAscii(m)) {
        const avant = td ? td.decode() : "";
        td = null;
        auDebut = false;
        return avant + Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString("latin1");
      }
      td ??= new TextDecoder("utf-8", { ignoreBOM: !auDebut });
      auDebut = false;
      return td.decode(m, { stream: true });
    },
    finir: () => (td ? td.decode() : ""),
  };
}
