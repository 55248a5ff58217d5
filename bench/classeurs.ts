/**
 * Generates assessment workbooks of the shipped referential with random answers, fast: one
 * grid is written by the real adapter, then each copy gets its notes and establishment name by
 * editing the package's XML (no spreadsheet library in the loop).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { referentielLivre } from "../src/core/catalogue";
import { ecrireClasseur, injecterDansClasseur, nouveauClasseur } from "../src/hosts/xlsx/classeur";

const MARQUE = "ETABLISSEMENT-A-REMPLACER";

/** A small seeded generator (mulberry32): the same seed gives the same workbooks. */
export function aleatoire(graine: number): () => number {
  let a = graine >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function genererClasseurs(dossier: string, n: number, graine = 1, periode = "2026"): Promise<string[]> {
  mkdirSync(dossier, { recursive: true });
  const wb = nouveauClasseur();
  await injecterDansClasseur(wb, { referentiel: referentielLivre("eps-maroc"), source: "modèle", etablissement: MARQUE, periode });
  const zip = await JSZip.loadAsync(await ecrireClasseur(wb));
  const grille = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const partage = await zip.file("xl/sharedStrings.xml")!.async("string");
  const imperatif = new Set<number>();
  // Column H holds "Oui" for imperatives: find those rows through the shared strings index.
  const chaines = [...partage.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
  const oui = chaines.indexOf("Oui");
  for (const m of grille.matchAll(/<c r="H(\d+)"[^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/g)) if (Number(m[2]) === oui) imperatif.add(Number(m[1]));
  const hasard = aleatoire(graine);
  const fichiers: string[] = [];
  for (let i = 0; i < n; i++) {
    const nom = `EPS ${String(i + 1).padStart(4, "0")}`;
    const xml = grille.replace(/<c r="J(\d+)"( s="\d+")?\/>/g, (tout, ligne: string, s = "") => {
      const r = hasard();
      if (r < 0.1) return tout;
      if (imperatif.has(Number(ligne))) return `<c r="J${ligne}"${s}><v>${r < 0.4 ? 1 : 4}</v></c>`;
      if (r < 0.15) return `<c r="J${ligne}"${s} t="inlineStr"><is><t>NC</t></is></c>`;
      return `<c r="J${ligne}"${s}><v>${1 + Math.floor(hasard() * 4)}</v></c>`;
    });
    zip.file("xl/worksheets/sheet1.xml", xml);
    zip.file("xl/sharedStrings.xml", partage.replace(MARQUE, nom));
    const chemin = join(dossier, `${nom.replace(" ", "-")}.xlsx`);
    writeFileSync(chemin, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 1 } }));
    fichiers.push(chemin);
  }
  return fichiers;
}
