/**
 * What the panes need from office.js, kept small: tell Office from a plain browser, wait for
 * Office, check the host's requirement sets, and know what the platform allows.
 *
 * office.js comes from Microsoft's CDN (`<script>` in the page's <head>, before our deferred
 * bundle), so by the time this code runs the script has either run or failed:
 * - outside Office (a plain browser, with or without internet) the pane goes to file mode at
 *   once when `Office` is missing, or as soon as `Office.onReady` reports no host;
 * - inside Office (the host adds `_host_Info` to the pane's address) a missing office.js is an
 *   error to show, never file mode: the user would otherwise edit a downloaded copy instead of
 *   the open workbook.
 */
import { EXCEL_API_REQUISE } from "../../hosts/excel/api";

export type Hote = "Excel" | "Word";

/** The only origin the panes load code from besides their own (see the pages' CSP). */
export const CDN_OFFICE = "https://appsforoffice.microsoft.com";
export const URL_OFFICE_JS = `${CDN_OFFICE}/lib/1/hosted/office.js`;

/** Requirement sets per host: never in the manifest's base <Requirements> (it would block the other host). */
export const EXIGENCES: Record<Hote, { api: string; version: string }> = {
  Excel: { api: "ExcelApi", version: EXCEL_API_REQUISE },
  // Content controls with tags, insertParagraph/insertTable on ranges.
  Word: { api: "WordApi", version: "1.3" },
};

export type Environnement =
  | { mode: "office"; hote: Hote | "autre"; nomHote: string; langue: string | undefined; plateforme: string | null }
  | { mode: "fichier"; expire: boolean }
  /** Inside Office, but office.js did not load or did not answer: nothing can be done safely. */
  | { mode: "indisponible"; raison: "chargement" | "expire" };

/** What a pane is rendered with: Office, or file mode ("indisponible" is shown by the frame). */
export type EnvironnementVolet = Exclude<Environnement, { mode: "indisponible" }>;

/** Where the page runs: its address, and the globals a host sets. */
export interface Fenetre {
  location: { search: string; hash: string };
  external?: unknown;
}

/**
 * True when the page runs inside an Office host. Office opens a pane at its address plus
 * `_host_Info=Excel$Win32$16.01$fr-FR…` (desktop and web alike); old Windows hosts also expose
 * `window.external.GetContext`.
 */
export function dansOffice(f: Fenetre): boolean {
  if (/[?&#]_host_Info=/i.test(f.location.search) || /[?&#]_host_Info=/i.test(f.location.hash)) return true;
  const ext = f.external as Record<string, unknown> | undefined;
  return typeof ext === "object" && ext !== null && "GetContext" in ext;
}

/** How long Office may take to answer: inside Office it can be slow; a plain browser answers at once or never. */
export const DELAI_OFFICE_MS = 10_000;
export const DELAI_NAVIGATEUR_MS = 800;

/** Resolves with the host, file mode (outside Office), or "indisponible" (inside Office, no office.js). */
export async function detecterEnvironnement(f: Fenetre = window, delais = { office: DELAI_OFFICE_MS, navigateur: DELAI_NAVIGATEUR_MS }): Promise<Environnement> {
  const hote = dansOffice(f);
  if (typeof Office === "undefined") return hote ? { mode: "indisponible", raison: "chargement" } : { mode: "fichier", expire: false };
  let minuterie: ReturnType<typeof setTimeout> | undefined;
  const expiration = new Promise<"expire">((resolve) => (minuterie = setTimeout(() => resolve("expire"), hote ? delais.office : delais.navigateur)));
  const info = await Promise.race([Office.onReady(), expiration]);
  clearTimeout(minuterie);
  if (info === "expire") return hote ? { mode: "indisponible", raison: "expire" } : { mode: "fichier", expire: true };
  if (!info.host) return { mode: "fichier", expire: false };
  const nomHote = String(info.host);
  return {
    mode: "office",
    hote: nomHote === "Excel" ? "Excel" : nomHote === "Word" ? "Word" : "autre",
    nomHote,
    langue: Office.context?.displayLanguage,
    plateforme: info.platform ? String(info.platform) : null,
  };
}

/** The requirement set the host lacks, or null. Versions are strings, as isSetSupported wants. */
export function exigenceManquante(
  estPrisEnCharge: (api: string, version: string) => boolean,
  hote: Hote,
): { api: string; version: string } | null {
  const e = EXIGENCES[hote];
  return estPrisEnCharge(e.api, e.version) ? null : e;
}

/**
 * Whether the pane can offer a file download. A task pane on Mac runs in a WKWebView that
 * ignores downloads from a blob link: the button would do nothing, so it is hidden there.
 */
export function telechargementPossible(env: EnvironnementVolet): boolean {
  return !(env.mode === "office" && env.plateforme === "Mac");
}
