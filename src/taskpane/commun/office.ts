/**
 * What the panes need from office.js, kept small: wait for Office (with a time-out, since
 * office.js never resolves when it cannot load), check the host's requirement sets.
 */
import { EXCEL_API_REQUISE } from "../../hosts/excel/api";

export type Hote = "Excel" | "Word";

/** Requirement sets per host: never in the manifest's base <Requirements> (it would block the other host). */
export const EXIGENCES: Record<Hote, { api: string; version: string }> = {
  Excel: { api: "ExcelApi", version: EXCEL_API_REQUISE },
  // Content controls with tags, insertParagraph/insertTable on ranges.
  Word: { api: "WordApi", version: "1.3" },
};

export type Environnement =
  | { mode: "office"; hote: Hote | "autre"; nomHote: string; langue: string | undefined }
  | { mode: "fichier"; expire: boolean };

/** Resolves with the host, or file mode when Office reports no host or does not answer in time. */
export async function detecterEnvironnement(delaiMs = 10000): Promise<Environnement> {
  if (typeof Office === "undefined") return { mode: "fichier", expire: false };
  let minuterie: ReturnType<typeof setTimeout> | undefined;
  const expiration = new Promise<"expire">((resolve) => (minuterie = setTimeout(() => resolve("expire"), delaiMs)));
  const info = await Promise.race([Office.onReady(), expiration]);
  clearTimeout(minuterie);
  if (info === "expire") return { mode: "fichier", expire: true };
  if (!info.host) return { mode: "fichier", expire: false };
  const nomHote = String(info.host);
  const hote: Hote | "autre" = nomHote === "Excel" ? "Excel" : nomHote === "Word" ? "Word" : "autre";
  return { mode: "office", hote, nomHote, langue: Office.context?.displayLanguage };
}

/** The requirement set the host lacks, or null. Versions are strings, as isSetSupported wants. */
export function exigenceManquante(
  estPrisEnCharge: (api: string, version: string) => boolean,
  hote: Hote,
): { api: string; version: string } | null {
  const e = EXIGENCES[hote];
  return estPrisEnCharge(e.api, e.version) ? null : e;
}
