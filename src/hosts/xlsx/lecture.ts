/**
 * The one workbook reader of every command and of the panes' file mode: a streaming XML parser
 * (saxes, namespaces resolved) over the ZIP package, reading only the parts it needs — package
 * relationships, workbook, its relationships, shared strings, styles (for dates), and the sheets
 * asked for. Any writer: Excel, LibreOffice, openpyxl, xlsxwriter, SheetJS, Google Sheets;
 * default namespace or `x:` prefixes; shared or inline strings, rich text, CDATA, entities.
 */
import { ErreurUtilisateur } from "../../core/referential";
import { FEUILLE_META, lireMeta } from "../../core/metadata";
import { estCleNote, TABLEAU_GRILLE, type EtatClasseur } from "../../core/grille";
import { TABLEAU_PAQ } from "../../core/paq";
import { lettreColonne, type Valeur } from "../../core/workbook-plan";
import { Paquet, TAILLE_MAX_OCTETS } from "../ooxml/zip";
import { estPrincipal, estRelation, lireBalises, NS, type Balise, type GestionnairesBalises } from "../ooxml/xml";
import { dossierDe, relsDe, resoudre } from "../paquet";
import { lireCellule, ValeursLues, type CelluleLue, type Nature } from "./cellule";

export { TAILLE_MAX_OCTETS };

/** Content types of a workbook's main part that we read: .xlsx, .xlsm, .xltx, .xltm. */
const TYPES_CLASSEUR = /^application\/vnd\.(openxmlformats-officedocument\.spreadsheetml\.(sheet|template)\.main|ms-excel\.(sheet|template)\.macroEnabled\.main)\+xml$/;
const TYPE_DOC_OFFICE = /\/officeDocument$/;
/** Excel's limit for one cell's text. */
export /** Excel's grid: 1,048,576 rows, 16,384 columns (XFD). */
const LIGNES_MAX = 1_048_576;
const COLONNES_MAX = 16_384;
const CARACTERES_CELLULE_MAX = 32767;
/** All shared strings together: far above any grid (a million rows of comments), far below memory. */
export const CARACTERES_PARTAGES_MAX = 100_000_000;

export interface FeuilleLue {
  nom: string;
  /** Part path, e.g. "xl/worksheets/sheet2.xml". */
  chemin: string;
  etat: "visible" | "hidden" | "veryHidden";
}

/** How a cell that is not plain data was written: kept for the cells a caller asks about. */
export type { Nature };

export interface ValeursFeuille {
  valeurs: Valeur[][];
  /** A1 address → nature, for the columns asked in `signaler`. */
  natures: Map<string, Nature>;
}

interface Relation {
  type: string;
  cible: string;
}

/**
 * Reads a part as events (fast tokenizer, or saxes for an irregular part). Handlers that keep
 * state give `creer`, called afresh for each reading; stateless ones may give the handlers.
 */
async function parcourirXml(p: Paquet, partie: string, g: GestionnairesBalises | (() => GestionnairesBalises)): Promise<void> {
  await lireBalises((surTexte) => p.texteEnFlux(partie, surTexte), p.source, partie, typeof g === "function" ? g : () => g);
}

/** The relationships of a part: id → type and target resolved to a part path (internal ones). */
export async function relationsDe(p: Paquet, partie: string): Promise<Map<string, Relation>> {
  const out = new Map<string, Relation>();
  const chemin = partie === "" ? "_rels/.rels" : relsDe(partie);
  if (!p.a(chemin)) return out;
  const dossier = dossierDe(partie);
  await parcourirXml(p, chemin, {
    ouverture: (b) => {
      if (b.local !== "Relationship" || b.uri !== NS.paquetRelations) return;
      const id = b.attribut("Id");
      const cible = b.attribut("Target");
      if (id && cible && b.attribut("TargetMode") !== "External") out.set(id, { type: b.attribut("Type") ?? "", cible: resoudre(dossier, cible) });
    },
  });
  return out;
}

const typeRel = (r: Relation, fin: string) => r.type.endsWith(`/${fin}`);

/** Number formats that show a date or time (built-in ids and custom codes). */
function estFormatDate(id: number, code: string | undefined): boolean {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (!code) return false;
  const nu = code.replace(/"[^"]*"|\\.|_.|\*./g, "").replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, "");
  return /[dmyhs]/i.test(nu) && !/^general$/i.test(nu.trim());
}

export class ClasseurLu {
  private partagees: string[] | null = null;
  private formatsDates: boolean[] | null = null;
  private tableaux: Map<string, string> | null = null;

  private constructor(
    readonly paquet: Paquet,
    readonly source: string,
    /** The main part, almost always "xl/workbook.xml". */
    readonly partieClasseur: string,
    readonly feuilles: FeuilleLue[],
    readonly relations: Map<string, Relation>,
    readonly date1904: boolean,
  ) {}

  /** Opens a package and reads its sheet list; every failure is a French message naming the file. */
  static async ouvrir(octets: Uint8Array, source: string): Promise<ClasseurLu> {
    if (octets.byteLength === 0) throw new ErreurUtilisateur(`${source} est vide (0 octet) : ce n'est pas un classeur Excel.`);
    if (octets.byteLength > TAILLE_MAX_OCTETS) {
      throw new ErreurUtilisateur(
        `${source} pèse ${(octets.byteLength / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${TAILLE_MAX_OCTETS / 1024 / 1024} Mo pour un classeur d'évaluation.`,
      );
    }
    // Every .xlsx is a ZIP archive: "PK".
    if (octets[0] !== 0x50 || octets[1] !== 0x4b) {
      const indice =
        octets[0] === 0xd0 && octets[1] === 0xcf
          ? " Il s'agit d'un ancien classeur .xls (Excel 97-2003), à enregistrer au format .xlsx, ou d'un classeur protégé par mot de passe, à ouvrir et enregistrer sans mot de passe."
          : "";
      throw new ErreurUtilisateur(`${source} n'est pas un classeur .xlsx.${indice}`);
    }
    const p = new Paquet(octets, source);
    // The main part: from the package relationships, else the usual place.
    let principale = "xl/workbook.xml";
    if (p.a("_rels/.rels")) {
      for (const r of (await relationsDe(p, "")).values()) if (TYPE_DOC_OFFICE.test(r.type)) principale = r.cible;
    }
    if (!p.a(principale)) {
      throw new ErreurUtilisateur(`${source} n'est pas un classeur Excel : il lui manque « xl/workbook.xml » (document Word ou autre archive ?).`);
    }
    if (p.a("[Content_Types].xml")) {
      let type: string | undefined;
      await parcourirXml(p, "[Content_Types].xml", {
        ouverture: (b) => {
          if (b.local === "Override" && b.attribut("PartName")?.replace(/^\//, "").toLowerCase() === principale.toLowerCase()) type = b.attribut("ContentType");
        },
      });
      if (type && !TYPES_CLASSEUR.test(type)) {
        const autre = /wordprocessingml/.test(type) ? "un document Word" : /presentationml/.test(type) ? "une présentation PowerPoint" : `un autre type de fichier (« ${type} »)`;
        throw new ErreurUtilisateur(`${source} n'est pas un classeur Excel : c'est ${autre}. Ouvrez-le dans le bon programme, ou choisissez le classeur d'évaluation (.xlsx).`);
      }
    }
    const relations = await relationsDe(p, principale);
    const brutes: { nom: string; rid: string; etat: FeuilleLue["etat"] }[] = [];
    let date1904 = false;
    await parcourirXml(p, principale, () => {
      brutes.length = 0;
      date1904 = false;
      return {
      ouverture: (b) => {
        if (!estPrincipal(b.uri)) return;
        if (b.local === "sheet") {
          const etat = b.attribut("state");
          brutes.push({ nom: b.attribut("name") ?? "", rid: b.attribut("id", estRelation) ?? "", etat: etat === "hidden" || etat === "veryHidden" ? etat : "visible" });
        } else if (b.local === "workbookPr") {
          const v = b.attribut("date1904");
          date1904 = v === "1" || v === "true";
        }
      },
      };
    });
    const feuilles: FeuilleLue[] = [];
    for (const f of brutes) {
      const r = relations.get(f.rid);
      // Chart sheets and dialog sheets have no cells: listed, never read as grids.
      if (r) feuilles.push({ nom: f.nom, chemin: r.cible, etat: f.etat });
    }
    return new ClasseurLu(p, source, principale, feuilles, relations, date1904);
  }

  /** A cell beyond Excel's 1,048,576 rows or 16,384 columns: no spreadsheet program writes one. */
  private horsLimites(ou: string): ErreurUtilisateur {
    return new ErreurUtilisateur(`${this.source} est refusé : ${ou} est au-delà des limites d'Excel (${LIGNES_MAX.toLocaleString("fr-FR")} lignes, ${COLONNES_MAX.toLocaleString("fr-FR")} colonnes) ; aucun tableur n'écrit une telle cellule (fichier fabriqué ou abîmé). Rien n'a été lu ni modifié.`);
  }

  private tropLong(ou: string): ErreurUtilisateur {
    return new ErreurUtilisateur(`${this.source} est refusé : ${ou} dépasse ${CARACTERES_CELLULE_MAX} caractères, la limite d'une cellule Excel (fichier fabriqué ?). Rien n'a été lu ni modifié.`);
  }

  private cheminRel(type: string): string | undefined {
    for (const r of this.relations.values()) if (typeRel(r, type) && this.paquet.a(r.cible)) return r.cible;
    return undefined;
  }

  /** Shared strings: every <si> gives one string (an empty <si/> too), phonetic runs left out. */
  async chainesPartagees(): Promise<string[]> {
    if (this.partagees) return this.partagees;
    const out: string[] = [];
    const chemin = this.cheminRel("sharedStrings");
    if (chemin) {
      let courant: string[] | null = null;
      let longueur = 0;
      let total = 0;
      let phonetique = 0;
      let dansT = false;
      await parcourirXml(this.paquet, chemin, () => {
        out.length = longueur = total = phonetique = 0;
        courant = null;
        dansT = false;
        return {
        ouverture: (b) => {
          if (!estPrincipal(b.uri)) return;
          if (b.local === "si") {
            courant = [];
            longueur = 0;
          } else if (b.local === "rPh") phonetique++;
          else if (b.local === "t" && !phonetique) dansT = true;
        },
        fermeture: (b) => {
          if (!estPrincipal(b.uri)) return;
          if (b.local === "si") {
            out.push(courant?.join("") ?? "");
            courant = null;
          } else if (b.local === "rPh") phonetique--;
          else if (b.local === "t") dansT = false;
        },
        texte: (t) => {
          if (!dansT || !courant) return;
          longueur += t.length;
          total += t.length;
          if (longueur > CARACTERES_CELLULE_MAX) throw this.tropLong(`la chaîne partagée n° ${out.length + 1}`);
          if (total > CARACTERES_PARTAGES_MAX) throw new ErreurUtilisateur(`${this.source} est refusé : ses chaînes partagées dépassent ${CARACTERES_PARTAGES_MAX / 1_000_000} millions de caractères, bien au-delà d'une grille d'évaluation (fichier fabriqué ?). Rien n'a été lu ni modifié.`);
          courant.push(t);
        },
        };
      });
    }
    return (this.partagees = out);
  }

  /** For each cell style index: does its number format show a date? */
  private async stylesDates(): Promise<boolean[]> {
    if (this.formatsDates) return this.formatsDates;
    const out: boolean[] = [];
    const chemin = this.cheminRel("styles");
    if (chemin) {
      const codes = new Map<number, string>();
      let dansXfs = false;
      await parcourirXml(this.paquet, chemin, () => {
        out.length = 0;
        codes.clear();
        dansXfs = false;
        return {
        ouverture: (b) => {
          if (!estPrincipal(b.uri)) return;
          if (b.local === "numFmt") codes.set(Number(b.attribut("numFmtId")), b.attribut("formatCode") ?? "");
          else if (b.local === "cellXfs") dansXfs = true;
          else if (b.local === "xf" && dansXfs) {
            const id = Number(b.attribut("numFmtId") ?? 0);
            out.push(estFormatDate(id, codes.get(id)));
          }
        },
        fermeture: (b) => {
          if (b.local === "cellXfs") dansXfs = false;
        },
        };
      });
    }
    return (this.formatsDates = out);
  }

  /** Table name (lower case) → sheet name, from each sheet's table parts. */
  async feuilleDuTableau(nom: string): Promise<FeuilleLue | null> {
    if (!this.tableaux) {
      this.tableaux = new Map();
      for (const f of this.feuilles) {
        if (!this.paquet.a(f.chemin)) continue;
        for (const r of (await relationsDe(this.paquet, f.chemin)).values()) {
          if (!typeRel(r, "table") || !this.paquet.a(r.cible)) continue;
          let lu = false;
          await parcourirXml(this.paquet, r.cible, {
            ouverture: (b) => {
              if (lu || b.local !== "table") return;
              lu = true;
              for (const n of [b.attribut("name"), b.attribut("displayName")]) if (n && !this.tableaux!.has(n.toLowerCase())) this.tableaux!.set(n.toLowerCase(), f.nom);
            },
          });
        }
      }
    }
    const feuille = this.tableaux.get(nom.toLowerCase());
    return this.feuilles.find((f) => f.nom === feuille) ?? null;
  }

  feuille(nom: string): FeuilleLue | null {
    return this.feuilles.find((f) => f.nom === nom) ?? null;
  }

  /**
   * The values of a sheet from A1, as a dense 2-D array (rows up to the last one holding a
   * value, columns up to `colonnesMax`). Formulas give their cached value (null without one);
   * dates give "AAAA-MM-JJ". Cells of the columns in `signaler` holding a formula or a date are
   * listed in `natures`, so the core can refuse them as notes.
   */
  async valeurs(f: FeuilleLue, o: { colonnesMax?: number; signaler?: ReadonlySet<number>; garder?: ReadonlySet<number> } = {}): Promise<ValeursFeuille> {
    const partagees = await this.chainesPartagees();
    const dates = await this.stylesDates();
    const colonnesMax = o.colonnesMax ?? 256;
    const signaler = o.signaler ?? new Set<number>();
    const garder = o.garder;
    const largeurGardee = garder ? Math.max(-1, ...garder) + 1 : 0;
    const decalage = this.date1904 ? 24107 : 25569;
    const enDate = (serie: number) => new Date(Math.round((serie - decalage) * 86400000)).toISOString().slice(0, 10);
    const chaine = (i: number) => partagees[i];
    const cellule: CelluleLue = { v: null, nature: null };
    let lues = new ValeursLues(largeurGardee, signaler);
    // Position and content of the cell being read.
    let ligne = 0;
    let ligneRow = -1;
    let col = -1;
    let type = "n";
    let style = 0;
    let formule = false;
    /** Is the cell in a column asked for? Others are only checked (position, length). */
    let utile = false;
    let brut: string | null = null;
    let inline: string | null = null;
    let longueur = 0;
    let dansV = false;
    let dansT = false;
    let phonetique = 0;
    const lireRef = (ref: string) => {
      let c = 0;
      let i = 0;
      for (; i < ref.length; i++) {
        const k = ref.charCodeAt(i);
        if (k < 65 || k > 90) break;
        c = c * 26 + k - 64;
      }
      col = c - 1;
      let r = 0;
      for (; i < ref.length; i++) {
        const k = ref.charCodeAt(i);
        if (k < 48 || k > 57) break;
        r = Math.min(r * 10 + k - 48, LIGNES_MAX + 1);
      }
      // Like Number(): only digits to the end give a row.
      if (i === ref.length && r > 0) ligne = r - 1;
    };
    // The namespace of the last tag, checked once (every tag of a sheet has the same).
    let uriVu = "";
    let principalVu = false;
    const principal = (uri: string) => {
      if (uri !== uriVu) {
        uriVu = uri;
        principalVu = estPrincipal(uri);
      }
      return principalVu;
    };
    const ouverture = (b: Balise) => {
      if (!principal(b.uri)) return;
      switch (b.local) {
        case "row": {
          const r = Number(b.attribut("r"));
          ligne = ligneRow = Number.isInteger(r) && r > 0 ? r - 1 : ligneRow + 1;
          if (ligne >= LIGNES_MAX) throw this.horsLimites(`la ligne ${ligne + 1} de la feuille « ${f.nom} »`);
          col = -1;
          // A row opened inside a cell (no spreadsheet program writes one) ends that cell unread.
          utile = false;
          break;
        }
        case "c": {
          const ref = b.attribut("r");
          if (ref !== undefined) lireRef(ref);
          else col++;
          if (col >= COLONNES_MAX || ligne >= LIGNES_MAX) throw this.horsLimites(`la cellule « ${ref ?? lettreColonne(col)} » de la feuille « ${f.nom} »`);
          utile = col >= 0 && col < colonnesMax && (!garder || garder.has(col));
          // A cell of another column: read and checked, but its value, formula and text give no event.
          if (!utile) b.ignorerContenu();
          else {
            type = b.attribut("t") ?? "n";
            const st = b.attribut("s");
            style = st === undefined ? 0 : Number(st);
          }
          formule = false;
          brut = null;
          inline = null;
          break;
        }
        case "v":
          dansV = true;
          brut = "";
          longueur = 0;
          break;
        case "f":
          formule = true;
          break;
        case "is":
          inline = "";
          longueur = 0;
          break;
        case "rPh":
          phonetique++;
          break;
        case "t":
          if (inline !== null && !phonetique) dansT = true;
          break;
      }
    };
    const fermeture = (b: Balise) => {
      if (!principal(b.uri)) return;
      switch (b.local) {
        case "v":
          dansV = false;
          break;
        case "t":
          dansT = false;
          break;
        case "rPh":
          phonetique--;
          break;
        case "c": {
          if (!utile) return;
          // Kept columns only: rows made at their final, small size (a million rows stay light).
          lireCellule(cellule, type, brut, inline, style, formule, dates, chaine, enDate);
          lues.poser(col, ligne, cellule);
          break;
        }
      }
    };
    // Only the text of the cells asked for is cut out (a million-row sheet holds 16 million values).
    const texteVoulu = () => utile && (dansV || dansT);
    const texte = (t: string) => {
      if (!texteVoulu()) return;
      longueur += t.length;
      if (longueur > CARACTERES_CELLULE_MAX) throw this.tropLong(`la cellule ${lettreColonne(Math.max(col, 0))}${ligne + 1} de la feuille « ${f.nom} »`);
      if (dansV) brut += t;
      else inline += t;
    };
    await parcourirXml(this.paquet, f.chemin, () => {
      lues = new ValeursLues(largeurGardee, signaler);
      ligne = 0;
      ligneRow = col = -1;
      brut = inline = null;
      dansV = dansT = utile = false;
      phonetique = 0;
      return { ouverture, fermeture, texte, texteVoulu };
    });
    // Dense rows, unless only some columns were kept (scoring a huge grid: memory stays small).
    return lues.resultat();
  }

  async etat(o: { pourScores?: boolean } = {}): Promise<EtatClasseur> {
    const feuilles = this.feuilles.map((f) => f.nom);
    const fMeta = this.feuille(FEUILLE_META);
    const meta = fMeta ? lireMeta((await this.valeurs(fMeta, { colonnesMax: 2 })).valeurs, this.source) : null;
    const fGrille = (await this.feuilleDuTableau(TABLEAU_GRILLE)) ?? (meta ? this.feuille(meta.feuilleGrille) : null);
    const fPaq = await this.feuilleDuTableau(TABLEAU_PAQ);
    // Note cells, and the agreed note: a formula or a date there is never taken as a note.
    const notes = new Set((meta?.colonnes ?? []).flatMap((c, i) => (estCleNote(c) || c === "retenue" ? [i] : [])));
    // Scoring reads the row's id, its notes and what justifies an NC (comment, motive).
    const pourCalcul = (c: string) => c === "ref" || c === "critere" || c === "retenue" || c === "commentaire" || c === "motif" || estCleNote(c);
    const utiles = o.pourScores && meta ? new Set(meta.colonnes.flatMap((c, i) => (pourCalcul(c) ? [i] : []))) : undefined;
    const grille = fGrille ? await this.valeurs(fGrille, { colonnesMax: Math.max(meta?.colonnes.length ?? 0, 64), signaler: notes, garder: utiles }) : null;
    const paq = fPaq ? await this.valeurs(fPaq, { colonnesMax: 64 }) : null;
    return {
      feuilles,
      meta,
      grille: fGrille && grille ? { feuille: fGrille.nom, valeurs: grille.valeurs, natures: grille.natures } : null,
      paq: fPaq && paq ? { feuille: fPaq.nom, valeurs: paq.valeurs } : null,
    };
  }
}
