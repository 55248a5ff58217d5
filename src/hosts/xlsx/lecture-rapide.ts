/**
 * A fast, read-only path for consolidation: reads just the parts a Qualité EPS workbook needs
 * (sheet list, shared strings, metadata sheet, grid sheet) straight from the package, without
 * building a whole spreadsheet model. Anything unexpected returns null: the caller then uses
 * the full ExcelJS path, which gives the precise French message.
 */
import JSZip from "jszip";
import { FEUILLE_META, lireMeta } from "../../core/metadata";
import type { EtatClasseur } from "../../core/grille";
import type { Valeur } from "../../core/workbook-plan";
import { cheminsFeuilles, decoderXml } from "../paquet";

/** Text of an <si> or <is>: every <t> run joined, phonetic runs left out. */
const texte = (xml: string) => [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "").matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decoderXml(m[1]!)).join("");

function colonne(lettres: string): number {
  let n = 0;
  for (const ch of lettres) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function valeursFeuille(xml: string, partagees: string[]): Valeur[][] {
  const lignes: Valeur[][] = [];
  let largeur = 0;
  for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, lettres, ligne, attributs, corps] = m;
    if (!corps) continue;
    const type = /\bt="([^"]+)"/.exec(attributs!)?.[1] ?? "n";
    let v: Valeur = null;
    if (type === "inlineStr") v = texte(corps);
    else {
      const brut = /<v>([\s\S]*?)<\/v>/.exec(corps)?.[1];
      if (brut === undefined) continue;
      if (type === "s") v = partagees[Number(brut)] ?? null;
      else if (type === "str" || type === "e") v = decoderXml(brut);
      else if (type === "b") v = brut === "1";
      else v = Number(brut);
    }
    if (v === "") continue;
    const r = Number(ligne) - 1;
    const c = colonne(lettres!);
    while (lignes.length <= r) lignes.push([]);
    lignes[r]![c] = v;
    largeur = Math.max(largeur, c + 1);
  }
  return lignes.map((l) => Array.from({ length: largeur }, (_, i) => l[i] ?? null));
}

export async function lireEtatRapide(octets: Uint8Array, source: string): Promise<EtatClasseur | null> {
  try {
    if (octets[0] !== 0x50 || octets[1] !== 0x4b) return null;
    const zip = await JSZip.loadAsync(octets);
    if (!zip.file("xl/workbook.xml")) return null;
    const feuilles = await cheminsFeuilles(zip);
    const partage = (await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "";
    const partagees = [...partage.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texte(m[1]!));
    const cheminMeta = feuilles.get(FEUILLE_META);
    if (!cheminMeta) return null;
    const meta = lireMeta(valeursFeuille((await zip.file(cheminMeta)?.async("string")) ?? "", partagees), source);
    if (!meta) return null;
    const cheminGrille = feuilles.get(meta.feuilleGrille);
    if (!cheminGrille) return null;
    const grille = valeursFeuille((await zip.file(cheminGrille)?.async("string")) ?? "", partagees);
    return { feuilles: [...feuilles.keys()], meta, grille: { feuille: meta.feuilleGrille, valeurs: grille } };
  } catch {
    return null;
  }
}
