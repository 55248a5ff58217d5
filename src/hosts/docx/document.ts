/**
 * File adapter for documents: renders a DocumentPlan with the `docx` library (CLI, browser file
 * mode, tests), each section in a block content control (w:sdt) tagged with its section id, and
 * merges a new assembly into an existing .docx without touching the writer's own text.
 */
import {
  AlignmentType,
  BorderStyle,
  BuilderElement,
  Document,
  FileChild,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LevelSuffix,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  XmlComponent,
  type IStylesOptions,
} from "docx";
import { estimatePageNumbers } from "docx/layout";
import { ChartRun } from "docx/charts";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { decoderXml, dossierDe, lireRelations, relationsXml, relsDe, resoudre } from "../paquet";
import { ErreurUtilisateur } from "../../core/referential";
import { largeursColonnes } from "../../core/mesure-texte";
import { analyserJson } from "../../core/json";
import { TAG_COUVERTURE, type Bloc, type DocumentPlan, type ReponsesDocument } from "../../core/pe/document";
import { proprietesReponses } from "../../core/pe/proprietes";


/** A block-level content control: <w:sdt><w:sdtPr>tag, alias</w:sdtPr><w:sdtContent>…</w:sdtContent></w:sdt>. */
class ControleContenu extends FileChild {
  constructor(tag: string, alias: string, enfants: FileChild[]) {
    super("w:sdt");
    this.root.push(
      new BuilderElement({
        name: "w:sdtPr",
        children: [
          new BuilderElement<{ val: string }>({ name: "w:alias", attributes: { val: { key: "w:val", value: alias } } }),
          new BuilderElement<{ val: string }>({ name: "w:tag", attributes: { val: { key: "w:val", value: tag } } }),
        ],
      }),
    );
    const contenu = new (class extends XmlComponent {
      constructor() {
        super("w:sdtContent");
        for (const e of enfants) this.root.push(e);
      }
    })();
    this.root.push(contenu);
  }
}

const NIVEAUX = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/* ---------- One design for every document: colours, sizes, page ---------- */

/** Teal of the add-in, dark grey for text, light grey for rules. */
const COULEUR = "0F766E";
const TEXTE = "262626";
const DISCRET = "595959";
const FILET = "BFBFBF";
const FOND_ENTETE = "E6F2F0";
/** A4 with 2 cm margins: 11 906 × 16 838 twips; the text is 9 638 twips (481.9 pt) wide. */
const MARGE = 1134;
const LARGEUR_TEXTE_PT = (11906 - 2 * MARGE) / 20;
/** Table text in points, and a cell's left + right padding. */
const TAILLE_TABLEAU = 9.5;
const MARGE_CELLULE_TWIPS = 85;
export const MISE_EN_PAGE_DOCX = { largeurTextePt: LARGEUR_TEXTE_PT, tailleTableauPt: TAILLE_TABLEAU, margeCellulePt: (2 * MARGE_CELLULE_TWIPS) / 20 } as const;

/** Room left beside the longest word of a column, for the renderer's rounding and borders. */
const MARGE_SURETE_PT = 4;

const pt = (x: number) => Math.round(x * 2); // half-points for font sizes

function rendreBloc(b: Bloc): FileChild[] {
  switch (b.type) {
    case "titre":
      return [new Paragraph({ text: b.texte, heading: NIVEAUX[b.niveau] })];
    case "image":
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 600, after: 0 },
          children: [new ImageRun({ type: b.format, data: b.base64, transformation: { width: Math.round((b.largeur * 96) / 72), height: Math.round((b.hauteur * 96) / 72) }, altText: { name: "Logo", description: "Logo", title: "Logo" } })],
        }),
      ];
    case "paragraphe": {
      if (b.style === "titreDocument") return [new Paragraph({ style: "QeCouvertureTitre", children: [new TextRun({ text: b.texte })] })];
      if (b.style === "sousTitreDocument") return [new Paragraph({ style: "QeCouvertureSousTitre", children: [new TextRun({ text: b.texte })] })];
      if (b.style === "mentionDocument") return [new Paragraph({ style: "QeMention", children: [new TextRun({ text: b.texte })] })];
      if (b.style === "intertitre") return [new Paragraph({ style: "QeIntertitre", children: [new TextRun({ text: b.texte })] })];
      const runs = [
        ...(b.libelle ? [new TextRun({ text: `${b.libelle} : `, bold: true })] : []),
        new TextRun({ text: b.texte, ...(b.style === "manquant" ? { italics: true, color: "B00020", highlight: "yellow" as const } : {}) }),
      ];
      return [new Paragraph({ children: runs })];
    }
    case "liste":
      return b.elements.map((e) => new Paragraph({ style: "QeListe", children: [new TextRun(`•\t${e}`)] }));
    case "radar":
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          children: [
            new ChartRun({
              type: "radar",
              title: b.titre,
              categories: b.categories,
              series: [{ name: b.nomSerie, values: b.valeurs }],
              markers: true,
              valueAxis: { minimum: b.min, maximum: b.max },
              transformation: { width: 560, height: 400 },
            }),
          ],
        }),
      ];
    case "tableau":
      return [tableau(b.entetes, b.lignes), new Paragraph({ text: "", spacing: { after: 60 } })];
  }
}

/** A table of the house style: columns fitted to their text, header row repeated on each page. */
function tableau(entetes: string[], lignes: string[][]): Table {
  const largeurs = largeursColonnes(entetes, lignes, LARGEUR_TEXTE_PT, { taillePt: TAILLE_TABLEAU, marge: MISE_EN_PAGE_DOCX.margeCellulePt + MARGE_SURETE_PT });
  const twips = largeurs.map((l) => Math.floor(l * 20));
  const filet = { style: BorderStyle.SINGLE, size: 4, color: FILET };
  const cellule = (texte: string, i: number, entete: boolean, paire: boolean) =>
    new TableCell({
      width: { size: twips[i]!, type: WidthType.DXA },
      margins: { left: MARGE_CELLULE_TWIPS, right: MARGE_CELLULE_TWIPS, top: 40, bottom: 40 },
      ...(entete ? { shading: { type: ShadingType.CLEAR, fill: FOND_ENTETE, color: "auto" } } : paire ? { shading: { type: ShadingType.CLEAR, fill: "F7FAF9", color: "auto" } } : {}),
      children: [new Paragraph({ style: "QeTableau", children: [new TextRun({ text: texte, bold: entete, ...(entete ? { color: COULEUR } : {}) })] })],
    });
  return new Table({
    width: { size: twips.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    borders: { top: filet, bottom: filet, left: filet, right: filet, insideHorizontal: filet, insideVertical: filet },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: entetes.map((h, i) => cellule(h, i, true, false)) }),
      ...lignes.map((l, r) => new TableRow({ cantSplit: true, children: entetes.map((_, i) => cellule(l[i] ?? "", i, false, r % 2 === 1)) })),
    ],
  });
}

/** Heading 1 and 2 numbered "1." and "1.1." by one list bound to the styles (navigation pane, TOC). */
const NUMEROTATION_TITRES = {
  reference: "qe-titres",
  levels: [
    // A space after the number (not a tab): "10. Partenariats" lines up like "1. Histoire" in the table of contents.
    { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE, style: { paragraph: { indent: { left: 0, hanging: 0 } } } },
    { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2.", alignment: AlignmentType.LEFT, suffix: LevelSuffix.SPACE, style: { paragraph: { indent: { left: 0, hanging: 0 } } } },
  ],
};

const STYLES: IStylesOptions = {
  default: {
    document: { run: { font: "Calibri", size: pt(11), color: TEXTE }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
    title: { run: { font: "Calibri", size: pt(26), bold: true, color: COULEUR }, paragraph: { spacing: { before: 240, after: 240 } } },
    heading1: {
      run: { font: "Calibri", size: pt(16), bold: true, color: COULEUR },
      paragraph: { numbering: { reference: NUMEROTATION_TITRES.reference, level: 0 }, spacing: { before: 360, after: 160 }, keepNext: true, keepLines: true, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: COULEUR, space: 4 } } },
    },
    heading2: {
      run: { font: "Calibri", size: pt(13), bold: true, color: COULEUR },
      paragraph: { numbering: { reference: NUMEROTATION_TITRES.reference, level: 1 }, spacing: { before: 280, after: 120 }, keepNext: true, keepLines: true },
    },
    heading3: { run: { font: "Calibri", size: pt(11.5), bold: true, color: TEXTE }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, keepLines: true } },
  },
  paragraphStyles: [
    { id: "QeCouvertureTitre", name: "Titre de couverture", basedOn: "Normal", next: "Normal", run: { size: pt(32), bold: true, color: COULEUR }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 480 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COULEUR, space: 12 } } } },
    { id: "QeCouvertureSousTitre", name: "Sous-titre de couverture", basedOn: "Normal", next: "Normal", run: { size: pt(18), color: TEXTE }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } } },
    { id: "QeMention", name: "Mention de couverture", basedOn: "Normal", next: "Normal", run: { size: pt(12), color: DISCRET }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 60, after: 60 } } },
    { id: "QeIntertitre", name: "Intertitre", basedOn: "Normal", next: "Normal", run: { bold: true, color: COULEUR }, paragraph: { spacing: { before: 160, after: 60 }, keepNext: true } },
    { id: "QeListe", name: "Liste Qualité EPS", basedOn: "Normal", next: "QeListe", paragraph: { indent: { left: 360, hanging: 240 }, spacing: { after: 60 } } },
    { id: "QeTableau", name: "Texte de tableau", basedOn: "Normal", next: "QeTableau", run: { size: pt(TAILLE_TABLEAU) }, paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
    { id: "QeEnTete", name: "En-tête Qualité EPS", basedOn: "Normal", run: { size: pt(8.5), color: DISCRET }, paragraph: { spacing: { after: 0 } } },
  ],
};


/**
 * Whether docx's page-number estimate stays fast for this plan. Its line breaker slows down on
 * every word wider than its line or cell (about 1 ms per character of such words: a URL costs
 * 0.1 s, a 5,000-character word 6 s, a 100,000-character one minutes) and on very long
 * documents; past a budget the table of contents is written without page numbers (Word fills
 * them on opening, `updateFields`). Widths are in em of 11-pt Calibri on a line of about 36 em;
 * a cell of an n-column table has 36/n em, less its padding.
 */
export function paginationEstimable(plan: DocumentPlan): boolean {
  const LIGNE = 36;
  const TEXTE_MAX = 100_000;
  const TROP_LARGES_MAX = 500;
  const largeur = (mot: string) => {
    let l = 0;
    for (const c of mot) l += /[a-z0-9.,;:'’-]/.test(c) ? 0.5 : /[A-Z]/.test(c) ? 0.65 : 0.9;
    return l;
  };
  let total = 0;
  let tropLarges = 0;
  const tient = (texte: string, place: number) => {
    total += texte.length;
    for (const mot of texte.split(/\s+/)) if (mot.length * 0.5 > place || largeur(mot) > place) tropLarges += mot.length;
    return total <= TEXTE_MAX && tropLarges <= TROP_LARGES_MAX;
  };
  const bloc = (b: Bloc) => {
    switch (b.type) {
      case "titre":
        return tient(b.texte, LIGNE);
      case "paragraphe":
        return tient(`${b.libelle ?? ""} ${b.texte}`, LIGNE);
      case "liste":
        return b.elements.every((e) => tient(e, LIGNE - 1));
      case "radar":
        return true;
      case "tableau": {
        const place = LIGNE / Math.max(1, b.entetes.length) - 0.6;
        return [b.entetes, ...b.lignes].every((l) => l.every((c) => tient(c, place)));
      }
    }
  };
  return plan.couverture.every(bloc) && plan.regions.every((r) => r.blocs.every(bloc));
}

export function documentDocx(plan: DocumentPlan, reponses: ReponsesDocument): Document {
  // The cover's mentions (version, status, direction) sit lower on the page than its title.
  const premiereMention = plan.couverture.findIndex((b) => b.type === "paragraphe" && b.style === "mentionDocument");
  const blocsCouverture = plan.couverture.flatMap((b, i) =>
    i === premiereMention && b.type === "paragraphe" ? [new Paragraph({ style: "QeMention", spacing: { before: 2400 }, children: [new TextRun({ text: b.texte })] })] : rendreBloc(b),
  );
  const couverture = new ControleContenu(TAG_COUVERTURE(plan.modele.id), "Page de titre et sommaire", [
    ...blocsCouverture,
    ...(plan.sommaire ? [new Paragraph({ text: "Sommaire", heading: HeadingLevel.TITLE, pageBreakBefore: true }), new TableOfContents("Sommaire", { hyperlink: true, headingStyleRange: "1-2" })] : []),
  ]);
  const regions = plan.regions.map((r, i) => {
    const [premier, ...suite] = r.blocs.flatMap(rendreBloc);
    // Each top-level section starts a new page.
    const saut = i === 0 || r.blocs[0]?.type === "titre" && r.blocs[0].niveau === 1 ? [new Paragraph({ children: [], pageBreakBefore: true, spacing: { after: 0 } })] : [];
    return new ControleContenu(r.tag, r.titre, [...saut, ...(premier ? [premier] : []), ...suite]);
  });
  const filet = { style: BorderStyle.SINGLE, size: 4, color: FILET, space: 4 };
  return new Document({
    creator: "Qualité EPS",
    title: plan.titre,
    description: `Modèle ${plan.modele.id} ${plan.modele.version}`,
    customProperties: proprietesReponses(reponses),
    // Page numbers of the table of contents estimated when writing (LibreOffice and viewers
    // show them as written); Word refreshes them on opening.
    ...(paginationEstimable(plan) ? { pageNumbers: estimatePageNumbers } : {}),
    features: { updateFields: true },
    styles: STYLES,
    numbering: { config: [NUMEROTATION_TITRES] },
    sections: [
      {
        properties: {
          // The cover has neither running header nor page number.
          titlePage: true,
          page: { size: { width: 11906, height: 16838 }, margin: { top: MARGE + 284, bottom: MARGE, left: MARGE, right: MARGE, header: 567, footer: 567 } },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ style: "QeEnTete", alignment: AlignmentType.RIGHT, border: { bottom: filet }, children: [new TextRun(plan.enTete)] })] }),
          first: new Header({ children: [new Paragraph({ style: "QeEnTete", children: [] })] }),
        },
        footers: {
          default: new Footer({ children: [new Paragraph({ style: "QeEnTete", alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " sur ", PageNumber.TOTAL_PAGES] })] })] }),
          first: new Footer({ children: [new Paragraph({ style: "QeEnTete", children: [] })] }),
        },
        children: [couverture, ...regions],
      },
    ],
  });
}

export async function ecrireDocx(plan: DocumentPlan, reponses: ReponsesDocument): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(documentDocx(plan, reponses)));
}

/* ---------- Reading back and merging ---------- */

interface Morceau {
  xml: string;
  tag: string | null;
}

/** Top-level children of <w:body>, our tagged controls recognised. */
function morceauxCorps(xml: string, source: string): { avant: string; morceaux: Morceau[]; sectPr: string; apres: string } {
  const debut = xml.indexOf("<w:body>");
  const fin = xml.lastIndexOf("</w:body>");
  if (debut < 0 || fin < 0) throw new ErreurUtilisateur(`${source} est endommagé : word/document.xml n'a pas de corps <w:body>.`);
  const corps = xml.slice(debut + "<w:body>".length, fin);
  const morceaux: Morceau[] = [];
  let sectPr = "";
  let i = 0;
  // Scanned from `lastIndex`, never on a copy of the rest: linear in the body's size.
  const ouvrant = /<(w:[A-Za-z]+)[\s>/]/g;
  while (i < corps.length) {
    ouvrant.lastIndex = i;
    const m = ouvrant.exec(corps);
    if (!m) break;
    const debutEl = m.index;
    const nom = m[1]!;
    // Find the matching close tag, counting nested elements of the same name.
    let profondeur = 0;
    let j = debutEl;
    const re = new RegExp(`<${nom}(?=[\\s>/])[^>]*?(/?)>|</${nom}>`, "g");
    re.lastIndex = debutEl;
    let finEl = -1;
    for (let t = re.exec(corps); t; t = re.exec(corps)) {
      if (t[0].startsWith("</")) profondeur--;
      else if (t[1] !== "/") profondeur++;
      j = re.lastIndex;
      if (profondeur === 0) {
        finEl = j;
        break;
      }
    }
    if (finEl < 0) throw new ErreurUtilisateur(`${source} est endommagé : dans word/document.xml, l'élément <${nom}> n'est pas fermé.`);
    const el = corps.slice(debutEl, finEl);
    if (nom === "w:sectPr") sectPr = el;
    else {
      const tag = nom === "w:sdt" ? /<w:sdtPr>[\s\S]*?<w:tag w:val="(qe:[^"]+)"/.exec(el)?.[1] ?? null : null;
      morceaux.push({ xml: el, tag });
    }
    i = finEl;
  }
  return { avant: xml.slice(0, debut + "<w:body>".length), morceaux, sectPr, apres: xml.slice(fin) };
}

/** No part of a document we read may inflate beyond this (a zip bomb stops here, not in memory). */
export const TAILLE_MAX_PARTIE = 100 * 1024 * 1024;

/**
 * A part of a document's package as text, inflated as a stream and given up past
 * TAILLE_MAX_PARTIE; a DOCTYPE (entity expansion, external entities) is refused.
 */
async function lirePartie(zip: JSZip, chemin: string, source: string): Promise<string | undefined> {
  const f = zip.file(chemin);
  if (!f) return undefined;
  const octets = await new Promise<Uint8Array>((ok, ko) => {
    const morceaux: Uint8Array[] = [];
    let taille = 0;
    // JSZip's typings omit internalStream, documented on JSZipObject.
    const flux = (f as unknown as { internalStream(t: "uint8array"): JSZip.JSZipStreamHelper<Uint8Array> }).internalStream("uint8array");
    flux
      .on("data", (m: Uint8Array) => {
        taille += m.byteLength;
        if (taille > TAILLE_MAX_PARTIE) {
          flux.pause();
          ko(new ErreurUtilisateur(`${source} est refusé : sa partie « ${chemin} » dépasse ${TAILLE_MAX_PARTIE / 1024 / 1024} Mo une fois décompressée (archive piégée ?).`));
          return;
        }
        morceaux.push(m);
      })
      .on("error", () => ko(new ErreurUtilisateur(`${source} est endommagé : sa partie « ${chemin} » ne peut pas être décompressée.`)))
      .on("end", () => {
        const tout = new Uint8Array(taille);
        let i = 0;
        for (const m of morceaux) {
          tout.set(m, i);
          i += m.byteLength;
        }
        ok(tout);
      })
      .resume();
  });
  const xml = new TextDecoder().decode(octets);
  verifierXml(xml, chemin, source);
  return xml;
}

/**
 * A part we read or merge must be well-formed XML without a DOCTYPE (entity expansion, external
 * entities): checked by a real parser, in one linear pass, before any text is cut or merged.
 */
function verifierXml(xml: string, chemin: string, source: string): void {
  const p = new SaxesParser({ xmlns: false, position: true });
  p.on("doctype", () => {
    throw new ErreurUtilisateur(`${source} est refusé : une de ses parties XML déclare un DOCTYPE, ce qu'aucun document Word ne contient (fichier fabriqué ou piégé). Rien n'a été lu ni modifié.`);
  });
  try {
    p.write(xml).close();
  } catch (e) {
    if (e instanceof ErreurUtilisateur) throw e;
    throw new ErreurUtilisateur(`${source} est endommagé : sa partie « ${chemin} » n'est pas un XML bien formé (ligne ${p.line}, colonne ${p.column}).`);
  }
}

/** A .docx package, or a French refusal naming the file (not a ZIP, no main document part). */
async function ouvrirDocx(octets: Uint8Array, source: string): Promise<{ zip: JSZip; document: string }> {
  if (octets.byteLength === 0) throw new ErreurUtilisateur(`${source} est vide (0 octet) : ce n'est pas un document Word.`);
  if (octets[0] !== 0x50 || octets[1] !== 0x4b) {
    const cfb = octets[0] === 0xd0 && octets[1] === 0xcf;
    throw new ErreurUtilisateur(
      `${source} n'est pas un document .docx${cfb ? " : c'est un ancien document .doc (Word 97-2003) ou un document protégé par mot de passe, à enregistrer au format .docx sans mot de passe" : ""}.`,
    );
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(octets);
  } catch {
    throw new ErreurUtilisateur(`${source} est endommagé : l'archive .docx ne peut pas être lue.`);
  }
  const document = await lirePartie(zip, "word/document.xml", source);
  if (document === undefined) throw new ErreurUtilisateur(`${source} n'est pas un document Word : « word/document.xml » manque.`);
  return { zip, document };
}

/** The tags of the generated regions a .docx holds. */
export async function regionsDocx(octets: Uint8Array, source = "le document"): Promise<string[]> {
  const { document } = await ouvrirDocx(octets, source);
  return morceauxCorps(document, source).morceaux.flatMap((m) => (m.tag ? [m.tag] : []));
}

async function reponsesDuPaquet(zip: JSZip, source: string): Promise<unknown | null> {
  const xml = (await lirePartie(zip, "docProps/custom.xml", source)) ?? "";
  const morceaux = [...xml.matchAll(/<property [^>]*name="QualiteEPS\.reponses\.(\d+)"[^>]*>\s*<vt:lpwstr>([\s\S]*?)<\/vt:lpwstr>/g)]
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => decoderXml(m[2]!));
  if (!morceaux.length) return null;
  try {
    return analyserJson(morceaux.join(""), `Les réponses enregistrées dans ${source}`);
  } catch (e) {
    if (e instanceof ErreurUtilisateur && /imbriqué/.test(e.message)) throw e;
    return null;
  }
}

/** Answers saved in a .docx by an earlier assembly, if any; a file that is no .docx is refused. */
export async function lireReponsesDocx(octets: Uint8Array, source = "le document"): Promise<unknown | null> {
  const { zip } = await ouvrirDocx(octets, source);
  return reponsesDuPaquet(zip, source);
}

/**
 * The identity of a document we wrote: the template of its tagged regions (qe:<modèle>:…), else
 * of the answers saved in its properties; null for any other document or a file that is no .docx.
 */
export async function modeleDuDocx(octets: Uint8Array): Promise<string | null> {
  try {
    return await identiteDocx(octets, "le document");
  } catch {
    return null;
  }
}

/** The same, but a file that is no readable .docx is refused with its reason (French, naming it). */
export async function identiteDocx(octets: Uint8Array, source: string): Promise<string | null> {
  const { zip, document } = await ouvrirDocx(octets, source);
  const tag = /<w:tag w:val="qe:([a-z0-9][a-z0-9-]*):/.exec(document)?.[1];
  if (tag) return tag;
  const r = await reponsesDuPaquet(zip, source);
  return r && typeof r === "object" && typeof (r as { modele?: unknown }).modele === "string" ? (r as { modele: string }).modele : null;
}

/**
 * Assembles again into an existing document: every generated region is replaced by its new
 * version, except regions marked as written by hand; everything else the writer put in the
 * document (paragraphs between regions, page layout) stays where it is. New regions go after
 * the region that precedes them in the template.
 */
export async function fusionnerDocx(ancien: Uint8Array, nouveau: Uint8Array, manuels: ReadonlySet<string>, source: string): Promise<Uint8Array> {
  const { zip: zipAncien, document: docAncien } = await ouvrirDocx(ancien, source);
  const zipNouveau = await JSZip.loadAsync(nouveau);
  const docNouveau = await zipNouveau.file("word/document.xml")!.async("string");
  const a = morceauxCorps(docAncien, source);
  const n = morceauxCorps(docNouveau, "le nouvel assemblage");
  if (!a.morceaux.some((m) => m.tag)) {
    throw new ErreurUtilisateur(
      `${source} ne contient aucune section générée par Qualité EPS (document d'une autre origine, ou enregistré par un logiciel qui retire les contrôles de contenu). ` +
        `Rien n'a été modifié : choisissez un autre fichier de sortie pour assembler le document.`,
    );
  }
  // Bookmark ids must stay unique in the document: ours move to a range of their own, and a
  // region kept as written by hand loses its old table-of-contents bookmarks (Word rebuilds the
  // table of contents on opening: updateFields).
  const decaler = (xml: string) => xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?w:id=")(\d+)"/g, (_, debut: string, id: string) => `${debut}${90000 + Number(id)}"`);
  const sansSignets = (xml: string) => {
    const ids = new Set([...xml.matchAll(/<w:bookmarkStart\b[^>]*w:name="_Toc\d+"[^>]*\/>/g)].map((m) => /w:id="(\d+)"/.exec(m[0])?.[1]));
    return xml.replace(/<w:bookmark(?:Start|End)\b[^>]*?w:id="(\d+)"[^>]*\/>/g, (tout, id: string) => (ids.has(id) ? "" : tout));
  };
  const nouveaux = new Map(n.morceaux.filter((m) => m.tag).map((m) => [m.tag!, decaler(m.xml)]));
  await porterRelations(zipNouveau, zipAncien, nouveaux, source);
  const ordre = n.morceaux.flatMap((m) => (m.tag ? [m.tag] : []));
  const places = new Set<string>();
  const sortie: string[] = [];
  for (const m of a.morceaux) {
    if (!m.tag) sortie.push(m.xml);
    else if (manuels.has(m.tag)) {
      sortie.push(sansSignets(m.xml));
      places.add(m.tag);
    } else if (nouveaux.has(m.tag) && !places.has(m.tag)) {
      sortie.push(nouveaux.get(m.tag)!);
      places.add(m.tag);
    }
    // A generated region whose section is no longer in the plan is dropped.
  }
  // Regions the old document lacks: after the closest preceding region, else at the end.
  ordre.forEach((tag, k) => {
    if (places.has(tag)) return;
    const precedent = ordre.slice(0, k).reverse().find((t) => places.has(t));
    const xml = nouveaux.get(tag)!;
    if (precedent) {
      const i = sortie.findIndex((s) => s.includes(`<w:tag w:val="${precedent}"/>`));
      sortie.splice(i + 1, 0, xml);
    } else {
      const i = sortie.findIndex((s) => /<w:tag w:val="qe:/.test(s));
      sortie.splice(i < 0 ? sortie.length : i, 0, xml);
    }
    places.add(tag);
  });
  zipAncien.file("word/document.xml", `${a.avant}${sortie.join("")}${a.sectPr || n.sectPr}${a.apres}`);
  // Our heading styles and the new answers travel with the new assembly.
  const stylesAnciens = (await lirePartie(zipAncien, "word/styles.xml", source)) ?? "";
  const stylesNouveaux = await zipNouveau.file("word/styles.xml")!.async("string");
  if (!stylesAnciens.includes('w:styleId="Heading1"')) zipAncien.file("word/styles.xml", stylesNouveaux);
  else {
    // Our own styles (table text, cover, intertitles) join a document assembled by an older version.
    const manquants = [...stylesNouveaux.matchAll(/<w:style [^>]*w:styleId="(Qe[A-Za-z]+)"[\s\S]*?<\/w:style>/g)].filter((m) => !stylesAnciens.includes(`w:styleId="${m[1]}"`)).map((m) => m[0]);
    if (manquants.length) zipAncien.file("word/styles.xml", stylesAnciens.replace("</w:styles>", `${manquants.join("")}</w:styles>`));
  }
  const customNouveau = await zipNouveau.file("docProps/custom.xml")?.async("string");
  if (customNouveau) {
    const customAncien = await lirePartie(zipAncien, "docProps/custom.xml", source);
    const autres = customAncien ? [...customAncien.matchAll(/<property [^>]*name="(?!QualiteEPS\.)[^"]*"[\s\S]*?<\/property>/g)].map((m) => m[0]) : [];
    const fusion = autres.length ? customNouveau.replace("</Properties>", `${renumeroter(autres, customNouveau)}</Properties>`) : customNouveau;
    zipAncien.file("docProps/custom.xml", fusion);
    if (!customAncien) {
      for (const f of ["[Content_Types].xml", "_rels/.rels"]) zipAncien.file(f, await zipNouveau.file(f)!.async("string"));
    }
  }
  return zipAncien.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/**
 * Copies a part of the new package (a chart and what it references: its embedded workbook…)
 * into the old one under a free name; returns its path there.
 */
async function copierPartie(source: JSZip, cible: JSZip, chemin: string, typesSource: string, types: { xml: string }, copiees: Map<string, string>): Promise<string> {
  const deja = copiees.get(chemin);
  if (deja) return deja;
  let nouveau = chemin;
  for (let i = 1; cible.file(nouveau); i++) nouveau = chemin.replace(/(\.[^./]+)$/, `-qe${i}$1`);
  copiees.set(chemin, nouveau);
  cible.file(nouveau, await source.file(chemin)!.async("uint8array"));
  const override = new RegExp(`<Override [^>]*PartName="/${chemin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*/>`).exec(typesSource)?.[0];
  if (override && !types.xml.includes(`PartName="/${nouveau}"`)) types.xml = types.xml.replace("</Types>", `${override.replace(`PartName="/${chemin}"`, `PartName="/${nouveau}"`)}</Types>`);
  const rels = await source.file(relsDe(chemin))?.async("string");
  if (rels) {
    let copie = rels;
    for (const [, r] of lireRelations(rels)) {
      const cibleSource = resoudre(dossierDe(chemin), r.cible);
      if (!source.file(cibleSource)) continue;
      const cibleCopiee = await copierPartie(source, cible, cibleSource, typesSource, types, copiees);
      const relatif = cibleCopiee.startsWith(dossierDe(nouveau)) ? cibleCopiee.slice(dossierDe(nouveau).length) : `../${cibleCopiee.split("/").slice(1).join("/")}`;
      copie = copie.replace(`Target="${r.cible}"`, `Target="${relatif}"`);
    }
    cible.file(relsDe(nouveau), copie);
  }
  return nouveau;
}

/**
 * The new regions may reference parts (charts) by relationship id: copy those parts into the
 * old package, register them in its document relationships, and rewrite the ids.
 */
async function porterRelations(zipNouveau: JSZip, zipAncien: JSZip, regions: Map<string, string>, source: string): Promise<void> {
  const relsNouveau = lireRelations((await zipNouveau.file("word/_rels/document.xml.rels")?.async("string")) ?? "");
  let relsAncien = (await lirePartie(zipAncien, "word/_rels/document.xml.rels", source)) ?? relationsXml("");
  const typesSource = await zipNouveau.file("[Content_Types].xml")!.async("string");
  const typesAnciens = await lirePartie(zipAncien, "[Content_Types].xml", source);
  if (typesAnciens === undefined) throw new ErreurUtilisateur(`${source} est endommagé : « [Content_Types].xml » manque.`);
  const types = { xml: typesAnciens };
  const copiees = new Map<string, string>();
  let n = 0;
  for (const [tag, xml] of regions) {
    let modifie = xml;
    for (const id of new Set([...xml.matchAll(/r:(?:id|embed)="([^"]+)"/g)].map((m) => m[1]!))) {
      const r = relsNouveau.get(id);
      if (!r) continue;
      const chemin = await copierPartie(zipNouveau, zipAncien, resoudre("word/", r.cible), typesSource, types, copiees);
      const nouvelId = `rIdQe${Date.now().toString(36)}${n++}`;
      relsAncien = relsAncien.replace("</Relationships>", `<Relationship Id="${nouvelId}" Type="${r.type}" Target="${chemin.replace(/^word\//, "")}"/></Relationships>`);
      modifie = modifie.split(`"${id}"`).join(`"${nouvelId}"`);
    }
    regions.set(tag, modifie);
  }
  zipAncien.file("word/_rels/document.xml.rels", relsAncien);
  zipAncien.file("[Content_Types].xml", types.xml);
}

/** Custom properties need unique pid values: the writer's ones follow ours. */
function renumeroter(proprietes: string[], xml: string): string {
  let pid = Math.max(1, ...[...xml.matchAll(/pid="(\d+)"/g)].map((m) => Number(m[1])));
  return proprietes.map((p) => p.replace(/pid="\d+"/, () => `pid="${++pid}"`)).join("");
}
