/**
 * Office.js Word adapter: renders a DocumentPlan into the open document, one rich-text content
 * control per section, tagged with the section id. Two syncs whatever the document's size: read
 * the controls and saved answers, then write. Regions marked "rédigé à la main" are left alone;
 * text outside the controls is never touched.
 *
 * Requirement set: WordApi 1.3 (content controls, built-in styles, custom properties). The table
 * of contents field needs WordApi 1.5 and is read-only in Word on the web: it is inserted after
 * the assembly, in its own sync inside try/catch, so a refusal never costs the assembly; where it
 * cannot be inserted, a note tells the user how to add it from Références.
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

export interface ChampW {
  /** WordApi 1.5. */
  updateResult(): void;
}

export interface ParagrapheW extends PlageW {
  styleBuiltIn: string;
  insertText(texte: string, ou: "Start" | "End"): PlageW;
  insertContentControl(): ControleW;
  getRange(ou?: "Whole" | "Start" | "End"): { insertField(ou: "Start" | "End", type: "TOC", texte?: string, sansMiseEnForme?: boolean): ChampW };
}

export interface ControleW {
  tag: string;
  title: string;
  clear(): void;
  select(): void;
  insertParagraph(texte: string, ou: "Start" | "End" | "Before" | "After"): ParagrapheW;
  insertTable(lignes: number, colonnes: number, ou: "Start" | "End" | "Before" | "After", valeurs?: string[][]): { headerRowCount: number };
}

export interface ContexteWord {
  readonly document: {
    readonly body: {
      readonly contentControls: ChargeableW & { readonly items: ControleW[]; getByTag(tag: string): { getFirst(): ControleW } };
      insertParagraph(texte: string, ou: "Start" | "End"): ParagrapheW;
    };
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
}

/** Levels 1–2, entries as links: what Word's navigation pane shows. */
export const CODE_SOMMAIRE = '\\o "1-2" \\h';
export const NOTE_SOMMAIRE =
  "Sommaire : à insérer dans Word par l'onglet Références > Table des matières (cette version de Word, ou Word sur le web, ne permet pas à Qualité EPS de l'insérer).";

/**
 * "champ": try the TOC field (WordApi 1.5, desktop); "note": write how to insert it by hand
 * (Word on the web, where fields are read-only, or WordApi < 1.5).
 */
export type ModeSommaire = "champ" | "note";

function rendreBloc(cc: ControleW, b: Bloc, ou: "Start" | "End"): void {
  switch (b.type) {
    case "titre": {
      cc.insertParagraph(b.texte, ou).styleBuiltIn = `Heading${b.niveau}`;
      return;
    }
    case "paragraphe": {
      const p = cc.insertParagraph(b.texte, ou);
      // The same styles as the .docx: built-in Title, Subtitle and Heading 1–3 (navigation pane, TOC).
      if (b.style === "titreDocument") p.styleBuiltIn = "Title";
      else if (b.style === "sousTitreDocument" || b.style === "mentionDocument") p.styleBuiltIn = "Subtitle";
      else if (b.style === "intertitre") p.styleBuiltIn = "Heading4";
      else p.styleBuiltIn = "Normal";
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
    case "image":
      // The cover's logo: only the .docx renderer draws it (WordApi inline pictures not used here).
      return;
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

/** Writes the blocks; with a summary, its title and the empty paragraph that will hold it. */
function remplir(cc: ControleW, blocs: Bloc[], sommaire: ModeSommaire | null): ParagrapheW | null {
  blocs.forEach((b) => rendreBloc(cc, b, "End"));
  if (!sommaire) return null;
  cc.insertParagraph("Sommaire", "End").styleBuiltIn = "Title";
  const place = cc.insertParagraph("", "End");
  place.styleBuiltIn = "Normal";
  if (sommaire === "note") ecrireNote(place);
  return place;
}

/** The TOC field in its own sync, refreshed; on refusal (Word on the web) the note instead. */
async function insererSommaire(context: ContexteWord, place: ParagrapheW): Promise<"champ" | "note" | null> {
  try {
    place.getRange("Start").insertField("Start", "TOC", CODE_SOMMAIRE, false).updateResult();
    await context.sync();
    return "champ";
  } catch {
    // Fields are read-only in Word on the web: the assembly is already saved, say how to add it.
  }
  try {
    ecrireNote(place);
    await context.sync();
    return "note";
  } catch {
    return null;
  }
}

/**
 * Assembles the plan into the document; `seulement` limits it to some sections ("Insérer /
 * Mettre à jour la section"). Returns what was created, updated and kept.
 */
export async function assemblerDansWord(
  context: ContexteWord,
  plan: DocumentPlan,
  reponses: ReponsesDocument,
  o: { seulement?: string[]; sommaire?: ModeSommaire } = {},
): Promise<RapportAssemblage> {
  const corps = context.document.body;
  corps.contentControls.load("items/tag,items/title");
  const proprietes = context.document.properties.customProperties;
  proprietes.load("items/key");
  await context.sync();

  const existants = new Map<string, ControleW>();
  for (const cc of corps.contentControls.items) if (cc.tag.startsWith("qe:") && !existants.has(cc.tag)) existants.set(cc.tag, cc);
  const regions = [
    { tag: TAG_COUVERTURE(plan.modele.id), titre: "Page de titre et sommaire", blocs: plan.couverture, manuel: false, sommaire: plan.sommaire ? (o.sommaire ?? "note") : null },
    ...plan.regions.map((r) => ({ ...r, sommaire: null })),
  ];
  const rapport: RapportAssemblage = { creees: 0, misesAJour: 0, gardeesALaMain: 0, sommaire: null };
  let placeSommaire: ParagrapheW | null = null;
  let precedent: ControleW | null = null;
  for (const r of regions) {
    const cc = existants.get(r.tag);
    const viser = !o.seulement || o.seulement.includes(r.tag);
    if (cc) {
      if (r.manuel) rapport.gardeesALaMain++;
      else if (viser) {
        cc.clear();
        placeSommaire = remplir(cc, r.blocs, r.sommaire) ?? placeSommaire;
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
    placeSommaire = remplir(nouveau, r.blocs, r.sommaire) ?? placeSommaire;
    if (r.sommaire) rapport.sommaire = r.sommaire;
    rapport.creees++;
    precedent = nouveau;
  }
  // Answers travel with the document (custom properties, 255 characters each).
  for (const p of proprietes.items) if (p.key.startsWith(PREFIXE_REPONSES)) p.delete();
  for (const p of proprietesReponses(reponses)) proprietes.add(p.name, p.value);
  await context.sync();
  if (placeSommaire && rapport.sommaire === "champ") rapport.sommaire = await insererSommaire(context, placeSommaire);
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
