/**
 * Small helpers over Open XML packages (.xlsx, .docx as ZIP archives), shared by the adapters
 * that touch parts the libraries do not: charts, content controls, workbook packages.
 */

const ENTITES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text or attribute value → plain text. */
export const decoderXml = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITES[e]!,
  );

/** "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels" */
export const relsDe = (chemin: string) => chemin.replace(/([^/]+)$/, "_rels/$1.rels");

/** A relationships part around the given <Relationship/> elements. */
export const relationsXml = (corps: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${corps}</Relationships>`;

/** The internal relationships of a .rels part: id → type and target (as written). */
export function lireRelations(xml: string): Map<string, { type: string; cible: string }> {
  const out = new Map<string, { type: string; cible: string }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*\/>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const type = /Type="([^"]+)"/.exec(m[0])?.[1] ?? "";
    const cible = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && cible && !/TargetMode="External"/.test(m[0])) out.set(id, { type, cible });
  }
  return out;
}

/** The folder of a part, with its trailing slash. */
export const dossierDe = (chemin: string) => chemin.slice(0, chemin.lastIndexOf("/") + 1);

/** A relationship target resolved against the folder of its source part. */
export function resoudre(dossier: string, cible: string): string {
  const parts = (cible.startsWith("/") ? cible.slice(1) : dossier + cible).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== ".") out.push(p);
  }
  return out.join("/");
}
