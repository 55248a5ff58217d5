/**
 * Hand-built workbook packages, to try the reader on what other writers do: `x:` prefixes,
 * inline or shared strings, an empty <si/>, rich-text runs with phonetic text, CDATA, numeric
 * entities, formulas with or without cached values, dates, booleans, a DOCTYPE, xlsm content types.
 */
import { ecrireZip } from "../../src/hosts/ooxml/zip";
import { estFormule, lettreColonne, type ValeurPlan } from "../../src/core/workbook-plan";

export interface OptionsPaquet {
  /** Prefix of the main namespace ("x:"), or "" for a default namespace. */
  prefixe?: string;
  chaines?: "partagees" | "inline";
  /** An empty <si/> first in the shared strings. */
  siVide?: boolean;
  /** Strings split into rich-text runs, with a phonetic run that must be ignored. */
  enrichi?: boolean;
  cdata?: boolean;
  /** Non-ASCII characters written as numeric entities. */
  entites?: boolean;
  doctype?: boolean;
  /** Main part content type: .xlsm. */
  xlsm?: boolean;
  /** Cells given as [sheet, A1] hold a formula with this cached value (null: none). */
  formules?: Map<string, ValeurPlan>;
  /** Cells given as [sheet, A1] hold a date (serial number with a date style). */
  dates?: Map<string, number>;
  /** XML put after <sheetData> in a sheet (by sheet name): data validations, merges… */
  apresDonnees?: Record<string, string>;
}

export interface FeuilleBrute {
  nom: string;
  lignes: ValeurPlan[][];
  etat?: "visible" | "hidden" | "veryHidden";
}

export async function paquetFabrique(feuilles: FeuilleBrute[], o: OptionsPaquet = {}): Promise<Uint8Array> {
  const x = o.prefixe ?? "";
  const ns = `xmlns${x ? `:${x.slice(0, -1)}` : ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`;
  const doctype = o.doctype ? '<!DOCTYPE x [<!ENTITY e "entité">]>' : "";
  const texte = (s: string) => {
    let t = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    if (o.entites) t = t.replace(/[^\x20-\x7e]/gu, (c) => `&#${c.codePointAt(0)};`);
    return o.cdata && !s.includes("]]>") ? `<![CDATA[${s}]]>` : t;
  };
  const runs = (s: string) => {
    if (!o.enrichi || s.length < 2) return `<${x}t xml:space="preserve">${texte(s)}</${x}t>`;
    const m = Math.floor(s.length / 2);
    return `<${x}r><${x}rPr><${x}b/></${x}rPr><${x}t xml:space="preserve">${texte(s.slice(0, m))}</${x}t></${x}r><${x}r><${x}t xml:space="preserve">${texte(s.slice(m))}</${x}t></${x}r><${x}rPh sb="0" eb="1"><${x}t>フリガナ</${x}t></${x}rPh>`;
  };
  const partagees: string[] = o.siVide ? [""] : [];
  const index = new Map<string, number>();
  const cellule = (feuille: string, ref: string, v: ValeurPlan): string => {
    const cle = `${feuille}!${ref}`;
    if (o.formules?.has(cle)) {
      const cache = o.formules.get(cle)!;
      const f = `<${x}f>1+1</${x}f>`;
      if (cache === null) return `<${x}c r="${ref}">${f}</${x}c>`;
      if (typeof cache === "string") return `<${x}c r="${ref}" t="str">${f}<${x}v>${texte(cache)}</${x}v></${x}c>`;
      return `<${x}c r="${ref}">${f}<${x}v>${String(cache)}</${x}v></${x}c>`;
    }
    if (o.dates?.has(cle)) return `<${x}c r="${ref}" s="1"><${x}v>${o.dates.get(cle)}</${x}v></${x}c>`;
    if (v === null || v === "") return "";
    if (estFormule(v)) return `<${x}c r="${ref}"><${x}f>${texte(v.formule)}</${x}f></${x}c>`;
    if (typeof v === "number") return `<${x}c r="${ref}"><${x}v>${v}</${x}v></${x}c>`;
    if (typeof v === "boolean") return `<${x}c r="${ref}" t="b"><${x}v>${v ? 1 : 0}</${x}v></${x}c>`;
    if (o.chaines === "inline") return `<${x}c r="${ref}" t="inlineStr"><${x}is>${runs(v)}</${x}is></${x}c>`;
    let i = index.get(v);
    if (i === undefined) {
      i = partagees.push(v) - 1;
      index.set(v, i);
    }
    return `<${x}c r="${ref}" t="s"><${x}v>${i}</${x}v></${x}c>`;
  };
  const parties: Record<string, string> = {};
  feuilles.forEach((f, k) => {
    const lignes = f.lignes.map((l, r) => `<${x}row r="${r + 1}">${l.map((v, c) => cellule(f.nom, `${lettreColonne(c)}${r + 1}`, v)).join("")}</${x}row>`).join("");
    parties[`xl/worksheets/sheet${k + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8"?>${doctype}<${x}worksheet ${ns}><${x}sheetData>${lignes}</${x}sheetData>${o.apresDonnees?.[f.nom] ?? ""}</${x}worksheet>`;
  });
  const echapperAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  parties["xl/workbook.xml"] =
    `<?xml version="1.0" encoding="UTF-8"?>${doctype}<${x}workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${x}sheets>` +
    feuilles.map((f, k) => `<${x}sheet name="${echapperAttr(f.nom)}" sheetId="${k + 1}"${f.etat && f.etat !== "visible" ? ` state="${f.etat}"` : ""} r:id="rId${k + 1}"/>`).join("") +
    `</${x}sheets></${x}workbook>`;
  const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  parties["xl/_rels/workbook.xml.rels"] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    feuilles.map((_, k) => `<Relationship Id="rId${k + 1}" Type="${R}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`).join("") +
    `<Relationship Id="rIdS" Type="${R}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${R}/styles" Target="styles.xml"/></Relationships>`;
  parties["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?>${doctype}<${x}sst ${ns} count="${partagees.length}" uniqueCount="${partagees.length}">${partagees.map((s) => (s === "" ? `<${x}si/>` : `<${x}si>${runs(s)}</${x}si>`)).join("")}</${x}sst>`;
  parties["xl/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><${x}styleSheet ${ns}><${x}numFmts count="1"><${x}numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></${x}numFmts><${x}fonts count="1"><${x}font><${x}sz val="11"/></${x}font></${x}fonts><${x}fills count="1"><${x}fill><${x}patternFill patternType="none"/></${x}fill></${x}fills><${x}borders count="1"><${x}border/></${x}borders><${x}cellXfs count="2"><${x}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><${x}xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></${x}cellXfs></${x}styleSheet>`;
  parties["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const principal = o.xlsm ? "application/vnd.ms-excel.sheet.macroEnabled.main+xml" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  parties["[Content_Types].xml"] =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${principal}"/>` +
    feuilles.map((_, k) => `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
  const ordre = ["[Content_Types].xml", "_rels/.rels", ...Object.keys(parties).filter((n) => n !== "[Content_Types].xml" && n !== "_rels/.rels")];
  return ecrireZip(ordre.map((nom) => ({ nom, contenu: parties[nom]! })));
}
