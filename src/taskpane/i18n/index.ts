import { createContext, useContext } from "react";
import { fr, type Catalogue, type Cle } from "./fr";
import { ar } from "./ar";

export type Langue = "fr" | "ar";
export const CATALOGUES: Record<Langue, Catalogue> = { fr, ar };
export const DIRECTION: Record<Langue, "ltr" | "rtl"> = { fr: "ltr", ar: "rtl" };

/** Strings a lazily loaded part of a pane brings with it (i18n/excel.ts). */
const EXTENSIONS: Record<Langue, Record<string, string>> = { fr: {}, ar: {} };

export function etendreCatalogues(c: Record<Langue, Record<string, string>>): void {
  Object.assign(EXTENSIONS.fr, c.fr);
  Object.assign(EXTENSIONS.ar, c.ar);
}

/** The text of a key, placeholders unfilled; the key itself if its part is not loaded (never a blank). */
export function texteBrut(langue: Langue, cle: Cle): string {
  return (CATALOGUES[langue] as Record<string, string>)[cle] ?? EXTENSIONS[langue][cle] ?? cle;
}

/** Fills {placeholders}; a missing value is left visible rather than silently dropped. */
export function traduire(langue: Langue, cle: Cle, valeurs: Record<string, string | number> = {}): string {
  return texteBrut(langue, cle).replace(/\{(\w+)\}/g, (m, nom: string) => (nom in valeurs ? String(valeurs[nom]) : m));
}

/** The language to start with: the one saved by the user, else Office's or the browser's. */
export function langueInitiale(enregistree: string | null, affichage: string | undefined): Langue {
  if (enregistree === "fr" || enregistree === "ar") return enregistree;
  return affichage?.toLowerCase().startsWith("ar") ? "ar" : "fr";
}

export const LangueContexte = createContext<Langue>("fr");

export function useT() {
  const langue = useContext(LangueContexte);
  return (cle: Cle, valeurs?: Record<string, string | number>) => traduire(langue, cle, valeurs);
}
