/**
 * Writes a WorkbookPlan of plain data — values, column widths and formats, bold rows, row
 * heights, frozen panes, colour scales, conditional fills, page setup, charts — straight to
 * SpreadsheetML, row block after row block, each block deflated as soon as it is written: memory
 * holds a block of rows and the compressed package, never an object per cell (ExcelJS keeps about
 * 1 KB per cell: 10,000 establishments × 60 columns would not fit). Used for the national
 * consolidation (Node only: native zlib). Plans with formulas, validations, protection or tables
 * are ExcelJS's (`appliquerPlan`): `planEnFlux` says which.
 */
import { createDeflateRaw, crc32 as crc32Natif } from "node:zlib";
import { codesEnTete, formatsCellules, lettreColonne, estFormule, type FeuillePlan, type ValeurPlan, type WorkbookPlan } from "../../core/workbook-plan";
import { ecrireZip, type EntreeAEcrire } from "../ooxml/zip";
import { ajouterGraphiques } from "./graphiques";

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/**
 * Rows per block handed to the compressor: a block's text (a few hundred Ko) dies young, instead of
 * the megabytes of 2,000-row blocks that outlived collections (10,000 establishments: peak memory
 * 390 → 270 Mo, measured 26/11/2026).
 */
const LIGNES_PAR_BLOC = 500;
/** Excel's limit for one cell's text: a longer list is cut, with an ellipsis. */
const CARACTERES_CELLULE_MAX = 32767;

/** Can this plan be written here? (no formula, validation, protection nor table) */
export function planEnFlux(plan: WorkbookPlan): boolean {
  return plan.feuilles.every((f) => !f.tableau && !f.protection && !f.validations.length && !f.lignes.some((l) => l.some((v) => estFormule(v))));
}

// eslint-disable-next-line no-control-regex -- the characters XML cannot hold
const INTERDITS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const echapper = (s: string) => s.replace(INTERDITS, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const echapperAttr = (s: string) => echapper(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

const FORMATS_INTEGRES: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10, "@": 49 };

/** Cell formats (number format, bold, wrap) and conditional fills, numbered as they come. */
class Styles {
  private readonly xfs = new Map<string, number>([["0|0|0", 0]]);
  private readonly formats = new Map<string, number>();
  private readonly dxfs: string[] = [];

  xf(format: string, gras: boolean, retour: boolean): number {
    let id = FORMATS_INTEGRES[format];
    if (id === undefined) {
      id = this.formats.get(format) ?? 164 + this.formats.size;
      this.formats.set(format, id);
    }
    const cle = `${id}|${gras ? 1 : 0}|${retour ? 1 : 0}`;
    let n = this.xfs.get(cle);
    if (n === undefined) this.xfs.set(cle, (n = this.xfs.size));
    return n;
  }

  dxf(fond: string, police?: string): number {
    this.dxfs.push(`<dxf>${police ? `<font><b/><color rgb="${argb(police)}"/></font>` : ""}<fill><patternFill patternType="solid"><bgColor rgb="${argb(fond)}"/></patternFill></fill></dxf>`);
    return this.dxfs.length - 1;
  }

  xml(): string {
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${echapperAttr(code)}"/>`);
    const xfs = [...this.xfs.keys()].map((cle) => {
      const [format, gras, retour] = cle.split("|");
      return `<xf numFmtId="${format}" fontId="${gras}" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="top"${retour === "1" ? ' wrapText="1"' : ""}/></xf>`;
    });
    const police = (gras: boolean) => `<font>${gras ? "<b/>" : ""}<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`;
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS}">` +
      (formats.length ? `<numFmts count="${formats.length}">${formats.join("")}</numFmts>` : "") +
      `<fonts count="2">${police(false)}${police(true)}</fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join("")}</dxfs>` +
      `<tableStyles count="0"/></styleSheet>`
    );
  }
}

let TABLE: Uint32Array | null = null;
/** CRC-32 continued over a new piece (Node's own from 20.15 on). */
function crcSuite(octets: Uint8Array, precedent: number): number {
  if (typeof crc32Natif === "function") return crc32Natif(octets, precedent);
  if (!TABLE) {
    TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE[n] = c >>> 0;
    }
  }
  let c = (precedent ^ 0xffffffff) >>> 0;
  for (let i = 0; i < octets.length; i++) c = TABLE[(c ^ octets[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One entry deflated piece by piece: the text is never held whole. */
class EntreeDeflatee {
  private readonly z = createDeflateRaw({ level: 6 });
  private readonly sortie: Buffer[] = [];
  private crc = 0;
  private taille = 0;
  private readonly fin: Promise<void>;

  constructor(readonly nom: string) {
    this.z.on("data", (d: Buffer) => this.sortie.push(d));
    this.fin = new Promise((ok, ko) => {
      this.z.on("end", ok);
      this.z.on("error", ko);
    });
  }

  async ecrire(texte: string): Promise<void> {
    const octets = Buffer.from(texte, "utf8");
    this.crc = crcSuite(octets, this.crc);
    this.taille += octets.length;
    if (!this.z.write(octets)) await new Promise((ok) => this.z.once("drain", ok));
  }

  async terminer(): Promise<EntreeAEcrire> {
    this.z.end();
    await this.fin;
    return { nom: this.nom, deflate: new Uint8Array(Buffer.concat(this.sortie)), crc: this.crc >>> 0, taille: this.taille };
  }
}

function valeurCellule(ref: string, v: ValeurPlan, s: number): string {
  if (v === null || v === undefined || v === "" || estFormule(v)) return "";
  const style = s ? ` s="${s}"` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${style}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}"${style} t="b"><v>${v ? 1 : 0}</v></c>`;
  const t = v.length > CARACTERES_CELLULE_MAX ? `${v.slice(0, CARACTERES_CELLULE_MAX - 1)}…` : v;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${echapper(t)}</t></is></c>`;
}

async function ecrireFeuille(f: FeuillePlan, chemin: string, styles: Styles, active: boolean): Promise<EntreeAEcrire> {
  const e = new EntreeDeflatee(chemin);
  const largeur = f.colonnes.length;
  const derniere = `${lettreColonne(Math.max(0, largeur - 1))}${Math.max(1, f.lignes.length)}`;
  const m = f.miseEnPage;
  const pane = (() => {
    const x = f.figer?.colonnes ?? 0;
    const y = f.figer?.lignes ?? 0;
    if (!x && !y) return "";
    const zone = x && y ? "bottomRight" : y ? "bottomLeft" : "topRight";
    return `<pane${x ? ` xSplit="${x}"` : ""}${y ? ` ySplit="${y}"` : ""} topLeftCell="${lettreColonne(x)}${y + 1}" activePane="${zone}" state="frozen"/><selection pane="${zone}"/>`;
  })();
  await e.ecrire(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${NS_R}">` +
      (m?.uneLargeur ? `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` : "") +
      `<dimension ref="A1:${derniere}"/>` +
      `<sheetViews><sheetView workbookViewId="0"${f.droiteAGauche ? ' rightToLeft="1"' : ""}${active ? ' tabSelected="1"' : ""}>${pane}</sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/>` +
      (largeur ? `<cols>${f.colonnes.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.largeur}" customWidth="1"${c.masquee ? ' hidden="1" outlineLevel="1"' : ""}/>`).join("")}</cols>` : "") +
      `<sheetData>`,
  );
  // Per-cell formats only when the plan has ranges of its own; otherwise the column's.
  const formats = f.formats?.length ? formatsCellules(f) : null;
  const gras = new Set(f.lignesGras ?? []);
  const lettres = f.colonnes.map((_, i) => lettreColonne(i));
  const styleCol = (r: number, i: number) => styles.xf(formats ? formats[r]![i]! : (f.colonnes[i]!.format ?? "General"), r === 0 || gras.has(r + 1), f.colonnes[i]!.retourALaLigne ?? false);
  let bloc: string[] = [];
  for (let r = 0; r < f.lignes.length; r++) {
    const l = f.lignes[r]!;
    const h = f.hauteurs?.[r];
    let cellules = "";
    for (let i = 0; i < largeur; i++) cellules += valeurCellule(`${lettres[i]}${r + 1}`, l[i] ?? null, styleCol(r, i));
    bloc.push(`<row r="${r + 1}"${h ? ` ht="${h}" customHeight="1"` : ""}>${cellules}</row>`);
    if (bloc.length >= LIGNES_PAR_BLOC) {
      await e.ecrire(bloc.join(""));
      bloc = [];
    }
  }
  const fin: string[] = [bloc.join(""), "</sheetData>"];
  let priorite = 1;
  for (const mf of f.misesEnForme) {
    fin.push(`<conditionalFormatting sqref="${mf.plage}"><cfRule type="expression" dxfId="${styles.dxf(mf.fond, mf.police)}" priority="${priorite++}"><formula>${echapper(mf.formule)}</formula></cfRule></conditionalFormatting>`);
  }
  for (const s of f.echelles ?? []) {
    fin.push(
      `<conditionalFormatting sqref="${s.plage}"><cfRule type="colorScale" priority="${priorite++}"><colorScale>` +
        `<cfvo type="num" val="${s.min}"/><cfvo type="num" val="${(s.min + s.max) / 2}"/><cfvo type="num" val="${s.max}"/>` +
        `<color rgb="FFF8696B"/><color rgb="FFFFEB84"/><color rgb="FF63BE7B"/></colorScale></cfRule></conditionalFormatting>`,
    );
  }
  if (m) {
    const { enTete, pied } = codesEnTete(m);
    if (m.quadrillage) fin.push(`<printOptions gridLines="1"/>`);
    fin.push(`<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`);
    fin.push(`<pageSetup paperSize="9" orientation="${m.orientation === "paysage" ? "landscape" : "portrait"}"${m.uneLargeur ? ' fitToWidth="1" fitToHeight="0"' : ""}/>`);
    if (enTete || pied) fin.push(`<headerFooter>${enTete ? `<oddHeader>${echapper(enTete)}</oddHeader>` : ""}${pied ? `<oddFooter>${echapper(pied)}</oddFooter>` : ""}</headerFooter>`);
  }
  fin.push("</worksheet>");
  await e.ecrire(fin.join(""));
  return e.terminer();
}

/** The plan as a new .xlsx package (charts included). */
export async function ecrirePlanEnFlux(plan: WorkbookPlan, o: { createur?: string } = {}): Promise<Uint8Array> {
  if (!planEnFlux(plan)) throw new Error("plan avec formules, validations, protection ou tableau : à écrire avec ExcelJS");
  const styles = new Styles();
  const entrees: EntreeAEcrire[] = [];
  const actif = Math.max(0, plan.feuilles.findIndex((f) => f.nom === plan.activer));
  const feuilles: EntreeAEcrire[] = [];
  for (const [i, f] of plan.feuilles.entries()) feuilles.push(await ecrireFeuille(f, `xl/worksheets/sheet${i + 1}.xml`, styles, i === actif));
  const n = plan.feuilles.length;
  const noms: string[] = [];
  plan.feuilles.forEach((f, i) => {
    const nom = `'${f.nom.replace(/'/g, "''")}'`;
    if (f.miseEnPage?.lignesRepetees) noms.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${echapper(`${nom}!$1:$${f.miseEnPage.lignesRepetees}`)}</definedName>`);
    if (f.miseEnPage?.zone) noms.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${echapper(`${nom}!${f.miseEnPage.zone.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`)}</definedName>`);
  });
  const maintenant = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  entrees.push(
    {
      nom: "[Content_Types].xml",
      contenu:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        plan.feuilles.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    },
    {
      nom: "_rels/.rels",
      contenu: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    },
    {
      nom: "docProps/core.xml",
      contenu: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${echapper(o.createur ?? "Qualité EPS")}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${maintenant}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${maintenant}</dcterms:modified></cp:coreProperties>`,
    },
    {
      nom: "xl/workbook.xml",
      contenu:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView activeTab="${actif}"/></bookViews><sheets>` +
        plan.feuilles.map((f, i) => `<sheet name="${echapperAttr(f.nom)}" sheetId="${i + 1}"${f.visibilite === "veryHidden" ? ' state="veryHidden"' : ""} r:id="rId${i + 1}"/>`).join("") +
        `</sheets>${noms.length ? `<definedNames>${noms.join("")}</definedNames>` : ""}</workbook>`,
    },
    {
      nom: "xl/_rels/workbook.xml.rels",
      contenu:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        plan.feuilles.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
        `<Relationship Id="rId${n + 1}" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`,
    },
    ...feuilles,
    { nom: "xl/styles.xml", contenu: styles.xml() },
  );
  const graphiques = new Map(plan.feuilles.filter((f) => f.graphiques?.length).map((f) => [f.nom, f.graphiques!]));
  return ajouterGraphiques(await ecrireZip(entrees), graphiques);
}
