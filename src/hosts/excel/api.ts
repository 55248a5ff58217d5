/**
 * The subset of the Excel JavaScript API the adapter uses. Keeping it small and explicit lets
 * tests run the adapter against a typed fake; `test/hosts/excel-api.test.ts` checks at compile
 * time that the real `Excel.RequestContext` satisfies it.
 *
 * Requirement set: ExcelApi 1.8 (data validation); the rest needs ≤ 1.7, except the print
 * layout (ExcelApi 1.9), written only where the host has it.
 */
export const EXCEL_API_REQUISE = "1.8";

export interface ChargeableX {
  load(proprietes: string): unknown;
}

export interface PlageX extends ChargeableX {
  values: unknown[][];
  /** Written in en-US syntax whatever the user's locale; constants go through unchanged. */
  formulas: unknown[][];
  select(): void;
  numberFormat: unknown[][];
  readonly isNullObject: boolean;
  /** ExcelApi 1.2. */
  columnHidden: boolean;
  readonly format: {
    columnWidth: number;
    rowHeight: number;
    wrapText: boolean;
    verticalAlignment: string;
    readonly font: { bold: boolean; color: string };
    readonly protection: { locked: boolean };
  };
  readonly dataValidation: {
    rule: Excel.DataValidationRule;
    errorAlert: Excel.DataValidationErrorAlert;
    prompt: Excel.DataValidationPrompt;
  };
  readonly conditionalFormats: { add(type: "Custom"): MiseEnFormeX; add(type: "ColorScale"): EchelleX };
}

export interface MiseEnFormeX {
  readonly custom: {
    readonly rule: { formula: string };
    readonly format: { readonly fill: { color: string }; readonly font: { color: string; bold: boolean } };
  };
}

export interface EchelleX {
  readonly colorScale: { criteria: Excel.ConditionalColorScaleCriteria };
}

/** What Office returns for a registered handler: remove it in its own context. */
export interface AbonnementX {
  readonly context: unknown;
  remove(): void;
}

export interface TableauX extends ChargeableX {
  name: string;
  style: string;
  readonly id: string;
  readonly isNullObject: boolean;
  readonly worksheet: FeuilleX;
  getRange(): PlageX;
  readonly onChanged: { add(gestionnaire: (evenement: Excel.TableChangedEventArgs) => Promise<unknown>): unknown };
}

export interface FeuilleX extends ChargeableX {
  name: string;
  visibility: string;
  readonly isNullObject: boolean;
  getRange(adresse: string): PlageX;
  getUsedRangeOrNullObject(valeursSeulement?: boolean): PlageX;
  getUsedRange(valeursSeulement?: boolean): PlageX;
  activate(): void;
  delete(): void;
  readonly tables: { add(adresse: string, avecEntetes: boolean): TableauX };
  readonly freezePanes: { freezeRows(n?: number): void; freezeAt(plage: string): void };
  readonly protection: { protect(options?: Excel.WorksheetProtectionOptions, motDePasse?: string): void };
  readonly charts: { add(type: "Radar" | "ColumnClustered" | "BarClustered", source: PlageX, seriesBy?: "Columns" | "Rows"): GraphiqueX };
  /** ExcelApi 1.9: written only when the host supports it (see miseEnPageDisponible). */
  readonly pageLayout: MiseEnPageX;
}

export interface MiseEnPageX {
  orientation: Excel.PageOrientation | "Portrait" | "Landscape";
  paperSize: Excel.PaperType | "A4" | string;
  zoom: Excel.PageLayoutZoomOptions;
  printGridlines: boolean;
  setPrintTitleRows(plage: string): void;
  setPrintArea(plage: string): void;
  readonly headersFooters: {
    readonly defaultForAllPages: { leftHeader: string; centerHeader: string; rightHeader: string; centerFooter: string };
  };
}

export interface GraphiqueX {
  setPosition(debut: string, fin?: string): void;
  readonly title: { text: string };
  readonly legend: { visible: boolean };
  readonly series: { getItemAt(index: number): { name: string; setXAxisValues(source: PlageX): void } };
  readonly axes: { readonly valueAxis: { minimum: number; maximum: number } };
}

export interface ClasseurX {
  readonly worksheets: ChargeableX & {
    readonly items: FeuilleX[];
    getItem(nom: string): FeuilleX;
    getItemOrNullObject(nom: string): FeuilleX;
    add(nom?: string): FeuilleX;
  };
  readonly tables: {
    getItem(nom: string): TableauX;
    getItemOrNullObject(nom: string): TableauX;
    /** Any table of the workbook changed (ExcelApi 1.7): survives the grid's table being recreated. */
    readonly onChanged: { add(gestionnaire: (evenement: Excel.TableChangedEventArgs) => Promise<unknown>): AbonnementX };
  };
  readonly application: { suspendApiCalculationUntilNextSync(): void };
}

export interface ContexteExcel {
  readonly workbook: ClasseurX;
  sync(): Promise<unknown>;
}
