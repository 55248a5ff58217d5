/**
 * File adapter: reads and writes `.xlsx` with ExcelJS (CLI, browser file mode, tests).
 * It renders a WorkbookPlan and reads values back; it holds no domain rule.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { ErreurUtilisateur } from "../../core/referential";
import { calculerScores, type OptionsScores, type Resultats } from "../../core/scores";
import { evaluationDuClasseur } from "../../core/evaluation";
import { planifierPaq, TABLEAU_PAQ, type RapportPaq } from "../../core/paq";
import type { SourceConsolidation } from "../../core/consolidation";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { FEUILLE_META, lireMeta, referentielDuClasseur } from "../../core/metadata";
import { graphiquesSynthese } from "../../core/synthese";
import { ajouterGraphiques, feuillesAvecGraphiques } from "./graphiques";
import { lireEtatRapide } from "./lecture-rapide";
import { planifierInjection, TABLEAU_GRILLE, type EtatClasseur, type OptionsInjectionHote, type RapportInjection } from "../../core/grille";
import { codesEnTete, estFormule, formatsCellules, type FeuillePlan, type GraphiquePlan, type Valeur, type WorkbookPlan } from "../../core/workbook-plan";

/** Above this size a workbook is refused: a grid is a few hundred KB, a country's one a few MB. */
export const TAILLE_MAX_OCTETS = 50 * 1024 * 1024;

/**
 * Parts of a workbook ExcelJS does not carry through a read/write cycle. Rewriting a workbook
 * holding them would silently drop the user's charts, pivot tables or macros.
 */
const PARTIES_NON_PRISES_EN_CHARGE: [RegExp, string][] = [
  [/^xl\/pivotTables\//, "tableaux croisés dynamiques"],
  [/^xl\/slicers\//, "segments (slicers)"],
  [/^xl\/timelines\//, "chronologies"],
  [/^xl\/vbaProject\.bin$/, "macros VBA"],
  [/^xl\/externalLinks\//, "liaisons vers d'autres classeurs"],
  [/^xl\/threadedComments\//, "commentaires en fil de discussion"],
  [/^xl\/drawings\/vmlDrawing.*ctrl|^xl\/ctrlProps\//, "contrôles de formulaire"],
];

/** Raised when rewriting the workbook would lose parts ExcelJS cannot carry; the user may consent. */
export class ErreurPertes extends ErreurUtilisateur {
  constructor(
    message: string,
    readonly pertes: string[],
  ) {
    super(message);
    this.name = "ErreurPertes";
  }
}

export interface OptionsOuverture {
  /** The user agreed that the parts ExcelJS cannot keep may be lost. */
  accepterPertes?: boolean;
}

export function nouveauClasseur(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Qualité EPS";
  wb.created = new Date();
  return wb;
}

/** Opens `.xlsx` bytes; every failure is a French message naming the file. */
export async function ouvrirClasseur(donnees: Uint8Array, source: string, options: OptionsOuverture = {}): Promise<ExcelJS.Workbook> {
  if (donnees.byteLength === 0) throw new ErreurUtilisateur(`${source} est vide (0 octet) : ce n'est pas un classeur Excel.`);
  if (donnees.byteLength > TAILLE_MAX_OCTETS) {
    throw new ErreurUtilisateur(
      `${source} pèse ${(donnees.byteLength / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${TAILLE_MAX_OCTETS / 1024 / 1024} Mo pour un classeur d'évaluation.`,
    );
  }
  // Every .xlsx is a ZIP archive: "PK\x03\x04".
  if (donnees[0] !== 0x50 || donnees[1] !== 0x4b) {
    const debut = new TextDecoder().decode(donnees.slice(0, 8));
    const indice = debut.startsWith("\u00d0\u00cf") || (donnees[0] === 0xd0 && donnees[1] === 0xcf)
      ? " Il s'agit d'un ancien classeur .xls (Excel 97-2003), à enregistrer au format .xlsx, ou d'un classeur protégé par mot de passe, à ouvrir et enregistrer sans mot de passe."
      : "";
    throw new ErreurUtilisateur(`${source} n'est pas un classeur .xlsx.${indice}`);
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(donnees);
  } catch (e) {
    throw new ErreurUtilisateur(`${source} est endommagé : l'archive ne peut pas être lue (${(e as Error).message}).`);
  }
  if (!zip.file("xl/workbook.xml")) {
    throw new ErreurUtilisateur(`${source} n'est pas un classeur Excel : il lui manque « xl/workbook.xml » (document Word ou autre archive ?).`);
  }
  const pertes = new Set<string>();
  zip.forEach((chemin) => {
    for (const [motif, nom] of PARTIES_NON_PRISES_EN_CHARGE) if (motif.test(chemin)) pertes.add(nom);
  });
  const avecGraphiques = zip.file(/^xl\/charts\//).length ? await feuillesAvecGraphiques(zip) : [];
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings want a Node Buffer; it accepts any ArrayBuffer view.
    await wb.xlsx.load(donnees as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new ErreurUtilisateur(`${source} ne peut pas être lu comme classeur Excel : ${(e as Error).message}`);
  }
  // Our synthesis radar is redrawn on writing; any other chart would be lost.
  if (avecGraphiques.length || zip.file(/^xl\/charts\//).length) {
    const meta = wb.getWorksheet(FEUILLE_META) ? lireMeta(valeursFeuille(wb.getWorksheet(FEUILLE_META)!), source) : null;
    const ref = meta ? referentielDuClasseur(meta, source) : null;
    const nos = meta?.feuilleSynthese && ref && avecGraphiques.includes(meta.feuilleSynthese) ? meta.feuilleSynthese : null;
    if (nos && ref) graphiquesDe(wb).set(nos, graphiquesSynthese(ref, meta?.etablissement ?? ""));
    const autres = avecGraphiques.filter((f) => f !== nos);
    if (autres.length || (!avecGraphiques.length && zip.file(/^xl\/charts\//).length)) pertes.add("graphiques");
  }
  if (pertes.size && !options.accepterPertes) {
    throw new ErreurPertes(
      `${source} contient des éléments que la réécriture du fichier ne conserverait pas : ${[...pertes].join(", ")}. ` +
        `Rien n'a été modifié. Insérez la grille depuis Excel (complément), ou travaillez sur une copie du classeur et confirmez la perte de ces éléments.`,
      [...pertes],
    );
  }
  return wb;
}

/** Charts ExcelJS cannot write, added to the package on writing. */
const GRAPHIQUES = new WeakMap<ExcelJS.Workbook, Map<string, GraphiquePlan[]>>();
function graphiquesDe(wb: ExcelJS.Workbook): Map<string, GraphiquePlan[]> {
  let m = GRAPHIQUES.get(wb);
  if (!m) GRAPHIQUES.set(wb, (m = new Map()));
  return m;
}

export async function ecrireClasseur(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return ajouterGraphiques(new Uint8Array(buf as ArrayBuffer), graphiquesDe(wb));
}

/** A cell's value as plain data: formulas give their cached result, rich text its text. */
export function valeurCellule(v: ExcelJS.CellValue): Valeur {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) return valeurCellule((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ("text" in v && "hyperlink" in v) return String(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

/** The values of a sheet from A1 to its last used cell, as a dense 2-D array. */
export function valeursFeuille(ws: ExcelJS.Worksheet): Valeur[][] {
  const lignes: Valeur[][] = [];
  const largeur = ws.actualColumnCount ? ws.columnCount : 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const ligne: Valeur[] = [];
    for (let c = 1; c <= largeur; c++) ligne.push(valeurCellule(row.getCell(c).value));
    lignes.push(ligne);
  }
  return lignes;
}

function trouverTableau(wb: ExcelJS.Workbook, nom: string): ExcelJS.Worksheet | null {
  for (const ws of wb.worksheets) {
    const tables = (ws as unknown as { tables?: Record<string, unknown> }).tables ?? {};
    if (Object.keys(tables).some((t) => t.toLowerCase() === nom.toLowerCase())) return ws;
  }
  return null;
}

/** What the planner needs to know about a workbook. */
export function lireEtat(wb: ExcelJS.Workbook, source: string): EtatClasseur {
  const feuilles = wb.worksheets.map((w) => w.name);
  const wsMeta = wb.getWorksheet(FEUILLE_META);
  const meta = wsMeta ? lireMeta(valeursFeuille(wsMeta), source) : null;
  const wsGrille = trouverTableau(wb, TABLEAU_GRILLE) ?? (meta ? wb.getWorksheet(meta.feuilleGrille) ?? null : null);
  const wsPaq = trouverTableau(wb, TABLEAU_PAQ);
  return {
    feuilles,
    meta,
    grille: wsGrille ? { feuille: wsGrille.name, valeurs: valeursFeuille(wsGrille) } : null,
    paq: wsPaq ? { feuille: wsPaq.name, valeurs: valeursFeuille(wsPaq) } : null,
  };
}

const argb = (hex: string) => ({ argb: `FF${hex.replace("#", "").toUpperCase()}` });

function valeurEcrite(v: FeuillePlan["lignes"][number][number]): ExcelJS.CellValue {
  if (estFormule(v)) return { formula: v.formule } as ExcelJS.CellFormulaValue;
  return v;
}

async function ecrireFeuille(wb: ExcelJS.Workbook, f: FeuillePlan): Promise<void> {
  const ws = wb.addWorksheet(f.nom, {
    state: f.visibilite,
    views: [
      {
        state: f.figer ? "frozen" : "normal",
        xSplit: f.figer?.colonnes ?? 0,
        ySplit: f.figer?.lignes ?? 0,
        rightToLeft: f.droiteAGauche ?? false,
      },
    ],
  });
  f.colonnes.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.largeur;
    if (c.format) col.numFmt = c.format;
    if (!c.verrouillee) col.protection = { locked: false };
    // Helper columns: hidden in an outline group the user can open with its "+" button.
    if (c.masquee) {
      col.hidden = true;
      col.outlineLevel = 1;
    }
  });
  if (f.colonnes.some((c) => c.masquee)) ws.properties.outlineLevelCol = 1;
  const [entete, ...corps] = f.lignes;
  if (f.tableau && entete) {
    ws.addTable({
      name: f.tableau.nom,
      ref: "A1",
      headerRow: true,
      totalsRow: false,
      style: { theme: f.tableau.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns: entete.map((h) => ({ name: String(h ?? ""), filterButton: true })),
      rows: corps.map((l) => l.map(valeurEcrite)),
    });
  } else {
    f.lignes.forEach((l, r) => {
      const row = ws.getRow(r + 1);
      l.forEach((v, c) => (row.getCell(c + 1).value = valeurEcrite(v)));
    });
  }
  // Per-cell formats: column styles only reach cells created after them.
  const formats = formatsCellules(f);
  f.lignes.forEach((_, r) => {
    const row = ws.getRow(r + 1);
    f.colonnes.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const format = formats[r]![i]!;
      if (format !== "General") cell.numFmt = format;
      cell.alignment = { vertical: "top", wrapText: c.retourALaLigne ?? false };
      if (!c.verrouillee && r > 0) cell.protection = { locked: false };
      if (r === 0 || f.lignesGras?.includes(r + 1)) cell.font = { bold: true };
    });
  });
  const dv = (ws as unknown as { dataValidations: { add(adresse: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const v of f.validations) {
    dv.add(v.plage, {
      type: "list",
      allowBlank: true,
      formulae: [`"${v.valeurs.join(",")}"`],
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: v.titreErreur,
      error: v.messageErreur,
      showInputMessage: !!v.invite,
      promptTitle: v.titreInvite,
      prompt: v.invite,
    });
  }
  f.misesEnForme.forEach((m, i) => {
    ws.addConditionalFormatting({
      ref: m.plage,
      rules: [
        {
          type: "expression",
          priority: i + 1,
          formulae: [m.formule],
          style: {
            fill: { type: "pattern", pattern: "solid", bgColor: argb(m.fond) },
            ...(m.police ? { font: { color: argb(m.police), bold: true } } : {}),
          },
        },
      ],
    });
  });
  for (const e of f.echelles ?? []) {
    ws.addConditionalFormatting({
      ref: e.plage,
      rules: [
        {
          type: "colorScale",
          priority: f.misesEnForme.length + 1,
          cfvo: [
            { type: "num", value: e.min },
            { type: "num", value: (e.min + e.max) / 2 },
            { type: "num", value: e.max },
          ],
          color: [argb("#F8696B"), argb("#FFEB84"), argb("#63BE7B")],
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
  f.hauteurs?.forEach((h, r) => {
    if (h) ws.getRow(r + 1).height = h;
  });
  if (f.miseEnPage) {
    const m = f.miseEnPage;
    const { enTete, pied } = codesEnTete(m);
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9, // A4
      orientation: m.orientation === "paysage" ? "landscape" : "portrait",
      fitToPage: m.uneLargeur,
      fitToWidth: 1,
      fitToHeight: 0,
      showGridLines: m.quadrillage ?? false,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      ...(m.lignesRepetees ? { printTitlesRow: `1:${m.lignesRepetees}` } : {}),
      ...(m.zone ? { printArea: m.zone } : {}),
    };
    ws.headerFooter = { ...ws.headerFooter, oddHeader: enTete, oddFooter: pied };
  }
  if (f.protection) {
    await ws.protect("", {
      selectLockedCells: true,
      selectUnlockedCells: true,
      autoFilter: f.protection.autoriserFiltre,
      sort: f.protection.autoriserTri,
      formatColumns: f.protection.autoriserFormatColonnes,
      formatRows: f.protection.autoriserFormatLignes,
    });
  }
}

/** Renders a plan: deletes our old sheets, writes the new ones, activates the grid. */
export async function appliquerPlan(wb: ExcelJS.Workbook, plan: WorkbookPlan): Promise<void> {
  // Formulas are written without cached results: ask Excel to compute everything on opening.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  for (const nom of plan.supprimer) {
    const ws = wb.getWorksheet(nom);
    if (ws) wb.removeWorksheet(ws.id);
    graphiquesDe(wb).delete(nom);
  }
  for (const f of plan.feuilles) {
    await ecrireFeuille(wb, f);
    if (f.graphiques?.length) graphiquesDe(wb).set(f.nom, f.graphiques);
  }
  if (plan.activer) {
    const index = wb.worksheets.findIndex((w) => w.name === plan.activer);
    if (index >= 0) wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: index, visibility: "visible" }];
  }
}

/** Scores of the workbook's grid (the referential comes from the workbook). */
export function scoresDuClasseur(wb: ExcelJS.Workbook, source: string, options: OptionsScores = {}): { resultats: Resultats; etat: EtatClasseur } {
  const etat = lireEtat(wb, source);
  const ev = evaluationDuClasseur(etat, source, referentielLivreSiConnu);
  return { resultats: calculerScores(ev, { consensus: etat.meta?.consensus, ...options }), etat };
}

/** Drafts or refreshes the improvement plan sheet, keeping every row a user edited. */
export async function genererPaqDansClasseur(wb: ExcelJS.Workbook, o: { source: string; seuil?: number; maintenant?: string }): Promise<RapportPaq> {
  const { resultats, etat } = scoresDuClasseur(wb, o.source);
  const { plan, rapport } = planifierPaq({ resultats, seuil: o.seuil, existant: etat.paq ?? null, feuilles: etat.feuilles, maintenant: o.maintenant ?? new Date().toISOString() });
  await appliquerPlan(wb, plan);
  return rapport;
}

/** One assessment workbook, read for a consolidation: never throws, says why it is refused. */
export async function lireSourceConsolidation(octets: Uint8Array, fichier: string): Promise<SourceConsolidation> {
  // Fast path for our own workbooks; anything unusual goes through ExcelJS for a precise message.
  const rapide = octets.byteLength <= TAILLE_MAX_OCTETS ? await lireEtatRapide(octets, fichier) : null;
  if (rapide?.meta) {
    try {
      const evaluation = evaluationDuClasseur(rapide, fichier, referentielLivreSiConnu);
      return { fichier, evaluation, etablissement: rapide.meta.etablissement, periode: rapide.meta.periode, campagne: rapide.meta.campagne, modifieLe: rapide.meta.modifieLe };
    } catch {
      /* fall through to the full reader */
    }
  }
  try {
    const wb = await ouvrirClasseur(octets, fichier, { accepterPertes: true });
    const etat = lireEtat(wb, fichier);
    const evaluation = evaluationDuClasseur(etat, fichier, referentielLivreSiConnu);
    return { fichier, evaluation, etablissement: etat.meta?.etablissement ?? "", periode: etat.meta?.periode ?? "", campagne: etat.meta?.campagne, modifieLe: etat.meta?.modifieLe ?? "" };
  } catch (e) {
    return { fichier, erreur: e instanceof ErreurUtilisateur ? e.message.replace(`${fichier} `, "").replace(`${fichier} : `, "") : `illisible (${(e as Error).message})` };
  }
}

/** Reads the workbook's state, plans the injection, renders it. */
export async function injecterDansClasseur(wb: ExcelJS.Workbook, o: OptionsInjectionHote): Promise<RapportInjection> {
  const etat = lireEtat(wb, o.source);
  const { plan, rapport } = planifierInjection({ ...o, etat, maintenant: o.maintenant ?? new Date().toISOString() });
  await appliquerPlan(wb, plan);
  return rapport;
}
