/**
 * Office.js Word adapter: renders a DocumentPlan into the open document, one rich-text content
 * control per section, tagged with the section id. Two syncs whatever the document's size: read
 * the controls and saved answers, then write. Regions marked "rédigé à la main" are left alone;
 * text outside the controls is never touched.
 *
 * Requirement set: WordApi 1.3 (content controls, built-in styles, custom properties, headers and
 * footers, inline pictures). As close to the .docx as the API allows:
 * - headings numbered « 1. » / « 1.1. » in their text (the API cannot bind a numbering list to the
 *   Heading styles), so the navigation pane and the table of contents show the numbers;
 * - the cover's logo (inline picture), a page break before the summary and before each chapter;
 * - the running header (establishment · document) in a tagged control of the first section's
 *   header (none on the cover where WordApiDesktop 1.3 allows a different first page), the footer « Page X sur Y » with PAGE and NUMPAGES fields in a tagged control of its
 *   footer: only our controls are rewritten, the user's own header text stays;
 * - fields (table of contents, page numbers) need WordApi 1.5 and are read-only in Word on the
 *   web: they are inserted after the assembly, in one sync inside try/catch, so a refusal never
 *   costs the assembly; where they cannot be inserted, a French note says how to add them.
 */
import { TAG_COUVERTURE, type Bloc, type DocumentPlan, type ReponsesDocument } from "../../core/pe/document";
import { ErreurUtilisateur } from "../../core/referential";
import { proprietesReponses, PREFIXE_REPONSES } from "../../core/pe/proprietes";

export interface ChargeableW {
  load(proprietes: string): unknown;
}

export interface PlageW {
  readonly font: { bold: boolean; italic: boolean; color: string; highlightColor: string };
}

/** The fields the adapter inserts: table of contents, page number, page count (WordApi 1.5). */
export type TypeChampW = "TOC" | "Page" | "NumPages";

export interface ChampW {
  /** WordApi 1.5. */
  updateResult(): void;
}

export interface ParagrapheW extends PlageW {
  styleBuiltIn: string;
  alignment: string;
  insertText(texte: string, ou: "Start" | "End"): PlageW;
  insertContentControl(): ControleW;
  /** WordApi 1.2: PNG or JPEG; the size is set in points on the returned picture. */
  insertInlinePictureFromBase64(base64: string, ou: "Start" | "End"): { width: number; height: number };
  insertBreak(type: "Page", ou: "Before" | "After"): void;
  getRange(ou?: "Whole" | "Start" | "End"): { insertField(ou: "Start" | "End", type: TypeChampW, texte?: string, sansMiseEnForme?: boolean): ChampW };
}

export interface ControleW {
  tag: string;
  title: string;
  clear(): void;
  select(): void;
  insertParagraph(texte: string, ou: "Start" | "End" | "Before" | "After"): ParagrapheW;
  insertTable(lignes: number, colonnes: number, ou: "Start" | "End" | "Before" | "After", valeurs?: string[][]): { headerRowCount: number };
}

/** The document's body, or a header or footer of a section. */
export interface CorpsW {
  readonly contentControls: ChargeableW & { readonly items: ControleW[]; getByTag(tag: string): { getFirst(): ControleW } };
  insertParagraph(texte: string, ou: "Start" | "End"): ParagrapheW;
}

export interface SectionW {
  getHeader(type: "Primary"): CorpsW;
  getFooter(type: "Primary"): CorpsW;
  /** WordApiDesktop 1.3: the cover page without header or footer. */
  readonly pageSetup: { differentFirstPageHeaderFooter: boolean };
}

export interface ContexteWord {
  readonly document: {
    readonly body: CorpsW;
    readonly sections: { getFirst(): SectionW };
    readonly properties: {
      readonly customProperties: ChargeableW & { readonly items: { key: string; value: unknown; delete(): void }[]; add(cle: string, valeur: unknown): unknown };
    };
  };
  sync(): Promise<unknown>;
}

export interface RapportAssemblage {
  creees: number;
  misesAJour: number;
  gardeesALaMain: number;
  /** How the table of contents was handled: a live field, a note to insert it by hand, or no summary. */
  sommaire: "champ" | "note" | null;
  /** « Page X sur Y »: live fields, or a note (Word on the web, WordApi < 1.5); null when the footer was not written. */
  pagination: "champ" | "note" | null;
}

/** Levels 1–2, entries as links: what Word's navigation pane shows. */
export const CODE_SOMMAIRE = '\\o "1-2" \\h';
export const NOTE_PAGINATION =
  "Numéros de page : ajoutez « Page X sur Y » par l'onglet Insertion > Numéro de page (cette version de Word, ou Word sur le web, ne permet pas à Qualité EPS d'insérer ces champs).";
export const NOTE_SOMMAIRE =
  "Sommaire : à insérer dans Word par l'onglet Références > Table des matières (cette version de Word, ou Word sur le web, ne permet pas à Qualité EPS de l'insérer).";

/**
 * "champ": try the TOC field (WordApi 1.5, desktop); "note": write how to insert it by hand
 * (Word on the web, where fields are read-only, or WordApi < 1.5).
 */
export type ModeSommaire = "champ" | "note";

/**
 * Numbers of the level 1 and 2 headings of the whole plan, « 1. » and « 1.1. », as the .docx's
 * numbering list gives them (counted over every region, even those kept as written by hand).
 */
export function numerosTitres(plan: DocumentPlan): Map<Bloc, string> {
  const numeros = new Map<Bloc, string>();
  let n1 = 0;
  let n2 = 0;
  for (const r of plan.regions) {
    for (const b of r.blocs) {
      if (b.type !== "titre" || b.niveau === 3) continue;
      if (b.niveau === 1) {
        n1++;
        n2 = 0;
        numeros.set(b, `${n1}.`);
      } else {
        n2++;
        numeros.set(b, `${Math.max(n1, 1)}.${n2}.`);
      }
    }
  }
  return numeros;
}

function rendreBloc(cc: ControleW, b: Bloc, ou: "Start" | "End", numeros: Map<Bloc, string>): void {
  switch (b.type) {
    case "titre": {
      const numero = numeros.get(b);
      const p = cc.insertParagraph(numero ? `${numero} ${b.texte}` : b.texte, ou);
      p.styleBuiltIn = `Heading${b.niveau}`;
      // Each chapter starts a page, as in the .docx.
      if (b.niveau === 1) p.insertBreak("Page", "Before");
      return;
    }
    case "paragraphe": {
      const p = cc.insertParagraph(b.texte, ou);
      // The same styles as the .docx: built-in Title, Subtitle and Heading 1–3 (navigation pane, TOC).
      if (b.style === "titreDocument") p.styleBuiltIn = "Title";
      else if (b.style === "sousTitreDocument" || b.style === "mentionDocument") p.styleBuiltIn = "Subtitle";
      else if (b.style === "intertitre") p.styleBuiltIn = "Heading4";
      else p.styleBuiltIn = "Normal";
      if (b.style === "titreDocument" || b.style === "sousTitreDocument" || b.style === "mentionDocument") p.alignment = "Centered";
      if (b.style === "manquant") {
        p.font.italic = true;
        p.font.color = "#B00020";
        p.font.highlightColor = "Yellow";
      }
      if (b.libelle) p.insertText(`${b.libelle} : `, "Start").font.bold = true;
      return;
    }
    case "liste":
      for (const e of b.elements) cc.insertParagraph(`• ${e}`, ou).styleBuiltIn = "ListParagraph";
      return;
    case "radar":
      // Word's JavaScript API draws no chart: the table of the same scores follows.
      return;
    case "image": {
      // The cover's logo, centred, at the size the plan gives in points.
      const p = cc.insertParagraph("", ou);
      p.alignment = "Centered";
      const image = p.insertInlinePictureFromBase64(b.base64, "Start");
      image.width = b.largeur;
      image.height = b.hauteur;
      return;
    }
    case "tableau": {
      const t = cc.insertTable(b.lignes.length + 1, b.entetes.length, ou, [b.entetes, ...b.lignes]);
      t.headerRowCount = 1;
      return;
    }
  }
}

function ecrireNote(p: ParagrapheW): void {
  p.insertText(NOTE_SOMMAIRE, "Start");
  p.font.italic = true;
}

/** Writes the blocks; with a summary, its title (on a new page) and the empty paragraph that will hold it. */
function remplir(cc: ControleW, blocs: Bloc[], sommaire: ModeSommaire | null, numeros: Map<Bloc, string>): ParagrapheW | null {
  blocs.forEach((b) => rendreBloc(cc, b, "End", numeros));
  if (!sommaire) return null;
  const titre = cc.insertParagraph("Sommaire", "End");
  titre.styleBuiltIn = "Title";
  titre.insertBreak("Page", "Before");
  const place = cc.insertParagraph("", "End");
  place.styleBuiltIn = "Normal";
  if (sommaire === "note") ecrireNote(place);
  return place;
}

/** « Page X sur Y »: text and the PAGE and NUMPAGES fields at the end of the footer's paragraph. */
function ecrirePagination(p: ParagrapheW): void {
  p.insertText("Page ", "End");
  p.getRange("End").insertField("End", "Page");
  p.insertText(" sur ", "End");
  p.getRange("End").insertField("End", "NumPages");
}

/**
 * The fields in one sync after the assembly: the TOC (refreshed) and the page numbers. On refusal
 * (Word on the web), the summary's note is written and the footer left empty, in one more sync.
 */
async function insererChamps(
  context: ContexteWord,
  sommaire: ParagrapheW | null,
  pied: { controle: ControleW; paragraphe: ParagrapheW } | null,
  premierePage: SectionW | null,
): Promise<{ sommaire: "champ" | "note" | null; pagination: "champ" | "note" | null }> {
  try {
    sommaire?.getRange("Start").insertField("Start", "TOC", CODE_SOMMAIRE, false).updateResult();
    if (pied) ecrirePagination(pied.paragraphe);
    if (premierePage) premierePage.pageSetup.differentFirstPageHeaderFooter = true;
    await context.sync();
    return { sommaire: sommaire ? "champ" : null, pagination: pied ? "champ" : null };
  } catch {
    // Fields are read-only in Word on the web: the assembly is already saved, say how to add them.
  }
  try {
    if (sommaire) ecrireNote(sommaire);
    pied?.controle.clear();
    await context.sync();
    return { sommaire: sommaire ? "note" : null, pagination: pied ? "note" : null };
  } catch {
    return { sommaire: null, pagination: pied ? "note" : null };
  }
}

const TAG_EN_TETE = (modele: string) => `qe:${modele}:en-tete`;
const TAG_PIED = (modele: string) => `qe:${modele}:pied`;

/** Our tagged control in a header or footer: emptied if there, else created at its end (the user's text stays). */
function controleDe(corps: CorpsW, tag: string, titre: string): ControleW {
  const cc = corps.contentControls.items.find((c) => c.tag === tag);
  if (cc) {
    cc.clear();
    return cc;
  }
  const nouveau = corps.insertParagraph("", "End").insertContentControl();
  nouveau.tag = tag;
  nouveau.title = titre;
  return nouveau;
}

/**
 * Assembles the plan into the document; `seulement` limits it to some sections ("Insérer /
 * Mettre à jour la section"). Returns what was created, updated and kept.
 */
export async function assemblerDansWord(
  context: ContexteWord,
  plan: DocumentPlan,
  reponses: ReponsesDocument,
  o: { seulement?: string[]; sommaire?: ModeSommaire; couvertureSansEnTete?: boolean } = {},
): Promise<RapportAssemblage> {
  const corps = context.document.body;
  corps.contentControls.load("items/tag,items/title");
  const proprietes = context.document.properties.customProperties;
  proprietes.load("items/key");
  // The header and footer are written with a whole assembly only, not with one section.
  const section = o.seulement ? null : context.document.sections.getFirst();
  const enTete = section?.getHeader("Primary") ?? null;
  const pied = section?.getFooter("Primary") ?? null;
  enTete?.contentControls.load("items/tag");
  pied?.contentControls.load("items/tag");
  await context.sync();

  const existants = new Map<string, ControleW>();
  for (const cc of corps.contentControls.items) if (cc.tag.startsWith("qe:") && !existants.has(cc.tag)) existants.set(cc.tag, cc);
  const regions = [
    { tag: TAG_COUVERTURE(plan.modele.id), titre: "Page de titre et sommaire", blocs: plan.couverture, manuel: false, sommaire: plan.sommaire ? (o.sommaire ?? "note") : null },
    ...plan.regions.map((r) => ({ ...r, sommaire: null })),
  ];
  const rapport: RapportAssemblage = { creees: 0, misesAJour: 0, gardeesALaMain: 0, sommaire: null, pagination: null };
  const numeros = numerosTitres(plan);
  let placeSommaire: ParagrapheW | null = null;
  let precedent: ControleW | null = null;
  for (const r of regions) {
    const cc = existants.get(r.tag);
    const viser = !o.seulement || o.seulement.includes(r.tag);
    if (cc) {
      if (r.manuel) rapport.gardeesALaMain++;
      else if (viser) {
        cc.clear();
        placeSommaire = remplir(cc, r.blocs, r.sommaire, numeros) ?? placeSommaire;
        if (r.sommaire) rapport.sommaire = r.sommaire;
        rapport.misesAJour++;
      }
      precedent = cc;
      continue;
    }
    if (!viser) continue;
    // A missing region goes right after the previous one, else at the end of the document.
    const p: ParagrapheW = precedent ? precedent.insertParagraph("", "After") : corps.insertParagraph("", "End");
    const nouveau = p.insertContentControl();
    nouveau.tag = r.tag;
    nouveau.title = r.titre;
    placeSommaire = remplir(nouveau, r.blocs, r.sommaire, numeros) ?? placeSommaire;
    if (r.sommaire) rapport.sommaire = r.sommaire;
    rapport.creees++;
    precedent = nouveau;
  }
  // Answers travel with the document (custom properties, 255 characters each).
  for (const p of proprietes.items) if (p.key.startsWith(PREFIXE_REPONSES)) p.delete();
  for (const p of proprietesReponses(reponses)) proprietes.add(p.name, p.value);
  let piedPage: { controle: ControleW; paragraphe: ParagrapheW } | null = null;
  if (enTete && pied) {
    const cc = controleDe(enTete, TAG_EN_TETE(plan.modele.id), "En-tête Qualité EPS");
    const ligne = cc.insertParagraph(plan.enTete, "End");
    ligne.styleBuiltIn = "Header";
    ligne.alignment = "Right";
    const controle = controleDe(pied, TAG_PIED(plan.modele.id), "Pied de page Qualité EPS");
    const paragraphe = controle.insertParagraph("", "End");
    paragraphe.styleBuiltIn = "Footer";
    paragraphe.alignment = "Centered";
    piedPage = { controle, paragraphe };
    rapport.pagination = "note";
  }
  await context.sync();
  const champs = o.sommaire === "champ";
  if (champs && ((placeSommaire && rapport.sommaire === "champ") || piedPage)) {
    const r = await insererChamps(context, rapport.sommaire === "champ" ? placeSommaire : null, piedPage, o.couvertureSansEnTete ? section : null);
    if (rapport.sommaire === "champ") rapport.sommaire = r.sommaire;
    rapport.pagination = r.pagination;
  } else if (piedPage) {
    // Without fields (WordApi < 1.5, Word on the web) the footer stays empty: the note says how to add them.
    rapport.pagination = "note";
  }
  return rapport;
}

/** The answers an earlier assembly saved in the document, or null (one sync). */
export async function lireReponsesWord(context: ContexteWord): Promise<unknown | null> {
  const proprietes = context.document.properties.customProperties;
  proprietes.load("items/key,items/value");
  await context.sync();
  const morceaux = proprietes.items
    .filter((p) => p.key.startsWith(PREFIXE_REPONSES))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((p) => String(p.value));
  if (!morceaux.length) return null;
  try {
    return JSON.parse(morceaux.join(""));
  } catch {
    return null;
  }
}

/** Shows a section in the document (one sync). */
export async function allerALaSection(context: ContexteWord, tag: string, titre: string): Promise<void> {
  context.document.body.contentControls.getByTag(tag).getFirst().select();
  try {
    await context.sync();
  } catch (e) {
    if ((e as { code?: string }).code === "ItemNotFound") throw new ErreurUtilisateur(`La section « ${titre} » n'est pas encore dans le document : insérez-la d'abord.`);
    throw e;
  }
}
