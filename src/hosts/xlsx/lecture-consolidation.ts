/**
 * A lighter reading of an assessment workbook for `qualite consolider` (Node only: synchronous
 * native inflate). It reads only what scoring needs — package and workbook relationships, sheet
 * list, styles (dates), the metadata sheet, the shared strings and the grid's kept columns — with
 * a strict scanner that accepts plain, well-formed XML as spreadsheet programs write it; the shared
 * strings and the rows, in the form spreadsheet programs write them, by fast paths over the bytes
 * (`ChainesPartagees`, `donneesRapides`), the markup around them by the strict scanner.
 *
 * It never decides a refusal: at the first thing it does not handle exactly like the one reader
 * (lecture.ts) — a DTD, a comment, CDATA, a processing instruction, an unknown entity, a part over
 * 1 MB, a namespace prefix on a cell, a cell without its address, a limit reached, malformed XML —
 * it returns null and the caller reads the file with the one reader, whose messages and limits
 * stay the only ones. When it answers, its answer is the one reader's `etat({ pourScores: true })`
 * (test/unit/lecture-consolidation.test.ts compares both), except the improvement plan's values,
 * which are checked (parsed, limits) but not kept: a consolidation does not use them.
 */
import { inflateRawSync } from "node:zlib";
import { FEUILLE_META, lireMeta } from "../../core/metadata";
import { estCleNote, TABLEAU_GRILLE, type EtatClasseur } from "../../core/grille";
import { TABLEAU_PAQ } from "../../core/paq";
import type { Valeur } from "../../core/workbook-plan";
import { Paquet } from "../ooxml/zip";
import { NS, PROFONDEUR_MAX } from "../ooxml/xml";
import { dossierDe, relsDe, resoudre } from "../paquet";
import { lireCellule, ValeursLues, type CelluleLue } from "./cellule";

/** Parts larger than this are left to the one reader (its ratio limit starts above 1 MB). */
const PARTIE_MAX = 1024 * 1024;
const LIGNES_MAX = 1_048_576;
const COLONNES_MAX = 16_384;
const CARACTERES_CELLULE_MAX = 32767;
const PRINCIPAL = NS.principal[0]!;
const TYPES_CLASSEUR = /^application\/vnd\.(openxmlformats-officedocument\.spreadsheetml\.(sheet|template)\.main|ms-excel\.(sheet|template)\.macroEnabled\.main)\+xml$/;

/** "Not for the fast path": caught by `etatPourConsolider`, which then answers null. */
class Autre extends Error {}
const AUTRE = new Autre();
function autre(): never {
  throw AUTRE;
}

/** Characters XML 1.0 forbids (the one reader's parser refuses them). */
// eslint-disable-next-line no-control-regex -- exactly the characters XML forbids
const INTERDITS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\u00EF\u00BF[\u00BE\u00BF]/;
/** A byte of a multi-byte UTF-8 character, in a part read byte for character. */
const NON_ASCII = /[\u0080-\u00FF]/;
const MAUVAISE_REFERENCE = /&(?!(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/;

const caractereValide = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/**
 * Text as the one reader's parser gives it: line ends normalised, references decoded. Every
 * reference of the part was checked beforehand (`verifierReferences`).
 */
function decoder(brut: string): string {
  // Parts are scanned byte for character (markup is ASCII); text becomes UTF-8 text here.
  return decoderUtf8(NON_ASCII.test(brut) ? Buffer.from(brut, "latin1").toString("utf8") : brut);
}

/** Text already decoded from UTF-8: line ends normalised, references decoded. */
function decoderUtf8(utf8: string): string {
  let s = utf8.includes("\r") ? utf8.replace(/\r\n?/g, "\n") : utf8;
  if (!s.includes("&")) return s;
  // Named ones first, &amp; and character references last and together: nothing is decoded twice.
  if (s.includes("&quot;")) s = s.replaceAll("&quot;", '"');
  if (s.includes("&apos;")) s = s.replaceAll("&apos;", "'");
  if (s.includes("&lt;")) s = s.replaceAll("&lt;", "<");
  if (s.includes("&gt;")) s = s.replaceAll("&gt;", ">");
  if (s.includes("&#")) return s.replace(/&(?:amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_t: string, dec?: string, hex?: string) => (dec === undefined && hex === undefined ? "&" : String.fromCodePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16))));
  return s.includes("&amp;") ? s.replaceAll("&amp;", "&") : s;
}

/** An attribute value as the one reader gives it: whitespace normalised, references decoded. */
const valeurAttribut = (brut: string) => (A_NORMALISER.test(brut) ? decoder(brut.replace(/\r\n?/g, "\n").replace(/[\t\n]/g, " ")) : brut);
const A_NORMALISER = /[&\t\n\r\u0080-\u00FF]/;

/** Every reference of a part, even in text nobody reads, must be one the one reader accepts. */
function verifierReferences(xml: string): void {
  if (MAUVAISE_REFERENCE.test(xml)) autre();
  if (!xml.includes("&#")) return;
  for (const m of xml.matchAll(/&#(?:(\d+)|x([0-9a-fA-F]+));/g)) {
    if (!caractereValide(m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16))) autre();
  }
}

/** What the one reader refuses anywhere in a part, checked on the markup a fast path did not take. */
function verifierMorceau(xml: string): void {
  if (INTERDITS.test(xml) || xml.includes("]]>")) autre();
  if (xml.includes("&")) verifierReferences(xml);
}

/**
 * The reference starting at `k` (an « & ») in raw text ending at `f`: one the one reader accepts,
 * or the file is left to it. Returns where the reference ends.
 */
function finReference(b: Uint8Array, k: number, f: number): number {
  let pv = k + 2;
  while (pv < f && pv - k <= 9 && b[pv] !== 59) pv++;
  if (pv >= f || pv - k > 9 || b[pv] !== 59) autre();
  if (b[k + 1] === 35) {
    const hexa = b[k + 2] === 120;
    const d = hexa ? k + 3 : k + 2;
    if (pv === d || pv - d > (hexa ? 6 : 7)) autre();
    let v = 0;
    for (let x = d; x < pv; x++) {
      const c = b[x]!;
      let chiffre: number;
      if (c >= 48 && c <= 57) chiffre = c - 48;
      else if (hexa && c >= 97 && c <= 102) chiffre = c - 87;
      else if (hexa && c >= 65 && c <= 70) chiffre = c - 55;
      else autre();
      v = v * (hexa ? 16 : 10) + chiffre;
    }
    if (!caractereValide(v)) autre();
    return pv + 1;
  }
  const n = pv - k - 1;
  const c1 = b[k + 1];
  const c2 = b[k + 2];
  const nomConnu =
    (n === 2 && (c1 === 108 || c1 === 103) && c2 === 116) || // lt, gt
    (n === 3 && c1 === 97 && c2 === 109 && b[k + 3] === 112) || // amp
    (n === 4 && c1 === 113 && c2 === 117 && b[k + 3] === 111 && b[k + 4] === 116) || // quot
    (n === 4 && c1 === 97 && c2 === 112 && b[k + 3] === 111 && b[k + 4] === 115); // apos
  if (!nomConnu) autre();
  return pv + 1;
}

/**
 * Checks raw text [d, f) of a part's bytes as the one reader would (no forbidden character, valid
 * references, no « ]]> »). Returns true when the text needs decoding (a reference, a carriage
 * return or a non-ASCII byte), false when its bytes are its ASCII text.
 */
function verifierTexte(b: Uint8Array, d: number, f: number): boolean {
  let brut = false;
  for (let k = d; k < f; k++) {
    const c = b[k]!;
    if (c >= 0x20 && c < 0x7f) {
      if (c === 0x26) {
        k = finReference(b, k, f) - 1;
        brut = true;
      } else if (c === 0x5d && b[k + 1] === 0x5d && b[k + 2] === 0x3e) autre();
      continue;
    }
    if (c === 0x0a || c === 0x09) continue;
    if (c < 0x20 && c !== 0x0d) autre();
    // U+FFFE and U+FFFF: EF BF BE / EF BF BF.
    if (c === 0xef && b[k + 1] === 0xbf && (b[k + 2] === 0xbe || b[k + 2] === 0xbf)) autre();
    brut = true;
  }
  return brut;
}

/** The text of bytes [d, f) checked by `verifierTexte`: ASCII as it is, otherwise decoded. */
function texteDe(b: Buffer, d: number, f: number, brut: boolean): string {
  if (!brut) return f - d === 1 ? String.fromCharCode(b[d]!) : b.toString("latin1", d, f);
  return decoderUtf8(b.toString("utf8", d, f));
}

/** The first `aiguille` in bytes [d, f), or -1: short texts by a loop, long ones natively. */
function chercher(b: Buffer, octet: number, d: number, f: number): number {
  const court = Math.min(f, d + 64);
  for (let k = d; k < court; k++) if (b[k] === octet) return k;
  if (court >= f) return -1;
  const k = b.indexOf(octet, court);
  return k < 0 || k >= f ? -1 : k;
}

/** Do the bytes at `k` spell `mot` (ASCII)? */
function lit(b: Uint8Array, k: number, mot: string): boolean {
  for (let i = 0; i < mot.length; i++) if (b[k + i] !== mot.charCodeAt(i)) return false;
  return true;
}

/**
 * The general scan of a part without the content of its element `balise` (found at depth
 * `profondeur`), which `rapide` reads from the bytes and must take whole, from the end of its start
 * tag (`<balise>`, or where its first child `premier` starts) to `</balise>`: the markup around (root, namespaces, other elements) is checked as
 * always, on a short text. False when that does not hold exactly (then nothing `rapide` kept
 * counts, and the caller scans the whole part).
 */
function balayerAutour(b: Buffer, balise: string, premier: string, profondeur: number, espace: string, g: Gestion, rapide: (debut: number, fin: number, prefixes: ReadonlySet<string>) => boolean): boolean {
  const q = b.lastIndexOf(`</${balise}>`);
  // Where the content starts: just after `<balise>` written bare, or at its first child `premier`
  // (the scan below checks that this is exactly the end of the element's start tag).
  const p = premier ? b.indexOf(premier) : b.indexOf(`<${balise}>`);
  const debut = p < 0 ? (premier ? q : -1) : premier ? Math.min(p, q) : p + balise.length + 2;
  if (q < 0 || debut < 0 || debut > q) return false;
  const tete = b.toString("latin1", 0, debut);
  const autour = tete + b.toString("latin1", q, b.length);
  // The markup around is the same in every workbook of one writer: scanned once per thread.
  const cle = `${balise}\u0000${profondeur}\u0000${espace}\u0000${tete.length}\u0000${autour}`;
  let prefixesVus = g === RIEN ? AUTOURS.get(cle) : undefined;
  if (prefixesVus === undefined) {
    /** The prefixes in scope inside the element, once the scan has found it where expected. */
    let vus: ReadonlySet<string> | null = null;
    balayer(autour, espace, {
      ...g,
      contenu: (nom, prof, _x, i, prefixes) => {
        if (nom === balise && prof === profondeur && i === tete.length && vus === null) vus = new Set(prefixes);
        return -1;
      },
    });
    prefixesVus = vus;
    if (g === RIEN) {
      if (AUTOURS.size >= 64) AUTOURS.clear();
      AUTOURS.set(cle, prefixesVus);
    }
  }
  return prefixesVus !== null && rapide(debut, q, prefixesVus);
}

/** The markup around a fast path already scanned (well formed): the prefixes in scope inside, or null when the element was not where expected. */
const AUTOURS = new Map<string, ReadonlySet<string> | null>();

/** A tag's attributes (raw values), reused from tag to tag: a few, searched in order. */
class Attributs {
  readonly noms: string[] = [];
  readonly valeurs: string[] = [];
  n = 0;

  get(nom: string): string | undefined {
    for (let i = 0; i < this.n; i++) if (this.noms[i] === nom) return this.valeurs[i];
    return undefined;
  }

  has(nom: string): boolean {
    return this.get(nom) !== undefined;
  }

  copie(): Attributs {
    const c = new Attributs();
    for (let i = 0; i < this.n; i++) {
      c.noms.push(this.noms[i]!);
      c.valeurs.push(this.valeurs[i]!);
    }
    c.n = this.n;
    return c;
  }
}

interface Gestion {
  ouverture(nom: string, a: Attributs): void;
  fermeture(nom: string): void;
  /** Raw text (references not decoded) between two tags inside the root. */
  texte?(brut: string): void;
  /**
   * A fast path for the content of the element just opened (at `i`): returns where its end tag
   * starts, having checked everything in between as the one reader would, or -1 to let the
   * general scan read it (then nothing it saw may have been kept).
   */
  contenu?(nom: string, profondeur: number, xml: string, i: number, prefixes: ReadonlySet<string>): number;
}

/**
 * Scans a part: well-formed XML only, namespaces declared on the root (the part's own as the
 * default one, never redeclared), no DTD, comment, CDATA or processing instruction.
 */
function balayer(xml: string, espace: string | readonly string[], g: Gestion): Attributs {
  const n = xml.length;
  /** Ranges a fast path took (start, end, start, end…): checked by it, not again. */
  const pris: number[] = [];
  let i = 0;
  if (xml.startsWith("<?xml")) {
    const f = xml.indexOf("?>");
    if (f < 0) autre();
    i = f + 2;
  }
  const pile: string[] = [];
  const prefixes = new Set<string>(["xml"]);
  /** Prefixes declared below the root, by the depth of the element that declares them. */
  const portees = new Map<number, string[]>();
  let racine: Attributs | null = null;
  const a = new Attributs();
  const fermerPortee = (profondeur: number) => {
    for (const p of portees.get(profondeur) ?? []) prefixes.delete(p);
    portees.delete(profondeur);
  };
  while (i < n) {
    const lt = xml.indexOf("<", i);
    const fin = lt < 0 ? n : lt;
    if (fin > i) {
      if (pile.length) g.texte?.(xml.slice(i, fin));
      else if (xml.slice(i, fin).trim()) autre();
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 47) {
      const gt = xml.indexOf(">", lt);
      if (gt < 0) autre();
      const nom = xml.slice(lt + 2, gt).trimEnd();
      if (pile.pop() !== nom) autre();
      if (portees.size) fermerPortee(pile.length);
      g.fermeture(nom);
      i = gt + 1;
      continue;
    }
    if (c === 33 || c === 63) autre();
    // The name, checked as it is read: ASCII letters, digits, « _ - . », one « : » at most.
    let j = lt + 1;
    let deux = -1;
    for (; j < n; j++) {
      const k = xml.charCodeAt(j);
      if ((k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95) continue;
      if (j > lt + 1 && ((k >= 48 && k <= 57) || k === 45 || k === 46)) continue;
      if (k === 58 && deux < 0 && j > lt + 1) {
        deux = j;
        continue;
      }
      if (k === 32 || k === 9 || k === 10 || k === 13 || k === 47 || k === 62) break;
      autre();
    }
    if (j === lt + 1 || deux === j - 1) autre();
    const nom = xml.slice(lt + 1, j);
    a.n = 0;
    let vide = false;
    let prefixees = false;
    let declarations = false;
    for (;;) {
      let k = xml.charCodeAt(j);
      while (k === 32 || k === 9 || k === 10 || k === 13) k = xml.charCodeAt(++j);
      if (k === 62) {
        j++;
        break;
      }
      if (k === 47) {
        if (xml.charCodeAt(j + 1) !== 62) autre();
        vide = true;
        j += 2;
        break;
      }
      const debut = j;
      let deuxA = -1;
      for (; ; j++) {
        k = xml.charCodeAt(j);
        if ((k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95) continue;
        if (j > debut && ((k >= 48 && k <= 57) || k === 45 || k === 46)) continue;
        if (k === 58 && deuxA < 0 && j > debut) {
          deuxA = j;
          continue;
        }
        break;
      }
      if (j === debut || deuxA === j - 1) autre();
      const cle = xml.slice(debut, j);
      while (k === 32 || k === 9 || k === 10 || k === 13) k = xml.charCodeAt(++j);
      if (k !== 61) autre();
      k = xml.charCodeAt(++j);
      while (k === 32 || k === 9 || k === 10 || k === 13) k = xml.charCodeAt(++j);
      if (k !== 34 && k !== 39) autre();
      const f = xml.indexOf(k === 34 ? '"' : "'", j + 1);
      if (f < 0) autre();
      const v = xml.slice(j + 1, f);
      if (v.includes("<")) autre();
      for (let x = 0; x < a.n; x++) if (a.noms[x] === cle) autre();
      if (cle.charCodeAt(0) === 120 && (cle === "xmlns" || cle.startsWith("xmlns:"))) declarations = true;
      else if (deuxA >= 0) prefixees = true;
      a.noms[a.n] = cle;
      a.valeurs[a.n++] = v;
      j = f + 1;
      const suite = xml.charCodeAt(j);
      if (suite !== 32 && suite !== 9 && suite !== 10 && suite !== 13 && suite !== 47 && suite !== 62) autre();
    }
    if (racine === null) {
      // The root: the part's namespace as the default one; prefixes recorded.
      const defaut = a.get("xmlns");
      if (defaut === undefined || !(typeof espace === "string" ? defaut === espace : espace.includes(defaut))) autre();
      for (let k = 0; k < a.n; k++) {
        const cle = a.noms[k]!;
        if (!cle.startsWith("xmlns:")) continue;
        // The part's namespace under a prefix too: its elements could be written either way.
        if (a.valeurs[k] === defaut) autre();
        prefixes.add(cle.slice(6));
      }
      racine = a.copie();
    } else {
      if (!pile.length) autre();
      // Extensions (extLst) declare their own prefixes, scoped to the element: kept while it is open.
      if (declarations) {
        for (let k = 0; k < a.n; k++) {
          const cle = a.noms[k]!;
          const v = a.valeurs[k]!;
          if (cle === "xmlns") autre();
          if (!cle.startsWith("xmlns:")) continue;
          const p = cle.slice(6);
          if (prefixes.has(p) || (typeof espace === "string" ? v === espace : espace.includes(v)) || NS.principal.includes(v) || NS.relations.includes(v)) autre();
          prefixes.add(p);
          portees.set(pile.length, [...(portees.get(pile.length) ?? []), p]);
        }
      }
    }
    if (deux >= 0 && !prefixes.has(xml.slice(lt + 1, deux))) autre();
    if (prefixees) {
      for (let k = 0; k < a.n; k++) {
        const cle = a.noms[k]!;
        const p = cle.indexOf(":");
        if (p >= 0 && !cle.startsWith("xmlns:") && !prefixes.has(cle.slice(0, p))) autre();
      }
    }
    if (pile.length >= PROFONDEUR_MAX) autre();
    g.ouverture(nom, a);
    if (vide) {
      if (portees.size) fermerPortee(pile.length);
      g.fermeture(nom);
    } else {
      pile.push(nom);
      if (g.contenu) {
        const k = g.contenu(nom, pile.length, xml, j, prefixes);
        if (k >= 0) {
          pris.push(j, k);
          j = k;
        }
      }
    }
    i = j;
  }
  if (pile.length || !racine) autre();
  if (!pris.length) verifierMorceau(xml);
  else for (let k = 0; k <= pris.length; k += 2) verifierMorceau(xml.slice(k ? pris[k - 1] : 0, k < pris.length ? pris[k] : n));
  return racine;
}

/** The prefix bound to one of `uris` on the root, for prefixed attributes (r:id). */
function prefixeDe(racine: Attributs, uris: readonly string[]): string | null {
  for (let k = 0; k < racine.n; k++) if (racine.noms[k]!.startsWith("xmlns:") && uris.includes(racine.valeurs[k]!)) return racine.noms[k]!.slice(6);
  return null;
}

/** Parts read from the same compressed bytes before, by kind, part and bytes: their results. */
const DEJA_LUES = new Map<string, unknown>();
/** Only small parts are remembered (the package's structure, styles, tables): not the grid or the strings. */
const PETITE_PARTIE = 8192;

class Lecteur {
  constructor(readonly p: Paquet) {}

  /**
   * What `lire` gives for a small part, remembered by the part's compressed bytes: the same bytes
   * inflate to the same XML, so the workbooks of one writer (the same relationships, content
   * types, styles and tables in every file) are inflated and scanned once per thread. `lire`'s
   * result is shared: never changed by its callers.
   */
  deja<T>(nom: string, sorte: string, lire: (xml: string) => T): T {
    const e = this.p.entrees.get(nom);
    if (!e || e.tailleCompressee > PETITE_PARTIE) return lire(this.texte(nom));
    const brut = this.p.brut(nom);
    const cle = `${sorte}\u0000${nom}\u0000${e.methode}\u0000${e.taille}\u0000${Buffer.from(brut.buffer, brut.byteOffset, brut.byteLength).toString("latin1")}`;
    if (DEJA_LUES.has(cle)) return DEJA_LUES.get(cle) as T;
    const v = lire(this.texte(nom));
    if (DEJA_LUES.size >= 256) DEJA_LUES.clear();
    DEJA_LUES.set(cle, v);
    return v;
  }

  texte(nom: string): string {
    const b = this.octets(nom);
    return b.toString("latin1", 0, b.length);
  }

  /** A part's bytes, inflated (its byte order mark left out). */
  octets(nom: string): Buffer {
    const e = this.p.entrees.get(nom);
    if (!e || e.taille > PARTIE_MAX) autre();
    let octets: Uint8Array;
    // A stored part is copied out of the file's bytes (the read buffer is the next file's).
    if (e.methode === 0) octets = this.p.brut(nom).slice();
    else {
      try {
        // One output chunk of the announced size: no 16 KB pieces put together afterwards.
        octets = inflateRawSync(this.p.brut(nom), { maxOutputLength: Math.max(1, e.taille), chunkSize: Math.max(64, e.taille + 1) });
      } catch {
        autre();
      }
    }
    if (octets.length > e.taille) autre();
    // Scanned byte for character (latin1 when a text is needed): the markup is ASCII, and only
    // the texts used are decoded as UTF-8.
    const b = Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength);
    return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
  }

  a(nom: string): boolean {
    return this.p.a(nom);
  }

  relations(partie: string): ReadonlyMap<string, { type: string; cible: string }> {
    const chemin = partie === "" ? "_rels/.rels" : relsDe(partie);
    if (!this.p.a(chemin)) return new Map();
    return this.deja(chemin, `rels:${partie}`, (xml) => relationsDe(xml, dossierDe(partie)));
  }
}

function relationsDe(xml: string, dossier: string): Map<string, { type: string; cible: string }> {
  const out = new Map<string, { type: string; cible: string }>();
  balayer(xml, NS.paquetRelations, {
    ouverture: (nom, a) => {
      if (nom !== "Relationship") return;
      const id = a.get("Id");
      const cible = a.get("Target");
      if (id !== undefined && cible !== undefined && id !== "" && cible !== "" && valeurAttribut(a.get("TargetMode") ?? "") !== "External") {
        out.set(valeurAttribut(id), {
          type: valeurAttribut(a.get("Type") ?? ""),
          cible: resoudre(dossier, valeurAttribut(cible)),
        });
      }
    },
    fermeture: () => {},
  });
  return out;
}

/**
 * Long raw texts (the referential's JSON, in 30,000-character chunks, in every workbook) already
 * checked by the fast path of a shared-string table, with their decoded text: the next workbook's
 * identical chunk is compared byte for byte (natively), not checked and decoded again. By length
 * and first bytes, then compared whole.
 */
const VERIFIES = new Map<string, { octets: Buffer; texte: string }[]>();
let verifiesTotal = 0;

function texteLongVerifie(b: Buffer, d: number, f: number): string {
  const cle = `${f - d}:${b.toString("latin1", d, d + 32)}`;
  const vus = VERIFIES.get(cle);
  const bruts = b.subarray(d, f);
  for (const v of vus ?? []) if (v.octets.equals(bruts)) return v.texte;
  const t = texteDe(b, d, f, verifierTexte(b, d, f));
  if (t.length > CARACTERES_CELLULE_MAX) autre();
  if (verifiesTotal >= 64) {
    VERIFIES.clear();
    verifiesTotal = 0;
  }
  const liste = vus && VERIFIES.size ? vus : [];
  liste.push({ octets: Buffer.from(bruts), texte: t });
  VERIFIES.set(cle, liste);
  verifiesTotal++;
  return t;
}

/** The last shared-string table read by the fast path in this thread: its content's bytes, where its strings start and their bounds (relative), its long texts. */
let PRECEDENTE: { octets: Buffer; departs: number[]; bornes: number[]; longues: Map<number, string> } | null = null;

/** How many bytes b[debut, fin) and `autre` share at their start (compared natively, 4 KB at a time). */
function prefixeCommun(b: Buffer, debut: number, fin: number, autre: Buffer): number {
  const n = Math.min(fin - debut, autre.length);
  let i = 0;
  while (i + 4096 <= n && b.compare(autre, i, i + 4096, debut + i, debut + i + 4096) === 0) i += 4096;
  while (i < n && b[debut + i] === autre[i]) i++;
  return i;
}

/** How many bytes b[debut, fin) and `autre` share at their end. */
function suffixeCommun(b: Buffer, debut: number, fin: number, autre: Buffer): number {
  const n = Math.min(fin - debut, autre.length);
  let i = 0;
  while (i + 4096 <= n && b.compare(autre, autre.length - i - 4096, autre.length - i, fin - i - 4096, fin - i) === 0) i += 4096;
  while (i < n && b[fin - i - 1] === autre[autre.length - i - 1]) i++;
  return i;
}

/** The index of `x` in the increasing `liste`, or -1. */
function indexDe(liste: readonly number[], x: number): number {
  let bas = 0;
  let haut = liste.length - 1;
  while (bas <= haut) {
    const m = (bas + haut) >> 1;
    const v = liste[m]!;
    if (v === x) return m;
    if (v < x) bas = m + 1;
    else haut = m - 1;
  }
  return -1;
}

/** Handlers that keep nothing: the scan only checks the markup around a fast path. */
const RIEN: Gestion = { ouverture: () => {}, fermeture: () => {} };

/** At or beyond this many bytes, a shared string's text is looked up among those already checked. */
const LONG = 4096;

/**
 * Shared strings, as the one reader reads them (phonetic runs left out), decoded when a cell asks
 * for one: a grid uses a few hundred of its thousand strings. The common form (`<si><t>…</t></si>`,
 * as Excel, LibreOffice, openpyxl and ExcelJS write plain strings) is read from the bytes by a
 * fast path that only records where each text is; rich text and anything else by the general scan.
 */
class ChainesPartagees {
  /** General scan: raw text of each string, one piece or its runs. */
  private readonly brutes: (string | string[])[] = [];
  /** Fast path: start, end and « needs decoding » (0/1) of each string's bytes in `b`. */
  private bornes: number[] = [];
  private rapide = false;
  private readonly decodees = new Map<number, string>();

  constructor(private readonly b: Buffer) {
    if (balayerAutour(b, "sst", "<si>", 1, PRINCIPAL, RIEN, (d, f) => this.lireRapide(d, f))) return;
    this.rapide = false;
    this.decodees.clear();
    let courant: string[] | null = null;
    let longueur = 0;
    let phonetique = 0;
    let dansT = false;
    balayer(b.toString("latin1", 0, b.length), PRINCIPAL, {
      ouverture: (nom) => {
        if (nom === "si") {
          courant = [];
          longueur = 0;
        } else if (nom === "rPh") phonetique++;
        else if (nom === "t" && !phonetique) dansT = true;
      },
      fermeture: (nom) => {
        if (nom === "si") {
          const c = courant as string[] | null;
          // Bytes are at least as many as characters: below the limit in bytes, below it in text.
          if (longueur > CARACTERES_CELLULE_MAX && (c ?? []).reduce((n, t) => n + decoder(t).length, 0) > CARACTERES_CELLULE_MAX) autre();
          this.brutes.push(!c || !c.length ? "" : c.length === 1 ? c[0]! : c);
          courant = null;
        } else if (nom === "rPh") phonetique--;
        else if (nom === "t") dansT = false;
      },
      texte: (brut) => {
        if (!dansT || !courant) return;
        longueur += brut.length;
        courant.push(brut);
      },
    });
  }

  /**
   * The fast path over the table's content, bytes [debut, fin): true when it took all of it. The
   * strings that the previous table read in this thread also had, byte for byte, at its start and
   * at its end (the referential's texts and JSON, the same in thousands of workbooks) are taken
   * from it instead of being checked again: the same bytes, from the boundary of a string, give
   * the same strings.
   */
  private lireRapide(debut: number, fin: number): boolean {
    const b = this.b;
    const bornes: number[] = [];
    /** Where each string's `<si>` starts, relative to `debut`. */
    const departs: number[] = [];
    const longues = new Map<number, string>();
    const prec = PRECEDENTE;
    const longueur = fin - debut;
    let k = debut;
    let suffixe = -1;
    let decalage = 0;
    if (prec) {
      const commun = prefixeCommun(b, debut, fin, prec.octets);
      let n = 0;
      while (n < prec.departs.length && (prec.departs[n + 1] ?? prec.octets.length) <= commun) n++;
      for (let i = 0; i < n; i++) {
        departs.push(prec.departs[i]!);
        bornes.push(prec.bornes[3 * i]! + debut, prec.bornes[3 * i + 1]! + debut, prec.bornes[3 * i + 2]!);
        const t = prec.longues.get(i);
        if (t !== undefined) longues.set(i, t);
      }
      k = debut + (n < prec.departs.length ? prec.departs[n]! : prec.octets.length);
      decalage = longueur - prec.octets.length;
      suffixe = longueur - suffixeCommun(b, debut, fin, prec.octets);
    }
    while (k < fin) {
      // In the common end, at the start of one of the previous table's strings: the rest is its rest.
      if (prec && k - debut >= suffixe) {
        const j = indexDe(prec.departs, k - debut - decalage);
        if (j >= 0) {
          for (let i = j; i < prec.departs.length; i++) {
            const n = departs.length;
            departs.push(prec.departs[i]! + decalage);
            bornes.push(prec.bornes[3 * i]! + decalage + debut, prec.bornes[3 * i + 1]! + decalage + debut, prec.bornes[3 * i + 2]!);
            const t = prec.longues.get(i);
            if (t !== undefined) longues.set(n, t);
          }
          k = fin;
          break;
        }
      }
      let d: number;
      if (lit(b, k, "<si><t>")) d = k + 7;
      else if (lit(b, k, '<si><t xml:space="preserve">')) d = k + 28;
      else return false;
      const f = chercher(b, 60, d, fin);
      if (f < 0 || !lit(b, f, "</t></si>")) return false;
      departs.push(k - debut);
      if (f - d >= LONG) {
        longues.set(bornes.length / 3, texteLongVerifie(b, d, f));
        bornes.push(d, f, 0);
      } else bornes.push(d, f, verifierTexte(b, d, f) ? 1 : 0);
      k = f + 9;
    }
    if (k !== fin) return false;
    this.bornes = bornes;
    for (const [i, t] of longues) this.decodees.set(i, t);
    this.rapide = true;
    PRECEDENTE = { octets: b.subarray(debut, fin), departs, bornes: bornes.map((x, i) => (i % 3 === 2 ? x : x - debut)), longues };
    return true;
  }

  get(i: number): string | null {
    let t = this.decodees.get(i);
    if (t !== undefined) return t;
    if (this.rapide) {
      if (!Number.isInteger(i) || i < 0 || 3 * i >= this.bornes.length) return null;
      t = texteDe(this.b, this.bornes[3 * i]!, this.bornes[3 * i + 1]!, this.bornes[3 * i + 2] === 1);
    } else {
      const brut = this.brutes[i];
      if (brut === undefined) return null;
      t = typeof brut === "string" ? decoder(brut) : brut.map(decoder).join("");
    }
    this.decodees.set(i, t);
    return t;
  }
}

/** For each cell style index: does its number format show a date? (the one reader's rule) */
function stylesDates(xml: string): boolean[] {
  const out: boolean[] = [];
  const codes = new Map<number, string>();
  let dansXfs = false;
  balayer(xml, PRINCIPAL, {
    ouverture: (nom, a) => {
      if (nom === "numFmt") codes.set(Number(valeurAttribut(a.get("numFmtId") ?? "")), valeurAttribut(a.get("formatCode") ?? ""));
      else if (nom === "cellXfs") dansXfs = true;
      else if (nom === "xf" && dansXfs) {
        const id = Number(valeurAttribut(a.get("numFmtId") ?? "0"));
        out.push(estFormatDate(id, codes.get(id)));
      }
    },
    fermeture: (nom) => {
      if (nom === "cellXfs") dansXfs = false;
    },
  });
  return out;
}

function estFormatDate(id: number, code: string | undefined): boolean {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (!code) return false;
  const nu = code.replace(/"[^"]*"|\\.|_.|\*./g, "").replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, "");
  return /[dmyhs]/i.test(nu) && !/^general$/i.test(nu.trim());
}

interface Contexte {
  partagees: ChainesPartagees | null;
  dates: boolean[];
  date1904: boolean;
}

/** Lower-case ASCII letters, digits, « _ - . » may follow a name's first character. */
const suiteDeNom = (k: number) => (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || (k >= 48 && k <= 57) || k === 45 || k === 46;

/** Where a cell goes, once read: `poser(colonne, ligne, type, style, formule, texte de <v>, texte en ligne, indice d'une chaîne partagée lu en chiffres)`. */
type Poser = (col: number, ligne: number, type: string, style: number, formule: boolean, texte: string | null, inline: string | null, indice?: number) => void;

/**
 * The fast path over `<sheetData>` as spreadsheet programs write it: rows of cells with `r`, `s`
 * and `t` attributes holding a `<v>` or an inline `<t>`. Anything else (formulas, rich text,
 * other attributes, whitespace between tags…) returns -1 and the general scan reads the sheet.
 * Reads bytes [debut, fin), from just after `<sheetData>` to `</sheetData>`: true when it took them all.
 */
function donneesRapides(b: Buffer, debut: number, fin: number, prefixes: ReadonlySet<string>, garder: (col: number) => boolean, poser: Poser): boolean {
  let k = debut;
  let ligneRow = -1;
  /** Where each attribute name of the row starts and ends (duplicates are compared byte for byte). */
  const noms: number[] = [];
  /** The last prefix found in scope, as bytes compared before asking the set (every row repeats it). */
  let prefixeVu = "";
  const memeNom = (d: number, f: number, e: number, g: number) => {
    if (f - d !== g - e) return false;
    for (let i = 0; i < f - d; i++) if (b[d + i] !== b[e + i]) return false;
    return true;
  };
  for (;;) {
    if (k >= fin) return k === fin;
    if (!lit(b, k, "<row")) return false;
    k += 4;
    let r = -1;
    let vide = false;
    noms.length = 0;
    for (;;) {
      let c = b[k]!;
      if (c === 62) {
        k++;
        break;
      }
      if (c === 47) {
        if (b[k + 1]! !== 62) return false;
        vide = true;
        k += 2;
        break;
      }
      if (c !== 32) return false;
      const d = ++k;
      c = b[d]!;
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return false;
      let deux = -1;
      for (k = d + 1; ; k++) {
        c = b[k]!;
        if (suiteDeNom(c)) continue;
        if (c === 58 && deux < 0) {
          deux = k;
          continue;
        }
        break;
      }
      if (c !== 61 || deux === k - 1 || b[k + 1]! !== 34) return false;
      if (deux >= 0) {
        // A prefixed attribute (x14ac:dyDescent): its prefix must be in scope, never xmlns.
        if (!(deux - d === prefixeVu.length && lit(b, d, prefixeVu))) {
          const p = b.toString("latin1", d, deux);
          if (p === "xmlns" || !prefixes.has(p)) return false;
          prefixeVu = p;
        }
      } else if (lit(b, d, "xmlns=")) return false;
      for (let x = 0; x < noms.length; x += 2) if (memeNom(noms[x]!, noms[x + 1]!, d, k)) return false;
      noms.push(d, k);
      const estR = k === d + 1 && b[d] === 114;
      const f = chercher(b, 34, k + 2, fin);
      if (f < 0) return false;
      let v = 0;
      for (let z = k + 2; z < f; z++) {
        const y = b[z]!;
        // Plain printable ASCII only: what needs normalising or decoding goes the general way.
        if (y < 0x20 || y > 0x7e || y === 38 || y === 60) return false;
        if (estR) {
          if (y < 48 || y > 57 || v > LIGNES_MAX) return false;
          v = v * 10 + y - 48;
        }
      }
      if (estR) r = v;
      k = f + 1;
    }
    const ligne = r > 0 ? r - 1 : ligneRow + 1;
    ligneRow = ligne;
    if (ligne >= LIGNES_MAX) autre();
    if (vide) continue;
    for (;;) {
      if (b[k]! !== 60) return false;
      if (b[k + 1]! === 47) {
        if (!lit(b, k, "</row>")) return false;
        k += 6;
        break;
      }
      if (b[k + 1]! !== 99) return false;
      k += 2;
      let col = -1;
      let lig = -1;
      let style = 0;
      let type = "n";
      let vus = 0;
      let videC = false;
      for (;;) {
        const c = b[k]!;
        if (c === 62) {
          k++;
          break;
        }
        if (c === 47) {
          if (b[k + 1]! !== 62) return false;
          videC = true;
          k += 2;
          break;
        }
        // One space, then r, s or t: any other attribute goes the general way.
        if (c !== 32 || b[k + 2]! !== 61 || b[k + 3]! !== 34) return false;
        const a = b[k + 1]!;
        k += 4;
        let y = b[k]!;
        if (a === 114 && !(vus & 1)) {
          vus |= 1;
          let cc = 0;
          let n = 0;
          for (; y >= 65 && y <= 90 && n < 3; y = b[++k]!, n++) cc = cc * 26 + y - 64;
          let rr = 0;
          let m = 0;
          for (; y >= 48 && y <= 57 && m < 8; y = b[++k]!, m++) rr = rr * 10 + y - 48;
          if (!n || !m || y !== 34 || rr === 0 || cc > COLONNES_MAX || rr > LIGNES_MAX) return false;
          col = cc - 1;
          lig = rr - 1;
        } else if (a === 115 && !(vus & 2)) {
          vus |= 2;
          let n = 0;
          for (style = 0; y >= 48 && y <= 57 && n < 6; y = b[++k]!, n++) style = style * 10 + y - 48;
          if (!n || y !== 34) return false;
        } else if (a === 116 && !(vus & 4)) {
          vus |= 4;
          const d = k;
          while ((y >= 97 && y <= 122) || (y >= 65 && y <= 90)) y = b[++k]!;
          if (k === d || y !== 34) return false;
          type = k === d + 1 && b[d] === 115 ? "s" : b.toString("latin1", d, k);
        } else return false;
        k++;
      }
      if (!(vus & 1)) return false;
      const garde = garder(col);
      let texte: string | null = null;
      let inline: string | null = null;
      if (!videC) {
        let d = -1;
        let f = -1;
        let enLigne = false;
        // Character codes compared one by one: startsWith is not inlined in this hot loop.
        if (b[k]! === 60 && b[k + 1]! === 118 && b[k + 2]! === 62) {
          d = k + 3;
          f = chercher(b, 60, d, fin);
          if (f < 0 || b[f + 1]! !== 47 || b[f + 2]! !== 118 || b[f + 3]! !== 62) return false;
          k = f + 4;
        } else if (lit(b, k, "<is><t")) {
          if (b[k + 6]! === 62) d = k + 7;
          else if (lit(b, k + 6, ' xml:space="preserve">')) d = k + 28;
          else return false;
          f = chercher(b, 60, d, fin);
          if (f < 0 || !lit(b, f, "</t></is>")) return false;
          enLigne = true;
          k = f + 9;
        }
        if (b[k]! !== 60 || b[k + 1]! !== 47 || b[k + 2]! !== 99 || b[k + 3]! !== 62) return false;
        k += 4;
        if (d >= 0) {
          if (f - d > CARACTERES_CELLULE_MAX) return false;
          const brut = verifierTexte(b, d, f);
          if (garde && !enLigne && type === "s" && !brut && f > d && f - d < 10) {
            // A shared string's index, read from its digits (what Number() gives for them).
            let n = 0;
            for (let z = d; z < f && n >= 0; z++) n = b[z]! >= 48 && b[z]! <= 57 ? n * 10 + b[z]! - 48 : -1;
            if (n >= 0) {
              poser(col, lig, type, style, false, null, null, n);
              continue;
            }
          }
          if (garde) {
            const t = texteDe(b, d, f, brut);
            if (enLigne) inline = t;
            else texte = t;
          }
        }
      }
      if (garde) poser(col, lig, type, style, false, texte, inline);
    }
  }
}

/** A sheet's values, as `ClasseurLu.valeurs` gives them (same options, same rules). */
function valeurs(
  b: Buffer,
  ctx: Contexte,
  o: {
    colonnesMax: number;
    signaler?: ReadonlySet<number>;
    garder?: ReadonlySet<number>;
  },
): { valeurs: Valeur[][]; natures: Map<string, "formule" | "date"> } {
  const { partagees, dates } = ctx;
  const signaler = o.signaler ?? new Set<number>();
  const largeurGardee = o.garder ? Math.max(-1, ...o.garder) + 1 : 0;
  const lues = new ValeursLues(largeurGardee, signaler);
  let ligne = 0;
  let ligneRow = -1;
  let col = -1;
  let type = "n";
  let style = 0;
  let formule = false;
  let brut: string | null = null;
  let inline: string[] | null = null;
  let longueur = 0;
  let dansV = false;
  let dansT = false;
  let phonetique = 0;
  const decalage = ctx.date1904 ? 24107 : 25569;
  const enDate = (serie: number) => new Date(Math.round((serie - decalage) * 86400000)).toISOString().slice(0, 10);
  const gardees = o.garder ? Array.from({ length: Math.min(o.colonnesMax, largeurGardee) }, (_, c) => o.garder!.has(c)) : null;
  const garder = (c: number) => c >= 0 && c < o.colonnesMax && (gardees === null || gardees[c] === true);
  /** A kept cell's value, by the one reader's rules (both paths put their cells here). */
  const chaine = (i: number) => partagees?.get(i) ?? null;
  const cellule: CelluleLue = { v: null, nature: null };
  const poser: Poser = (col, ligne, type, style, formule, texte, inline, indice) => {
    // A shared string's index read from its digits (no formula on that path): its text.
    if (indice !== undefined) {
      cellule.v = chaine(indice);
      cellule.nature = null;
    } else lireCellule(cellule, type, texte, inline, style, formule, dates, chaine, enDate);
    lues.poser(col, ligne, cellule);
  };
  // The rows from the bytes when they are written the common way; otherwise the whole sheet by the general scan.
  if (balayerAutour(b, "sheetData", "", 2, PRINCIPAL, RIEN, (d, f, prefixes) => donneesRapides(b, d, f, prefixes, garder, poser))) return lues.resultat();
  balayer(b.toString("latin1", 0, b.length), PRINCIPAL, {
    ouverture: (nom, a) => {
      switch (nom) {
        case "row": {
          const r = Number(valeurAttribut(a.get("r") ?? ""));
          ligne = ligneRow = a.has("r") && Number.isInteger(r) && r > 0 ? r - 1 : ligneRow + 1;
          if (ligne >= LIGNES_MAX) autre();
          col = -1;
          break;
        }
        case "c": {
          const ref = a.get("r");
          // A cell without its address, or an unusual one: the one reader's rules are left to it.
          if (ref === undefined) autre();
          let c = 0;
          let i = 0;
          for (; i < ref.length; i++) {
            const k = ref.charCodeAt(i);
            if (k < 65 || k > 90) break;
            c = c * 26 + k - 64;
          }
          let r = 0;
          for (let k = i; k < ref.length; k++) {
            const d = ref.charCodeAt(k) - 48;
            if (d < 0 || d > 9) autre();
            r = r * 10 + d;
          }
          if (i === 0 || i === ref.length || r === 0) autre();
          col = c - 1;
          ligne = r - 1;
          if (col >= COLONNES_MAX || ligne >= LIGNES_MAX) autre();
          type = a.has("t") ? valeurAttribut(a.get("t")!) : "n";
          style = Number(a.has("s") ? valeurAttribut(a.get("s")!) : 0);
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
          inline = [];
          longueur = 0;
          break;
        case "rPh":
          phonetique++;
          break;
        case "t":
          if (inline && !phonetique) dansT = true;
          break;
      }
    },
    fermeture: (nom) => {
      switch (nom) {
        case "v":
          dansV = false;
          break;
        case "t":
          dansT = false;
          break;
        case "rPh":
          phonetique--;
          break;
        case "c":
          if (garder(col)) poser(col, ligne, type, style, formule, brut, inline ? (inline as string[]).join("") : null);
          break;
      }
    },
    texte: (b) => {
      if (!dansV && !dansT) return;
      const t = decoder(b);
      longueur += t.length;
      if (longueur > CARACTERES_CELLULE_MAX) autre();
      if (dansV) brut = (brut ?? "") + t;
      else inline?.push(t);
    },
  });
  return lues.resultat();
}

/**
 * What scoring needs of an assessment workbook, read the light way; null when the file is not
 * one this path handles exactly (then read it with `ClasseurLu`, which decides).
 */
export function etatPourConsolider(octets: Uint8Array, source: string): EtatClasseur | null {
  try {
    if (octets.byteLength < 4 || octets[0] !== 0x50 || octets[1] !== 0x4b) return null;
    const l = new Lecteur(new Paquet(octets, source));
    let principale = "xl/workbook.xml";
    if (l.a("_rels/.rels")) {
      for (const r of l.relations("").values()) if (/\/officeDocument$/.test(r.type)) principale = r.cible;
    }
    if (!l.a(principale) || !l.a("[Content_Types].xml")) return null;
    const type = l.deja("[Content_Types].xml", `types:${principale}`, (xml) => {
      let t: string | undefined;
      balayer(xml, NS.types, {
        ouverture: (nom, a) => {
          if (
            nom === "Override" &&
            valeurAttribut(a.get("PartName") ?? "")
              .replace(/^\//, "")
              .toLowerCase() === principale.toLowerCase()
          )
            t = valeurAttribut(a.get("ContentType") ?? "");
        },
        fermeture: () => {},
      });
      return t;
    });
    if (!type || !TYPES_CLASSEUR.test(type)) return null;
    const relations = l.relations(principale);
    const { brutes, date1904 } = l.deja(principale, "classeur", (xml) => {
      const brutes: { nom: string; rid: string }[] = [];
      let date1904 = false;
      let prefixeR: string | null = null;
      balayer(xml, PRINCIPAL, {
        ouverture: (nom, a) => {
          if (nom === "sheet")
            brutes.push({
              nom: valeurAttribut(a.get("name") ?? ""),
              rid: prefixeR === null ? "" : valeurAttribut(a.get(`${prefixeR}:id`) ?? ""),
            });
          else if (nom === "workbookPr") {
            const v = valeurAttribut(a.get("date1904") ?? "");
            date1904 = v === "1" || v === "true";
          } else if (nom === "workbook") prefixeR = prefixeDe(a, NS.relations);
        },
        fermeture: () => {},
      });
      return { brutes, date1904 };
    });
    const feuilles: { nom: string; chemin: string }[] = [];
    for (const f of brutes) {
      const r = relations.get(f.rid);
      if (r) feuilles.push({ nom: f.nom, chemin: r.cible });
    }
    const cheminRel = (t: string) => {
      for (const r of relations.values()) if (r.type.endsWith(`/${t}`) && l.a(r.cible)) return r.cible;
      return undefined;
    };
    const sst = cheminRel("sharedStrings");
    const sty = cheminRel("styles");
    const ctx: Contexte = {
      partagees: sst ? new ChainesPartagees(l.octets(sst)) : null,
      dates: sty ? l.deja(sty, "styles", stylesDates) : [],
      date1904,
    };
    const feuille = (nom: string) => feuilles.find((f) => f.nom === nom) ?? null;
    // Tables: name (lower case) → sheet, as the one reader finds them.
    const tableaux = new Map<string, string>();
    for (const f of feuilles) {
      if (!l.a(f.chemin)) continue;
      for (const r of l.relations(f.chemin).values()) {
        if (!r.type.endsWith("/table") || !l.a(r.cible)) continue;
        const noms = l.deja(r.cible, "tableau", (xml) => {
          const noms: string[] = [];
          let lu = false;
          balayer(xml, PRINCIPAL, {
            ouverture: (nom, a) => {
              if (lu || nom !== "table") return;
              lu = true;
              for (const x of [a.get("name"), a.get("displayName")]) {
                const n = x === undefined ? undefined : valeurAttribut(x);
                if (n) noms.push(n.toLowerCase());
              }
            },
            fermeture: () => {},
          });
          return noms;
        });
        for (const n of noms) if (!tableaux.has(n)) tableaux.set(n, f.nom);
      }
    }
    const duTableau = (nom: string) => {
      const f = tableaux.get(nom.toLowerCase());
      return feuilles.find((x) => x.nom === f) ?? null;
    };
    const fMeta = feuille(FEUILLE_META);
    if (fMeta && !l.a(fMeta.chemin)) return null;
    const meta = fMeta ? lireMeta(valeurs(l.octets(fMeta.chemin), ctx, { colonnesMax: 2 }).valeurs, source) : null;
    const fGrille = duTableau(TABLEAU_GRILLE) ?? (meta ? feuille(meta.feuilleGrille) : null);
    const fPaq = duTableau(TABLEAU_PAQ);
    const notes = new Set((meta?.colonnes ?? []).flatMap((c, i) => (estCleNote(c) || c === "retenue" ? [i] : [])));
    const pourCalcul = (c: string) => c === "ref" || c === "critere" || c === "retenue" || c === "commentaire" || c === "motif" || estCleNote(c);
    const utiles = meta ? new Set(meta.colonnes.flatMap((c, i) => (pourCalcul(c) ? [i] : []))) : undefined;
    if ((fGrille && !l.a(fGrille.chemin)) || (fPaq && !l.a(fPaq.chemin))) return null;
    const grille = fGrille
      ? valeurs(l.octets(fGrille.chemin), ctx, {
          colonnesMax: Math.max(meta?.colonnes.length ?? 0, 64),
          signaler: notes,
          garder: utiles,
        })
      : null;
    // The improvement plan: read like the one reader does (limits, well-formedness), not kept.
    if (fPaq) valeurs(l.octets(fPaq.chemin), ctx, { colonnesMax: 64 });
    return {
      feuilles: feuilles.map((f) => f.nom),
      meta,
      grille:
        fGrille && grille
          ? {
              feuille: fGrille.nom,
              valeurs: grille.valeurs,
              natures: grille.natures,
            }
          : null,
      paq: null,
    };
  } catch {
    return null;
  }
}
