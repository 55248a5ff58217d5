/**
 * File adapter for `.xlsx` (CLI, browser file mode, tests). Reading goes through our streaming
 * reader (lecture.ts); writing renders our sheets with ExcelJS into a fresh workbook, then
 * transplants their parts into the user's package (ecriture.ts): nothing of the user's is
 * rewritten. It renders a WorkbookPlan and reads values back; it holds no domain rule.
 */
import ExcelJS from "exceljs";
import { ErreurUtilisateur } from "../../core/referential";
import { calculerScores, type OptionsScores, type Resultats } from "../../core/scores";
import { evaluationDuClasseur } from "../../core/evaluation";
import { planifierPaq, type RapportPaq } from "../../core/paq";
import type { SourceConsolidation } from "../../core/consolidation";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { planifierInjection, type EtatClasseur, type OptionsInjectionHote, type RapportInjection } from "../../core/grille";
import { codesEnTete, estFormule, formatsCellules, type FeuillePlan, type GraphiquePlan, type Valeur, type WorkbookPlan } from "../../core/workbook-plan";
import { ajouterGraphiques } from "./graphiques";
import { ClasseurLu, TAILLE_MAX_OCTETS } from "./lecture";
import { transplanter } from "./ecriture";
import { compresserPaquet } from "../ooxml/zip";

export { TAILLE_MAX_OCTETS };

/** A workbook being worked on: its package as it stands, and what we read from it. */
export interface Classeur {
  /** File name, for messages. */
  source: string;
  /** The package (null: a new workbook, nothing written yet). */
  lu: ClasseurLu | null;
  etat: EtatClasseur;
}

export function nouveauClasseur(source = "nouveau classeur"): Classeur {
  return { source, lu: null, etat: { feuilles: [], meta: null, grille: null, paq: null } };
}

/**
 * Opens `.xlsx` bytes (any writer); every failure is a French message naming the file.
 * `pourScores`: read only what scoring needs (a read-only command on a possibly huge grid).
 */
export async function ouvrirClasseur(donnees: Uint8Array, source: string, o: { pourScores?: boolean } = {}): Promise<Classeur> {
  const lu = await ClasseurLu.ouvrir(donnees, source);
  return { source, lu, etat: await lu.etat(o) };
}

/** The package's bytes as they stand. */
export async function ecrireClasseur(c: Classeur): Promise<Uint8Array> {
  if (c.lu) return c.lu.paquet.octets;
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Feuille1");
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** What the planner needs to know about a workbook. */
export function lireEtat(c: Classeur): EtatClasseur {
  return c.etat;
}

/** The values of any sheet, from A1 to its last used cell (null when there is no such sheet). */
export async function valeursFeuille(c: Classeur, nom: string): Promise<Valeur[][] | null> {
  const f = c.lu?.feuille(nom);
  return f ? (await c.lu!.valeurs(f)).valeurs : null;
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

/** Renders a plan: our old sheets out, the new ones in, everything else of the user's untouched. */
export async function appliquerPlan(c: Classeur, plan: WorkbookPlan): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Qualité EPS";
  wb.created = new Date();
  // Formulas are written without cached results: ask Excel to compute everything on opening.
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  const graphiques = new Map<string, GraphiquePlan[]>();
  for (const f of plan.feuilles) {
    await ecrireFeuille(wb, f);
    if (f.graphiques?.length) graphiques.set(f.nom, f.graphiques);
  }
  if (plan.activer) {
    const index = wb.worksheets.findIndex((w) => w.name === plan.activer);
    if (index >= 0) wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: index, visibility: "visible" }];
  }
  // Rendered without compression (ExcelJS deflates in JavaScript): our parts are deflated once,
  // by the platform's zlib, when they go into the workbook.
  const brut = new Uint8Array((await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as unknown as Partial<ExcelJS.XlsxWriteOptions>)) as ArrayBuffer);
  const rendu = await ajouterGraphiques(brut, graphiques);
  const octets = c.lu ? await transplanter(c.lu, await ClasseurLu.ouvrir(rendu, "rendu Qualité EPS"), plan) : await compresserPaquet(rendu, c.source);
  c.lu = await ClasseurLu.ouvrir(octets, c.source);
  c.etat = await c.lu.etat();
}

/** Scores of the workbook's grid (the referential comes from the workbook). */
export function scoresDuClasseur(c: Classeur, source: string, options: OptionsScores = {}): { resultats: Resultats; etat: EtatClasseur } {
  const etat = c.etat;
  const ev = evaluationDuClasseur(etat, source, referentielLivreSiConnu);
  return { resultats: calculerScores(ev, { consensus: etat.meta?.consensus, ...options }), etat };
}

/** Drafts or refreshes the improvement plan sheet, keeping every row a user edited. */
export async function genererPaqDansClasseur(c: Classeur, o: { source: string; seuil?: number; maintenant?: string }): Promise<RapportPaq> {
  const { resultats, etat } = scoresDuClasseur(c, o.source);
  const { plan, rapport } = planifierPaq({ resultats, seuil: o.seuil, existant: etat.paq ?? null, feuilles: etat.feuilles, maintenant: o.maintenant ?? new Date().toISOString() });
  await appliquerPlan(c, plan);
  return rapport;
}

/** One assessment workbook, read for a consolidation: never throws, says why it is refused. */
export async function lireSourceConsolidation(octets: Uint8Array, fichier: string): Promise<SourceConsolidation> {
  try {
    const lu = await ClasseurLu.ouvrir(octets, fichier);
    const etat = await lu.etat({ pourScores: true });
    const evaluation = evaluationDuClasseur(etat, fichier, referentielLivreSiConnu);
    return { fichier, evaluation, etablissement: etat.meta?.etablissement ?? "", periode: etat.meta?.periode ?? "", campagne: etat.meta?.campagne, modifieLe: etat.meta?.modifieLe ?? "" };
  } catch (e) {
    return { fichier, erreur: e instanceof ErreurUtilisateur ? e.message.replace(`${fichier} : `, "").replace(`${fichier} `, "") : `illisible (${(e as Error).message})` };
  }
}

/** Reads the workbook's state, plans the injection, renders it. */
export async function injecterDansClasseur(c: Classeur, o: OptionsInjectionHote): Promise<RapportInjection> {
  const { plan, rapport } = planifierInjection({ ...o, etat: c.etat, maintenant: o.maintenant ?? new Date().toISOString() });
  await appliquerPlan(c, plan);
  return rapport;
}
