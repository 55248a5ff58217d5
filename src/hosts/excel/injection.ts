/**
 * Office.js adapter: renders a WorkbookPlan into the open workbook. For the shipped referentials
 * it costs at most three `context.sync()` round trips: read sheet names and what exists, read
 * the existing grid and metadata (skipped on a fresh workbook), write everything. A write whose
 * estimated request passes BUDGET_REQUETE (2 MB; Excel on the web refuses 5 MB) is split into
 * blocks of rows, one sync each, so a referential 20 times larger still goes through.
 */
import { FEUILLE_META, lireMeta, type Metadonnees } from "../../core/metadata";
import { planifierInjection, TABLEAU_GRILLE, type EtatClasseur, type OptionsInjectionHote, type RapportInjection } from "../../core/grille";
import { TABLEAU_PAQ } from "../../core/paq";
import { estFormule, formatsCellules, lettreColonne, plageBloc, sectionsEnTete, type FeuillePlan, type Valeur, type ValeurPlan, type WorkbookPlan } from "../../core/workbook-plan";
import type { ContexteExcel, FeuilleX } from "./api";

/**
 * Estimated request size above which a write is split (Excel on the web refuses requests over
 * 5 MB; the estimate counts the values and formats as JSON, the envelope adds to it).
 */
export const BUDGET_REQUETE = 2 * 1024 * 1024;
/** A block of rows is at most half a request, so small writes can still join it. */
const TAILLE_BLOC = BUDGET_REQUETE / 2;

/** What is queued since the last sync: syncs before a write would take the request over the budget. */
class Lot {
  private octets = 0;
  constructor(private readonly context: ContexteExcel) {}
  async reserver(octets: number): Promise<void> {
    if (this.octets > 0 && this.octets + octets > BUDGET_REQUETE) {
      await this.context.sync();
      this.octets = 0;
    }
    this.octets += octets;
  }
  async terminer(): Promise<void> {
    await this.context.sync();
    this.octets = 0;
  }
}

/** Rows [debut, fin) of a sheet, cut so that each block's values and formats stay under TAILLE_BLOC. */
function blocsDeLignes(lignes: readonly (readonly ValeurPlan[])[], formats: readonly (readonly string[])[]): { debut: number; fin: number; octets: number }[] {
  const blocs: { debut: number; fin: number; octets: number }[] = [];
  let debut = 0;
  let octets = 0;
  lignes.forEach((l, i) => {
    const taille = JSON.stringify(l.map(valeurOffice)).length + JSON.stringify(formats[i]).length;
    if (i > debut && octets + taille > TAILLE_BLOC) {
      blocs.push({ debut, fin: i, octets });
      debut = i;
      octets = 0;
    }
    octets += taille;
  });
  if (lignes.length > debut) blocs.push({ debut, fin: lignes.length, octets });
  return blocs;
}

/** Points per character of the default font (Calibri 11), for `columnWidth`. */
const POINTS_PAR_CARACTERE = 6;

/** Excel parses what is written as if it were typed: a leading apostrophe keeps text as text. */
export function valeurOffice(v: ValeurPlan): string | number | boolean {
  if (estFormule(v)) return `=${v.formule}`;
  if (v === null) return "";
  if (typeof v === "string" && /^[=+\-@']/.test(v)) return `'${v}`;
  return v;
}

/** A value read from Excel as plain data: "" is an empty cell. */
export function normaliser(v: unknown): Valeur {
  if (v === "" || v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return String(v);
}

export type OptionsInjectionExcel = OptionsInjectionHote & {
  /** Progress messages for the pane. */
  etape?: (message: string) => void;
};

/** Reads what the planner needs in one or two syncs. */
export async function lireEtatExcel(context: ContexteExcel, source: string): Promise<{ etat: EtatClasseur; visibilites: Map<string, string> }> {
  const wb = context.workbook;
  wb.worksheets.load("items/name,items/visibility");
  const meta = wb.worksheets.getItemOrNullObject(FEUILLE_META);
  const tableau = wb.tables.getItemOrNullObject(TABLEAU_GRILLE);
  const paq = wb.tables.getItemOrNullObject(TABLEAU_PAQ);
  await context.sync();

  const feuilles = wb.worksheets.items.map((f) => f.name);
  const visibilites = new Map(wb.worksheets.items.map((f) => [f.name, f.visibility] as const));
  if (meta.isNullObject && tableau.isNullObject && paq.isNullObject) return { etat: { feuilles, meta: null, grille: null, paq: null }, visibilites };

  const plageMeta = meta.isNullObject ? null : meta.getUsedRangeOrNullObject(true);
  plageMeta?.load("values");
  const feuilleTableau = tableau.isNullObject ? null : tableau.worksheet;
  feuilleTableau?.load("name");
  const plageTableau = tableau.isNullObject ? null : tableau.getRange();
  plageTableau?.load("values");
  const feuillePaq = paq.isNullObject ? null : paq.worksheet;
  feuillePaq?.load("name");
  const plagePaq = paq.isNullObject ? null : paq.getRange();
  plagePaq?.load("values");
  await context.sync();

  const m = plageMeta && !plageMeta.isNullObject ? lireMeta(plageMeta.values, source) : null;
  const grille =
    feuilleTableau && plageTableau ? { feuille: feuilleTableau.name, valeurs: plageTableau.values.map((l) => l.map(normaliser)) } : null;
  const paqLu = feuillePaq && plagePaq ? { feuille: feuillePaq.name, valeurs: plagePaq.values.map((l) => l.map(normaliser)) } : null;
  return { etat: { feuilles, meta: m, grille, paq: paqLu }, visibilites };
}

/** The workbook's identity alone (establishment, period, evaluators…), without reading the grid: two syncs. */
export async function lireMetaExcel(context: ContexteExcel, source: string): Promise<Metadonnees | null> {
  const meta = context.workbook.worksheets.getItemOrNullObject(FEUILLE_META);
  await context.sync();
  if (meta.isNullObject) return null;
  const plage = meta.getUsedRangeOrNullObject(true);
  plage.load("values");
  await context.sync();
  return plage.isNullObject ? null : lireMeta(plage.values, source);
}

/**
 * The print layout needs ExcelApi 1.9 (Excel 2019, Microsoft 365, Excel on the web). Older hosts
 * get the sheet without it; where requirements cannot be asked (tests), it is written.
 */
function miseEnPageDisponible(): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported(nom: string, version: string): boolean } } } }).Office;
  const exigences = office?.context?.requirements;
  return !exigences || exigences.isSetSupported("ExcelApi", "1.9");
}

/** Office.js chart type of each planned chart. */
const TYPES_GRAPHIQUE = { radar: "Radar", barres: "ColumnClustered", barresH: "BarClustered" } as const;

async function ecrireFeuille(ws: FeuilleX, f: FeuillePlan, lot: Lot): Promise<void> {
  const nbLignes = f.lignes.length;
  const nbColonnes = f.colonnes.length;
  const derniere = lettreColonne(nbColonnes - 1);
  // Formats first: a text format ("@") must be in place before values are written.
  const formats = formatsCellules(f);
  for (const b of blocsDeLignes(f.lignes, formats)) {
    await lot.reserver(b.octets);
    const plage = ws.getRange(`A${b.debut + 1}:${derniere}${b.fin}`);
    plage.numberFormat = formats.slice(b.debut, b.fin);
    plage.formulas = f.lignes.slice(b.debut, b.fin).map((l) => l.map(valeurOffice));
  }
  // The rest (formats, table, validations, charts, layout) is small: one estimate for all of it.
  await lot.reserver(JSON.stringify([f.colonnes, f.validations, f.misesEnForme, f.echelles ?? [], f.graphiques ?? [], f.hauteurs ?? [], f.miseEnPage ?? null]).length);
  const bloc = ws.getRange(plageBloc(nbLignes, nbColonnes));
  bloc.format.verticalAlignment = "Top";
  for (const r of new Set([1, ...(f.lignesGras ?? [])])) ws.getRange(`A${r}:${lettreColonne(nbColonnes - 1)}${r}`).format.font.bold = true;
  f.colonnes.forEach((c, i) => {
    const lettre = lettreColonne(i);
    const colonne = ws.getRange(`${lettre}:${lettre}`);
    colonne.format.columnWidth = c.largeur * POINTS_PAR_CARACTERE;
    if (c.retourALaLigne) ws.getRange(`${lettre}1:${lettre}${nbLignes}`).format.wrapText = true;
    if (!c.verrouillee && nbLignes > 1) ws.getRange(`${lettre}2:${lettre}${nbLignes}`).format.protection.locked = false;
  });
  const masquees = f.colonnes.flatMap((c, i) => (c.masquee ? [lettreColonne(i)] : []));
  if (masquees.length) ws.getRange(`${masquees[0]}:${masquees[masquees.length - 1]}`).columnHidden = true;
  // Row heights: one range per run of rows of the same height.
  const hauteurs = f.hauteurs ?? [];
  for (let r = 0; r < hauteurs.length; ) {
    const h = hauteurs[r];
    let fin = r;
    while (fin + 1 < hauteurs.length && hauteurs[fin + 1] === h) fin++;
    if (h) ws.getRange(`A${r + 1}:A${fin + 1}`).format.rowHeight = h;
    r = fin + 1;
  }
  if (f.miseEnPage && miseEnPageDisponible()) {
    const m = f.miseEnPage;
    const pl = ws.pageLayout;
    pl.orientation = m.orientation === "paysage" ? "Landscape" : "Portrait";
    pl.paperSize = "A4";
    if (m.uneLargeur) pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    pl.printGridlines = m.quadrillage ?? false;
    if (m.lignesRepetees) pl.setPrintTitleRows(`$1:$${m.lignesRepetees}`);
    if (m.zone) pl.setPrintArea(m.zone);
    const s = sectionsEnTete(m);
    const hf = pl.headersFooters.defaultForAllPages;
    hf.leftHeader = s.gauche;
    hf.centerHeader = s.centre;
    hf.rightHeader = s.droite;
    hf.centerFooter = s.piedCentre;
  }
  if (f.tableau) {
    const t = ws.tables.add(plageBloc(nbLignes, nbColonnes), true);
    t.name = f.tableau.nom;
    t.style = f.tableau.style;
  }
  for (const v of f.validations) {
    const dv = ws.getRange(v.plage).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: v.valeurs.join(",") } };
    dv.errorAlert = { showAlert: true, style: "Stop", title: v.titreErreur, message: v.messageErreur };
    if (v.invite) dv.prompt = { showPrompt: true, title: v.titreInvite ?? "", message: v.invite };
  }
  for (const m of f.misesEnForme) {
    const cf = ws.getRange(m.plage).conditionalFormats.add("Custom");
    cf.custom.rule.formula = `=${m.formule}`;
    cf.custom.format.fill.color = m.fond;
    if (m.police) {
      cf.custom.format.font.color = m.police;
      cf.custom.format.font.bold = true;
    }
  }
  for (const e of f.echelles ?? []) {
    ws.getRange(e.plage).conditionalFormats.add("ColorScale").colorScale.criteria = {
      minimum: { formula: String(e.min), type: "Number", color: "#F8696B" },
      midpoint: { formula: String((e.min + e.max) / 2), type: "Number", color: "#FFEB84" },
      maximum: { formula: String(e.max), type: "Number", color: "#63BE7B" },
    };
  }
  for (const g of f.graphiques ?? []) {
    const graphique = ws.charts.add(TYPES_GRAPHIQUE[g.type], ws.getRange(g.valeurs), g.type === "barres" ? "Rows" : "Columns");
    graphique.setPosition(g.de, g.a);
    graphique.title.text = g.titre;
    graphique.legend.visible = false;
    const serie = graphique.series.getItemAt(0);
    serie.name = g.nomSerie;
    serie.setXAxisValues(ws.getRange(g.categories));
    graphique.axes.valueAxis.minimum = g.min;
    graphique.axes.valueAxis.maximum = g.max;
  }
  if (f.figer) {
    if (f.figer.colonnes > 0) ws.freezePanes.freezeAt(`A1:${lettreColonne(f.figer.colonnes - 1)}${f.figer.lignes}`);
    else if (f.figer.lignes > 0) ws.freezePanes.freezeRows(f.figer.lignes);
  }
  if (f.visibilite === "veryHidden") ws.visibility = "VeryHidden";
  if (f.protection) {
    ws.protection.protect({
      allowAutoFilter: f.protection.autoriserFiltre,
      allowSort: f.protection.autoriserTri,
      allowFormatColumns: f.protection.autoriserFormatColonnes,
      allowFormatRows: f.protection.autoriserFormatLignes,
    });
  }
}

/** Writes the whole plan: one sync, or one per block above BUDGET_REQUETE. */
export async function ecrirePlan(context: ContexteExcel, plan: WorkbookPlan, visibilites: Map<string, string>): Promise<void> {
  const wb = context.workbook;
  wb.application.suspendApiCalculationUntilNextSync();
  // Old sheets step aside under temporary names, so the new ones can take their names; they are
  // deleted once the new (still empty) sheets exist, so the workbook always keeps a visible sheet.
  const anciennes = plan.supprimer.map((nom, i) => {
    const ws = wb.worksheets.getItemOrNullObject(nom);
    // Excel refuses to delete a very hidden sheet (office-js#365).
    if (visibilites.get(nom) === "VeryHidden") ws.visibility = "Hidden";
    ws.name = `~QE-suppr-${i}`;
    return ws;
  });
  const nouvelles = plan.feuilles.map((f) => [f, wb.worksheets.add(f.nom)] as const);
  // Deleted before the new grid is written: its table takes the old table's name.
  for (const ws of anciennes) ws.delete();
  const lot = new Lot(context);
  for (const [f, ws] of nouvelles) await ecrireFeuille(ws, f, lot);
  nouvelles.find(([f]) => f.nom === plan.activer)?.[1].activate();
  await lot.terminer();
}

/** Writes a plan computed from the sheet names (consolidated sheets): one read, one write. */
export async function ecrireConsolidationExcel(context: ContexteExcel, plan: (feuillesExistantes: string[]) => WorkbookPlan): Promise<void> {
  context.workbook.worksheets.load("items/name,items/visibility");
  await context.sync();
  const visibilites = new Map(context.workbook.worksheets.items.map((f) => [f.name, f.visibility] as const));
  await ecrirePlan(context, plan([...visibilites.keys()]), visibilites);
}

/** Injects a referential's grid into the open workbook. */
export async function injecterDansExcel(context: ContexteExcel, o: OptionsInjectionExcel): Promise<RapportInjection> {
  o.etape?.("Lecture du classeur…");
  const { etat, visibilites } = await lireEtatExcel(context, o.source);
  const { plan, rapport } = planifierInjection({ ...o, etat, maintenant: o.maintenant ?? new Date().toISOString() });
  o.etape?.(`Écriture de ${rapport.lignes} lignes…`);
  await ecrirePlan(context, plan, visibilites);
  return rapport;
}
