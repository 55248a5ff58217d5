/**
 * A small typed fake of the Excel JavaScript API subset in src/hosts/excel/api.ts.
 *
 * It behaves like Excel where the adapter could go wrong:
 * - reading a property before `load()` + `sync()` throws (office-addin-mock returns a string);
 * - every `sync()` is counted, with the size of what was queued since the previous one
 *   (Excel on the web refuses requests over 5 MB);
 * - a 2-D write must match its range; a string starting with "=" becomes a formula, a leading
 *   apostrophe keeps text; writing a locked cell of a protected sheet throws;
 * - a very hidden sheet cannot be deleted, nor the last visible one; names are unique
 *   (case-insensitive); methods on a null object throw.
 */
import type { ClasseurX, ContexteExcel, EchelleX, FeuilleX, GraphiqueX, MiseEnFormeX, PlageX, TableauX } from "../../src/hosts/excel/api";
import { lettreColonne as lettre } from "../../src/core/workbook-plan";

export const LIMITE_REQUETE = 5 * 1024 * 1024;

type GestionnaireTableau = (e: Excel.TableChangedEventArgs) => Promise<unknown>;

export class ErreurExcelFausse extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code} : ${message}`);
  }
}

interface Cellule {
  v: string | number | boolean;
  formule?: string;
  nf?: string;
  deverrouillee?: boolean;
}

export interface ModeleFeuille {
  nom: string;
  visibilite: "Visible" | "Hidden" | "VeryHidden";
  cellules: Map<string, Cellule>;
  largeurs: Map<number, number>;
  validations: { plage: string; rule: Excel.DataValidationRule; errorAlert?: Excel.DataValidationErrorAlert; prompt?: Excel.DataValidationPrompt }[];
  misesEnForme: { plage: string; formule: string; fond: string; police: string }[];
  figee: { lignes: number; colonnes: number } | null;
  protegee: Excel.WorksheetProtectionOptions | null;
  graphiques: { type: string; source: string; position: string[]; titre: string; serie: string; categories: string; min?: number; max?: number }[];
  gras: Set<number>;
  selection: string | null;
  echelles: { plage: string; criteria: Excel.ConditionalColorScaleCriteria }[];
  /** Row heights set (1-based row → points) and hidden columns (0-based). */
  hauteurs: Map<number, number>;
  colonnesMasquees: Set<number>;
  miseEnPage: { orientation?: string; paperSize?: string; zoom?: Excel.PageLayoutZoomOptions; printGridlines?: boolean; titres?: string; zone?: string; enTete: Record<string, string> };
}

export interface ModeleTableau {
  nom: string;
  style: string;
  feuille: ModeleFeuille;
  adresse: string;
  /** Excel gives every table a new id; a recreated table has another one. */
  id: string;
  /** Handlers of Table.onChanged: they die with the table, as in Excel. */
  gestionnaires: GestionnaireTableau[];
}

export class ModeleClasseur {
  feuilles: ModeleFeuille[] = [];
  tableaux: ModeleTableau[] = [];
  active: ModeleFeuille | null = null;
  /** Handlers of TableCollection.onChanged (the whole workbook's tables). */
  gestionnairesTableaux: GestionnaireTableau[] = [];
  private prochainId = 1;

  nouvelIdTableau(): string {
    return `{T${this.prochainId++}}`;
  }

  /** A user edits a cell of a table: Excel fires the table's handlers and the collection's. */
  async modifierTableau(nom: string): Promise<void> {
    const t = this.tableaux.find((x) => x.nom.toLowerCase() === nom.toLowerCase());
    if (!t) throw new Error(`pas de tableau ${nom}`);
    const e = { tableId: t.id, worksheetId: t.feuille.nom, type: "TableChanged", changeType: "RangeEdited", source: "Local", address: "A2" } as Excel.TableChangedEventArgs;
    for (const g of [...t.gestionnaires, ...this.gestionnairesTableaux]) await g(e);
  }

  ajouterFeuille(nom: string): ModeleFeuille {
    if (this.feuille(nom)) throw new ErreurExcelFausse("ItemAlreadyExists", `la feuille « ${nom} » existe déjà`);
    if (!nom || nom.length > 31 || /[:\\/?*[\]]/.test(nom)) throw new ErreurExcelFausse("InvalidArgument", `nom de feuille invalide « ${nom} »`);
    const f: ModeleFeuille = { nom, visibilite: "Visible", cellules: new Map(), largeurs: new Map(), validations: [], misesEnForme: [], figee: null, protegee: null, graphiques: [], gras: new Set(), selection: null, echelles: [], hauteurs: new Map(), colonnesMasquees: new Set(), miseEnPage: { enTete: {} } };
    this.feuilles.push(f);
    return f;
  }

  feuille(nom: string): ModeleFeuille | undefined {
    return this.feuilles.find((f) => f.nom.toLowerCase() === nom.toLowerCase());
  }

  /** Values of a sheet from A1, as Excel's `values` returns them ("" for empty). */
  valeurs(nom: string): (string | number | boolean)[][] {
    const f = this.feuille(nom);
    if (!f) throw new Error(`pas de feuille ${nom}`);
    let maxL = -1;
    let maxC = -1;
    for (const k of f.cellules.keys()) {
      const [l, c] = k.split(",").map(Number) as [number, number];
      maxL = Math.max(maxL, l);
      maxC = Math.max(maxC, c);
    }
    return lireBloc(f, { l0: 0, c0: 0, l1: maxL, c1: maxC });
  }

  ecrire(nom: string, adresse: string, v: string | number | boolean): void {
    const f = this.feuille(nom)!;
    const { l0, c0 } = decoder(adresse);
    f.cellules.set(`${l0},${c0}`, { ...f.cellules.get(`${l0},${c0}`), v });
  }
}

interface Zone {
  l0: number;
  c0: number;
  l1: number;
  c1: number;
  colonnesEntieres?: boolean;
}

function indexColonne(lettres: string): number {
  let n = 0;
  for (const ch of lettres) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function decoder(adresse: string): Zone {
  const m = /^([A-Z]+)(\d+)?(?::([A-Z]+)(\d+)?)?$/.exec(adresse);
  if (!m) throw new ErreurExcelFausse("InvalidArgument", `adresse invalide « ${adresse} »`);
  const [, ca, la, cb, lb] = m;
  if (la === undefined) return { l0: 0, c0: indexColonne(ca!), l1: 1048575, c1: indexColonne(cb ?? ca!), colonnesEntieres: true };
  return { l0: Number(la) - 1, c0: indexColonne(ca!), l1: Number(lb ?? la) - 1, c1: indexColonne(cb ?? ca!) };
}

function lireBloc(f: ModeleFeuille, z: Zone): (string | number | boolean)[][] {
  const out: (string | number | boolean)[][] = [];
  for (let l = z.l0; l <= z.l1; l++) {
    const ligne: (string | number | boolean)[] = [];
    for (let c = z.c0; c <= z.c1; c++) ligne.push(f.cellules.get(`${l},${c}`)?.v ?? "");
    out.push(ligne);
  }
  return out;
}

export class ContexteFaux implements ContexteExcel {
  syncs = 0;
  /** Bytes queued for each sync (JSON of the values written). */
  octetsParSync: number[] = [];
  operations = 0;
  private octets = 0;
  private enAttente = new Set<ObjetFaux>();
  /** Errors Excel reports at the next sync (e.g. getItem on a missing sheet). */
  private echecs: ErreurExcelFausse[] = [];
  readonly workbook: ClasseurFaux;

  constructor(readonly modele = new ModeleClasseur()) {
    this.workbook = new ClasseurFaux(this);
  }

  compter(charge: unknown = null): void {
    this.operations++;
    this.octets += JSON.stringify(charge ?? "").length + 40;
  }

  attendre(o: ObjetFaux): void {
    this.enAttente.add(o);
  }

  echouerAuSync(e: ErreurExcelFausse): void {
    this.echecs.push(e);
  }

  async sync(): Promise<void> {
    this.syncs++;
    const echec = this.echecs.shift();
    if (echec) {
      this.echecs = [];
      this.enAttente.clear();
      throw echec;
    }
    if (this.octets > LIMITE_REQUETE) throw new ErreurExcelFausse("RequestPayloadSizeLimitExceeded", `${this.octets} octets en une requête`);
    this.octetsParSync.push(this.octets);
    this.octets = 0;
    for (const o of this.enAttente) o.charger();
    this.enAttente.clear();
  }
}

abstract class ObjetFaux {
  private demandes = new Set<string>();
  private chargees = new Set<string>();
  constructor(protected ctx: ContexteFaux) {}

  load(proprietes: string): this {
    for (const p of proprietes.split(",").map((s) => s.trim())) this.demandes.add(p);
    this.ctx.attendre(this);
    this.ctx.compter();
    return this;
  }

  charger(): void {
    for (const p of this.demandes) this.chargees.add(p);
    this.demandes.clear();
  }

  /** An "OrNullObject" result: Excel fills isNullObject at the next sync, with no load asked. */
  nulPossible(): this {
    this.demandes.add("isNullObject");
    this.ctx.attendre(this);
    return this;
  }

  protected lire(propriete: string): void {
    if (!this.chargees.has(propriete)) {
      throw new ErreurExcelFausse("PropertyNotLoaded", `la propriété « ${propriete} » n'est pas chargée : appelez load() puis context.sync()`);
    }
  }
}

class PlageFausse extends ObjetFaux implements PlageX {
  private zone: Zone | null;
  constructor(
    ctx: ContexteFaux,
    private feuille: ModeleFeuille | null,
    adresse: string | null,
  ) {
    super(ctx);
    this.zone = adresse ? decoder(adresse) : null;
  }

  get isNullObject(): boolean {
    this.lire("isNullObject");
    return this.zone === null;
  }

  private z(): Zone {
    if (!this.zone || !this.feuille) throw new ErreurExcelFausse("InvalidObjectPath", "méthode appelée sur un objet nul");
    return this.zone;
  }

  private verifierDimensions(v: unknown[][], quoi: string): void {
    const z = this.z();
    if (v.length !== z.l1 - z.l0 + 1 || v.some((l) => l.length !== z.c1 - z.c0 + 1)) {
      throw new ErreurExcelFausse("InvalidArgument", `${quoi} : dimensions ${v.length}×${v[0]?.length} pour une plage de ${z.l1 - z.l0 + 1}×${z.c1 - z.c0 + 1}`);
    }
  }

  private cellule(l: number, c: number): Cellule {
    const f = this.feuille!;
    const k = `${l},${c}`;
    let cel = f.cellules.get(k);
    if (!cel) f.cellules.set(k, (cel = { v: "" }));
    return cel;
  }

  get values(): unknown[][] {
    this.lire("values");
    return lireBloc(this.feuille!, this.z());
  }

  set values(v: unknown[][]) {
    this.verifierDimensions(v, "values");
    const z = this.z();
    this.ctx.compter(v);
    v.forEach((ligne, i) =>
      ligne.forEach((x, j) => {
        const cel = this.cellule(z.l0 + i, z.c0 + j);
        if (this.feuille!.protegee && !cel.deverrouillee) throw new ErreurExcelFausse("AccessDenied", "cellule verrouillée d'une feuille protégée");
        delete cel.formule;
        if (typeof x === "string" && x.startsWith("'")) cel.v = x.slice(1);
        else if (typeof x === "string" && x.startsWith("=") && cel.nf !== "@") {
          cel.formule = x;
          cel.v = "";
        } else cel.v = x as string | number | boolean;
      }),
    );
  }

  get formulas(): unknown[][] {
    this.lire("formulas");
    const z = this.z();
    return lireBloc(this.feuille!, z).map((l, i) => l.map((v, j) => this.feuille!.cellules.get(`${z.l0 + i},${z.c0 + j}`)?.formule ?? v));
  }

  set formulas(v: unknown[][]) {
    this.values = v;
  }

  select(): void {
    this.ctx.compter();
    this.feuille!.selection = this.adresse();
  }

  get columnHidden(): boolean {
    this.lire("columnHidden");
    const z = this.z();
    return this.feuille!.colonnesMasquees.has(z.c0);
  }

  set columnHidden(b: boolean) {
    const z = this.z();
    this.ctx.compter(b);
    if (!z.colonnesEntieres) throw new ErreurExcelFausse("InvalidArgument", "columnHidden vise des colonnes entières (« AA:AQ »)");
    for (let c = z.c0; c <= z.c1; c++) {
      if (b) this.feuille!.colonnesMasquees.add(c);
      else this.feuille!.colonnesMasquees.delete(c);
    }
  }

  get numberFormat(): unknown[][] {
    this.lire("numberFormat");
    const z = this.z();
    return lireBloc(this.feuille!, z).map((l, i) => l.map((_, j) => this.feuille!.cellules.get(`${z.l0 + i},${z.c0 + j}`)?.nf ?? "General"));
  }

  set numberFormat(v: unknown[][]) {
    this.verifierDimensions(v, "numberFormat");
    const z = this.z();
    this.ctx.compter(v);
    v.forEach((ligne, i) => ligne.forEach((x, j) => (this.cellule(z.l0 + i, z.c0 + j).nf = String(x))));
  }

  get format(): PlageX["format"] {
    const z = this.z();
    const cellule = (l: number, c: number) => this.cellule(l, c);
    const f = this.feuille!;
    const ctx = this.ctx;
    return {
      set columnWidth(w: number) {
        ctx.compter(w);
        for (let c = z.c0; c <= z.c1; c++) f.largeurs.set(c, w);
      },
      get columnWidth(): number {
        throw new ErreurExcelFausse("PropertyNotLoaded", "columnWidth");
      },
      set rowHeight(h: number) {
        ctx.compter(h);
        if (!(h > 0 && h <= 409)) throw new ErreurExcelFausse("InvalidArgument", `hauteur de ligne ${h} hors de 0–409 points`);
        for (let l = z.l0; l <= z.l1; l++) f.hauteurs.set(l + 1, h);
      },
      get rowHeight(): number {
        throw new ErreurExcelFausse("PropertyNotLoaded", "rowHeight");
      },
      wrapText: false,
      verticalAlignment: "Bottom",
      font: {
        set bold(b: boolean) {
          ctx.compter(b);
          if (b) for (let l = z.l0; l <= z.l1; l++) f.gras.add(l + 1);
        },
        get bold(): boolean {
          throw new ErreurExcelFausse("PropertyNotLoaded", "bold");
        },
        color: "#000000",
      },
      protection: {
        set locked(b: boolean) {
          ctx.compter(b);
          if (z.colonnesEntieres) throw new ErreurExcelFausse("InvalidArgument", "déverrouillage d'une colonne entière : trop coûteux, visez les lignes de la grille");
          for (let l = z.l0; l <= z.l1; l++) for (let c = z.c0; c <= z.c1; c++) cellule(l, c).deverrouillee = !b;
        },
        get locked(): boolean {
          throw new ErreurExcelFausse("PropertyNotLoaded", "locked");
        },
      },
    };
  }

  get dataValidation(): PlageX["dataValidation"] {
    const adresse = this.adresse();
    const f = this.feuille!;
    const ctx = this.ctx;
    const entree: ModeleFeuille["validations"][number] = { plage: adresse, rule: {} };
    return {
      set rule(r: Excel.DataValidationRule) {
        ctx.compter(r);
        entree.rule = r;
        f.validations.push(entree);
      },
      get rule(): Excel.DataValidationRule {
        throw new ErreurExcelFausse("PropertyNotLoaded", "rule");
      },
      set errorAlert(e: Excel.DataValidationErrorAlert) {
        ctx.compter(e);
        entree.errorAlert = e;
      },
      get errorAlert(): Excel.DataValidationErrorAlert {
        throw new ErreurExcelFausse("PropertyNotLoaded", "errorAlert");
      },
      set prompt(p: Excel.DataValidationPrompt) {
        ctx.compter(p);
        entree.prompt = p;
      },
      get prompt(): Excel.DataValidationPrompt {
        throw new ErreurExcelFausse("PropertyNotLoaded", "prompt");
      },
    };
  }

  get conditionalFormats(): PlageX["conditionalFormats"] {
    const adresse = this.adresse();
    const f = this.feuille!;
    const ctx = this.ctx;
    return {
      add(type: "Custom" | "ColorScale"): MiseEnFormeX & EchelleX {
        ctx.compter(type);
        const echelle = { plage: adresse, criteria: {} as Excel.ConditionalColorScaleCriteria };
        if (type === "ColorScale") f.echelles.push(echelle);
        const e = { plage: adresse, formule: "", fond: "", police: "" };
        f.misesEnForme.push(e);
        return {
          colorScale: {
            set criteria(c: Excel.ConditionalColorScaleCriteria) {
              echelle.criteria = c;
            },
            get criteria(): Excel.ConditionalColorScaleCriteria {
              throw new ErreurExcelFausse("PropertyNotLoaded", "criteria");
            },
          },
          custom: {
            rule: {
              set formula(x: string) {
                e.formule = x;
              },
              get formula() {
                return e.formule;
              },
            },
            format: {
              fill: {
                set color(x: string) {
                  e.fond = x;
                },
                get color() {
                  return e.fond;
                },
              },
              font: {
                set color(x: string) {
                  e.police = x;
                },
                get color() {
                  return e.police;
                },
                bold: false,
              },
            },
          },
        };
      },
    };
  }

  private adresse(): string {
    const z = this.z();
    const l = (c: number) => lettre(c);
    return `${l(z.c0)}${z.l0 + 1}:${l(z.c1)}${z.l1 + 1}`;
  }

  adresseA1(): string {
    return this.adresse();
  }
}

/** A sheet or a table: may be a null object, has a name unique in its collection (case-insensitive). */
abstract class ObjetNommeFaux<M extends { nom: string }> extends ObjetFaux {
  constructor(
    ctx: ContexteFaux,
    protected classeur: ModeleClasseur,
    readonly modele: M | null,
    private genre: string,
    /** Stands for a missing item asked with getItem: calls queue, the sync fails. */
    protected fantome = false,
  ) {
    super(ctx);
  }

  /** The live objects of the same collection. */
  protected abstract collection(): M[];

  protected m(): M {
    if (!this.modele) throw new ErreurExcelFausse("InvalidObjectPath", `méthode appelée sur ${this.genre} nul(le)`);
    if (!this.fantome && !this.collection().includes(this.modele)) throw new ErreurExcelFausse("ItemNotFound", `${this.genre} « ${this.modele.nom} » supprimé(e)`);
    return this.modele;
  }

  get isNullObject(): boolean {
    this.lire("isNullObject");
    return this.modele === null;
  }

  get name(): string {
    this.lire("name");
    return this.m().nom;
  }

  set name(n: string) {
    this.ctx.compter(n);
    if (this.collection().some((o) => o !== this.modele && o.nom.toLowerCase() === n.toLowerCase())) {
      throw new ErreurExcelFausse("ItemAlreadyExists", `${this.genre} « ${n} » existe déjà`);
    }
    this.m().nom = n;
  }
}

class FeuilleFausse extends ObjetNommeFaux<ModeleFeuille> implements FeuilleX {
  constructor(ctx: ContexteFaux, classeur: ModeleClasseur, modele: ModeleFeuille | null, fantome = false) {
    super(ctx, classeur, modele, "la feuille", fantome);
  }

  protected collection(): ModeleFeuille[] {
    return this.classeur.feuilles;
  }

  get visibility(): string {
    this.lire("visibility");
    return this.m().visibilite;
  }

  set visibility(v: string) {
    this.ctx.compter(v);
    this.m().visibilite = v as ModeleFeuille["visibilite"];
  }

  getRange(adresse: string): PlageX {
    return new PlageFausse(this.ctx, this.m(), adresse);
  }

  getUsedRange(): PlageX {
    const m = this.m();
    return m.cellules.size === 0 ? new PlageFausse(this.ctx, m, "A1") : this.getUsedRangeOrNullObject();
  }

  getUsedRangeOrNullObject(): PlageX {
    const m = this.m();
    if (m.cellules.size === 0) return new PlageFausse(this.ctx, m, null).nulPossible();
    const v = this.classeur.valeurs(m.nom);
    const fin = lettre((v[0]?.length ?? 1) - 1);
    return new PlageFausse(this.ctx, m, `A1:${fin}${v.length}`).nulPossible();
  }

  activate(): void {
    const m = this.m();
    this.ctx.compter();
    if (m.visibilite !== "Visible") throw new ErreurExcelFausse("InvalidOperation", "activation d'une feuille masquée");
    this.classeur.active = m;
  }

  delete(): void {
    const m = this.m();
    this.ctx.compter();
    if (m.visibilite === "VeryHidden") throw new ErreurExcelFausse("GeneralException", "une feuille très masquée ne peut pas être supprimée (office-js#365)");
    const restantes = this.classeur.feuilles.filter((f) => f !== m && f.visibilite === "Visible");
    if (restantes.length === 0) throw new ErreurExcelFausse("InvalidOperation", "un classeur garde au moins une feuille visible");
    this.classeur.feuilles = this.classeur.feuilles.filter((f) => f !== m);
    this.classeur.tableaux = this.classeur.tableaux.filter((t) => t.feuille !== m);
    if (this.classeur.active === m) this.classeur.active = restantes[0] ?? null;
  }

  get tables(): FeuilleX["tables"] {
    const m = this.m();
    return {
      add: (adresse: string, avecEntetes: boolean): TableauX => {
        this.ctx.compter(adresse);
        if (!avecEntetes) throw new ErreurExcelFausse("InvalidArgument", "la grille a une ligne d'en-têtes");
        const t: ModeleTableau = { nom: `Tableau${this.classeur.tableaux.length + 1}`, style: "TableStyleMedium2", feuille: m, adresse, id: this.classeur.nouvelIdTableau(), gestionnaires: [] };
        this.classeur.tableaux.push(t);
        return new TableauFaux(this.ctx, this.classeur, t);
      },
    };
  }

  get charts(): FeuilleX["charts"] {
    const m = this.m();
    const ctx = this.ctx;
    return {
      add: (type: "Radar" | "ColumnClustered" | "BarClustered", source: PlageX): GraphiqueX => {
        ctx.compter(type);
        const g: ModeleFeuille["graphiques"][number] = { type, source: (source as unknown as PlageFausse).adresseA1(), position: [], titre: "", serie: "", categories: "" };
        m.graphiques.push(g);
        const valueAxis = {
          set minimum(x: number) {
            g.min = x;
          },
          get minimum(): number {
            throw new ErreurExcelFausse("PropertyNotLoaded", "minimum");
          },
          set maximum(x: number) {
            g.max = x;
          },
          get maximum(): number {
            throw new ErreurExcelFausse("PropertyNotLoaded", "maximum");
          },
        };
        return {
          setPosition: (debut: string, fin?: string) => {
            g.position = [debut, fin ?? debut];
          },
          title: {
            set text(t: string) {
              g.titre = t;
            },
            get text(): string {
              throw new ErreurExcelFausse("PropertyNotLoaded", "text");
            },
          },
          legend: { visible: true },
          series: {
            getItemAt: () => ({
              set name(n: string) {
                g.serie = n;
              },
              get name(): string {
                throw new ErreurExcelFausse("PropertyNotLoaded", "name");
              },
              setXAxisValues: (plage: PlageX) => {
                g.categories = (plage as unknown as PlageFausse).adresseA1();
              },
            }),
          },
          axes: { valueAxis },
        };
      },
    };
  }

  get pageLayout(): FeuilleX["pageLayout"] {
    const mp = this.m().miseEnPage;
    const ctx = this.ctx;
    const propriete = <K extends "orientation" | "paperSize" | "zoom" | "printGridlines">(k: K) => ({
      set(v: NonNullable<(typeof mp)[K]>) {
        ctx.compter(v);
        mp[k] = v;
      },
      get(): never {
        throw new ErreurExcelFausse("PropertyNotLoaded", k);
      },
    });
    const enTete = (k: string) => ({
      set(v: string) {
        ctx.compter(v);
        if (/&(?![&LCRPNDTAFZG"0-9+\-BIUSEXYKOH])/.test(v)) throw new ErreurExcelFausse("InvalidArgument", `code d'en-tête invalide dans « ${v} »`);
        mp.enTete[k] = v;
      },
      get(): never {
        throw new ErreurExcelFausse("PropertyNotLoaded", k);
      },
    });
    const pied = Object.defineProperties({}, { leftHeader: enTete("leftHeader"), centerHeader: enTete("centerHeader"), rightHeader: enTete("rightHeader"), centerFooter: enTete("centerFooter") });
    return Object.defineProperties(
      {
        setPrintTitleRows: (plage: string) => {
          ctx.compter(plage);
          if (!/^\$\d+:\$\d+$/.test(plage)) throw new ErreurExcelFausse("InvalidArgument", `lignes à répéter invalides « ${plage} »`);
          mp.titres = plage;
        },
        setPrintArea: (plage: string) => {
          ctx.compter(plage);
          decoder(plage);
          mp.zone = plage;
        },
        headersFooters: { defaultForAllPages: pied },
      },
      { orientation: propriete("orientation"), paperSize: propriete("paperSize"), zoom: propriete("zoom"), printGridlines: propriete("printGridlines") },
    ) as FeuilleX["pageLayout"];
  }

  get freezePanes(): FeuilleX["freezePanes"] {
    const m = this.m();
    return {
      freezeRows: (n = 1) => {
        this.ctx.compter(n);
        m.figee = { lignes: n, colonnes: 0 };
      },
      freezeAt: (plage: string) => {
        this.ctx.compter(plage);
        const z = decoder(plage);
        m.figee = { lignes: z.l1 + 1, colonnes: z.c1 + 1 };
      },
    };
  }

  get protection(): FeuilleX["protection"] {
    const m = this.m();
    return {
      protect: (options?: Excel.WorksheetProtectionOptions, motDePasse?: string) => {
        this.ctx.compter(options);
        if (motDePasse) throw new Error("la grille ne doit pas être protégée par mot de passe");
        m.protegee = options ?? {};
      },
    };
  }
}

/** Registers an event handler; like Excel, it is removed in the context that added it. */
function abonner(ctx: ContexteFaux, liste: GestionnaireTableau[], g: GestionnaireTableau) {
  ctx.compter();
  liste.push(g);
  return {
    context: ctx,
    remove: () => {
      const i = liste.indexOf(g);
      if (i >= 0) liste.splice(i, 1);
    },
  };
}

class TableauFaux extends ObjetNommeFaux<ModeleTableau> implements TableauX {
  constructor(ctx: ContexteFaux, classeur: ModeleClasseur, modele: ModeleTableau | null, fantome = false) {
    super(ctx, classeur, modele, "le tableau", fantome);
  }
  get onChanged(): TableauX["onChanged"] {
    const m = this.m();
    return { add: (g: GestionnaireTableau) => abonner(this.ctx, m.gestionnaires, g) };
  }
  get id(): string {
    this.lire("id");
    return this.m().id;
  }
  protected collection(): ModeleTableau[] {
    return this.classeur.tableaux;
  }
  get style(): string {
    this.lire("style");
    return this.m().style;
  }
  set style(s: string) {
    this.ctx.compter(s);
    this.m().style = s;
  }
  get worksheet(): FeuilleX {
    return new FeuilleFausse(this.ctx, this.classeur, this.m().feuille);
  }
  getRange(): PlageX {
    return new PlageFausse(this.ctx, this.m().feuille, this.m().adresse);
  }
}

class CollectionFeuillesFausse extends ObjetFaux {
  private charges: FeuilleFausse[] | null = null;
  private demandees: string[] = [];
  constructor(
    ctx: ContexteFaux,
    private classeur: ModeleClasseur,
  ) {
    super(ctx);
  }
  override load(proprietes: string): this {
    this.demandees = proprietes.split(",").map((p) => p.trim().replace(/^items\//, ""));
    return super.load("items");
  }
  override charger(): void {
    super.charger();
    this.charges = this.classeur.feuilles.map((f) => {
      const o = new FeuilleFausse(this.ctx, this.classeur, f);
      o.load(this.demandees.join(","));
      o.charger();
      return o;
    });
  }
  get items(): FeuilleX[] {
    this.lire("items");
    return this.charges ?? [];
  }
  getItemOrNullObject(nom: string): FeuilleX {
    return new FeuilleFausse(this.ctx, this.classeur, this.classeur.feuille(nom) ?? null).nulPossible();
  }
  getItem(nom: string): FeuilleX {
    const f = this.classeur.feuille(nom);
    if (f) return new FeuilleFausse(this.ctx, this.classeur, f);
    this.ctx.echouerAuSync(new ErreurExcelFausse("ItemNotFound", `la feuille « ${nom} » n'existe pas`));
    return new FeuilleFausse(this.ctx, this.classeur, new ModeleClasseur().ajouterFeuille(nom), true);
  }
  add(nom?: string): FeuilleX {
    this.ctx.compter(nom);
    return new FeuilleFausse(this.ctx, this.classeur, this.classeur.ajouterFeuille(nom ?? `Feuil${this.classeur.feuilles.length + 1}`));
  }
}

export class ClasseurFaux implements ClasseurX {
  readonly worksheets: CollectionFeuillesFausse;
  constructor(private ctx: ContexteFaux) {
    this.worksheets = new CollectionFeuillesFausse(ctx, ctx.modele);
  }
  get tables(): ClasseurX["tables"] {
    const trouver = (nom: string) => this.ctx.modele.tableaux.find((t) => t.nom.toLowerCase() === nom.toLowerCase()) ?? null;
    return {
      getItemOrNullObject: (nom: string) => new TableauFaux(this.ctx, this.ctx.modele, trouver(nom)).nulPossible(),
      getItem: (nom: string) => {
        const t = trouver(nom);
        if (t) return new TableauFaux(this.ctx, this.ctx.modele, t);
        this.ctx.echouerAuSync(new ErreurExcelFausse("ItemNotFound", `le tableau « ${nom} » n'existe pas`));
        const modele = new ModeleClasseur();
        return new TableauFaux(this.ctx, modele, { nom, style: "", feuille: modele.ajouterFeuille("fantome"), adresse: "A1", id: "", gestionnaires: [] }, true);
      },
      onChanged: { add: (g: GestionnaireTableau) => abonner(this.ctx, this.ctx.modele.gestionnairesTableaux, g) },
    };
  }
  get application(): ClasseurX["application"] {
    return { suspendApiCalculationUntilNextSync: () => this.ctx.compter() };
  }
}
