/**
 * A fast streaming XML tokenizer for the parts we read (sheets, shared strings, workbook,
 * relationships…): a real tokenizer — elements, attributes, namespaces and prefixes, the five
 * predefined entities and character references, CDATA, comments, processing instructions — that
 * checks well-formedness as it goes (tags nested and matched, one root, attributes quoted and
 * unique, prefixes bound, no stray text, legal characters). It is about ten times faster than
 * saxes on a sheet because it allocates nothing per tag: one reusable `Balise` is handed to the
 * callbacks and attributes are kept in two reused arrays.
 *
 * Anything it does not take on itself — a DOCTYPE, a malformed document, an unknown entity — is
 * not judged here: it throws `XmlIrregulier`, and the caller reads the part again with saxes
 * (xml.ts), whose verdict (and French message) is the reference. So a part is either read by
 * this tokenizer exactly as saxes reads it, or read by saxes.
 */

/** A tag as the callbacks see it; valid only during the callback (the object is reused). */
export interface Balise {
  /** Local name (without prefix). */
  local: string;
  /** Namespace URI ("" for none). */
  uri: string;
  autoFermante: boolean;
  /** An attribute by local name: unprefixed, or in a namespace accepted by `estNs`. */
  attribut(local: string, estNs?: (uri: string | undefined) => boolean): string | undefined;
  /** In `ouverture`: no event for what this element holds (it is still read and checked); its closing is reported. */
  ignorerContenu(): void;
}

export interface GestionnairesBalises {
  ouverture?: (b: Balise) => void;
  fermeture?: (b: Balise) => void;
  texte?: (t: string) => void;
  /** Asked before each piece of text: false and it is neither cut out nor decoded (still checked). */
  texteVoulu?: () => boolean;
}

/** No Open XML part nests elements this deep (saxes then refuses the part with its message). */
export const PROFONDEUR_MAX = 200;

/** Not read by the fast tokenizer: the caller hands the part to saxes. */
export class XmlIrregulier extends Error {}

const irregulier = (pourquoi: string): never => {
  throw new XmlIrregulier(pourquoi);
};

/** A token may not stay incomplete over more than this (a comment or a tag of a megabyte): saxes decides. */
const ATTENTE_MAX = 1024 * 1024;
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** The XML declaration, whole (version, maybe encoding, maybe standalone), up to "?>". */
const DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*$/;
const estBlanc = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
/** XML 1.0 (5th edition) NameStartChar and NameChar, by code point. */
const debutNom = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a ||
  (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) ||
  c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) ||
  (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
const suiteNom = (c: number) => debutNom(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;

interface Nom {
  nom: string;
  prefixe: string;
  local: string;
  /** A namespace declaration: "xmlns" or "xmlns:…". */
  declaration: boolean;
}
function nomValide(nom: string): Nom {
  let premier = true;
  for (const car of nom) {
    if (!(premier ? debutNom : suiteNom)(car.codePointAt(0)!)) irregulier(`nom « ${nom} »`);
    premier = false;
  }
  if (premier) irregulier("nom vide");
  const deux = nom.indexOf(":");
  if (deux < 0) return { nom, prefixe: "", local: nom, declaration: nom === "xmlns" };
  if (deux === 0 || deux === nom.length - 1 || nom.indexOf(":", deux + 1) >= 0) irregulier(`nom « ${nom} »`);
  const prefixe = nom.slice(0, deux);
  return { nom, prefixe, local: nom.slice(deux + 1), declaration: prefixe === "xmlns" };
}

/** Does `s` hold `mot` at `debut`? (By hand: names are short, a call to startsWith costs more.) */
function pareil(s: string, debut: number, mot: string): boolean {
  for (let k = 0; k < mot.length; k++) if (s.charCodeAt(debut + k) !== mot.charCodeAt(k)) return false;
  return true;
}

const ENTITES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Is this code point allowed in an XML 1.0 document? */
const caractereLegal = (c: number) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** Replaces entity and character references; anything else after "&" is irregular. */
function decoderEntites(s: string): string {
  let out = "";
  let depuis = 0;
  for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", depuis)) {
    const fin = s.indexOf(";", i);
    if (fin < 0) irregulier("« & » sans « ; »");
    const nom = s.slice(i + 1, fin);
    let r: string | undefined;
    if (nom.charCodeAt(0) === 0x23) {
      const hexa = nom.charCodeAt(1) === 0x78;
      const chiffres = nom.slice(hexa ? 2 : 1);
      if (!(hexa ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(chiffres)) irregulier(`référence « &${nom}; »`);
      const c = parseInt(chiffres, hexa ? 16 : 10);
      if (!caractereLegal(c)) irregulier(`caractère interdit &${nom};`);
      r = String.fromCodePoint(c);
    } else r = ENTITES[nom];
    if (r === undefined) irregulier(`entité « &${nom}; »`);
    out += s.slice(depuis, i) + r;
    depuis = fin + 1;
  }
  return out + s.slice(depuis);
}

/** Refuses "]]>" in character data and decodes references (unknown ones are irregular). */
function verifierTexte(t: string, drapeaux: number): string {
  if (drapeaux & 8 && t.includes("]]>")) irregulier("« ]]> » dans le texte");
  return drapeaux & 1 ? decoderEntites(t) : t;
}

/**
 * Checks the characters of a piece of text or attribute value and reports what it holds that needs
 * work: 1 an entity, 2 a carriage return, 4 a tab or line feed, 8 "]" (maybe "]]>"), 16 "<".
 */
function examiner(s: string, debut: number, fin: number): number {
  let drapeaux = 0;
  for (let i = debut; i < fin; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x0d) drapeaux |= 2;
      else if (c === 0x0a || c === 0x09) drapeaux |= 4;
      else irregulier("caractère de contrôle");
    } else if (c === 0x26) drapeaux |= 1;
    else if (c === 0x5d) drapeaux |= 8;
    else if (c === 0x3c) drapeaux |= 16;
    else if (c >= 0xfffe && c <= 0xffff) irregulier("caractère interdit");
  }
  return drapeaux;
}

/**
 * A tokenizer for one part: feed the decoded text with `ecrire`, then call `fermer`. Throws
 * `XmlIrregulier` for anything it leaves to saxes; errors thrown by the callbacks go through.
 */
export function tokeniseur(g: GestionnairesBalises): { ecrire: (t: string) => void; fermer: () => void } {
  /** Names seen (a sheet has a handful: row, c, v, r, s, t…), found again without slicing the text. */
  const casesNoms: (Nom | undefined)[] = new Array(1024);
  const interner = (s: string, debut: number, fin: number): Nom => {
    const l = fin - debut;
    const h = (s.charCodeAt(debut) * 7 + s.charCodeAt(fin - 1) * 13 + l * 31) & 1023;
    const n = casesNoms[h];
    if (n !== undefined && n.nom.length === l && pareil(s, debut, n.nom)) return n;
    const nouveau = nomValide(s.slice(debut, fin));
    casesNoms[h] = nouveau;
    return nouveau;
  };
  // Open elements: qualified name, local name, URI.
  const pileNoms: Nom[] = [];
  const pileUris: string[] = [];
  /** The default namespace in scope ("" for none). */
  let defaut = "";
  // Namespace bindings, and how to undo those of each element when it closes.
  const espaces = new Map<string, string>([["xml", XML_NS]]);
  const annulations: { profondeur: number; prefixe: string; ancien: string | undefined }[] = [];
  // Attributes of the current tag.
  // Attributes of the current tag: values are sliced from `tampon` only when asked for.
  const attrNoms: Nom[] = [];
  const attrDebuts: number[] = [];
  const attrFins: number[] = [];
  const attrDrapeaux: number[] = [];
  let nAttr = 0;
  let tampon = "";
  const valeurAttr = (k: number): string => {
    let v = tampon.slice(attrDebuts[k]!, attrFins[k]!);
    const d = attrDrapeaux[k]!;
    if (d & 2) v = v.replace(/\r\n?/g, " ");
    if (d & 4) v = v.replace(/[\t\n]/g, " ");
    if (d & 1) v = decoderEntites(v);
    return v;
  };
  let reste = "";
  let debutDocument = true;
  let racineVue = false;
  const texteCb = g.texte;
  const texteVoulu = g.texteVoulu;
  const ouvertureCb = g.ouverture;
  const fermetureCb = g.fermeture;

  const balise: Balise = {
    local: "",
    uri: "",
    autoFermante: false,
    attribut(local, estNs) {
      for (let k = 0; k < nAttr; k++) {
        const q = attrNoms[k]!;
        if (q.local !== local) continue;
        if (!estNs ? !q.prefixe : q.prefixe && !q.declaration && estNs(espaces.get(q.prefixe))) return valeurAttr(k);
      }
      return undefined;
    },
    ignorerContenu() {
      if (!ignorerSous) ignorerSous = pileNoms.length;
    },
  };
  /** Depth of an element whose content gives no event (0: none). */
  let ignorerSous = 0;

  /** Text between tags: checked, entities decoded, line ends normalised. */
  function texte(s: string, debut: number, fin: number) {
    if (debut >= fin) return;
    const drapeaux = examiner(s, debut, fin);
    if (pileNoms.length === 0) {
      // Outside the root only white space.
      for (let i = debut; i < fin; i++) if (!estBlanc(s.charCodeAt(i))) irregulier("texte hors de l'élément racine");
      return;
    }
    if (!texteCb || ignorerSous || (texteVoulu && !texteVoulu())) {
      // Not wanted: still checked ("]]>", references), never cut out when it is plain.
      if (drapeaux & 9) verifierTexte(s.slice(debut, fin), drapeaux);
      return;
    }
    // Line ends first: a reference &#13; stays a carriage return.
    const t = s.slice(debut, fin);
    texteCb(verifierTexte(drapeaux & 2 ? t.replace(/\r\n?/g, "\n") : t, drapeaux));
  }

  /** Reads a tag starting at `i` ("<" then a name char); returns the index after it, or -1 if incomplete. */
  function baliseOuvrante(s: string, i: number): number {
    const n = s.length;
    let p = i + 1;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (estBlanc(c) || c === 0x2f || c === 0x3e) break;
      p++;
    }
    if (p >= n) return -1;
    const nom = interner(s, i + 1, p);
    nAttr = 0;
    let autoFermante = false;
    /** A namespace declaration or a prefixed attribute among them. */
    let particuliers = false;
    for (;;) {
      const avant = p;
      while (p < n && estBlanc(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      const c = s.charCodeAt(p);
      if (c === 0x3e) {
        p++;
        break;
      }
      if (c === 0x2f) {
        if (p + 1 >= n) return -1;
        if (s.charCodeAt(p + 1) !== 0x3e) irregulier("« / » dans une balise");
        autoFermante = true;
        p += 2;
        break;
      }
      if (p === avant) irregulier("attributs sans espace");
      // name = "value"
      const debutNom = p;
      while (p < n) {
        const d = s.charCodeAt(p);
        if (d === 0x3d || estBlanc(d) || d === 0x3e || d === 0x2f) break;
        p++;
      }
      if (p >= n) return -1;
      const nomAttr = interner(s, debutNom, p);
      while (p < n && estBlanc(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      if (s.charCodeAt(p) !== 0x3d) irregulier(`attribut « ${nomAttr.nom} » sans valeur`);
      p++;
      while (p < n && estBlanc(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      const guillemet = s.charCodeAt(p);
      if (guillemet !== 0x22 && guillemet !== 0x27) irregulier("valeur d'attribut sans guillemets");
      // The value: scanned by hand (a few characters), its checks on the way.
      let fin = p + 1;
      let drapeaux = 0;
      for (; fin < n; fin++) {
        const d = s.charCodeAt(fin);
        if (d === guillemet) break;
        if (d < 0x3d) {
          if (d === 0x26) drapeaux |= 1;
          else if (d === 0x3c) drapeaux |= 16;
          else if (d < 0x20) drapeaux |= examiner(s, fin, fin + 1);
        } else if (d >= 0xfffe && d <= 0xffff) irregulier("caractère interdit");
      }
      if (fin >= n) return -1;
      if (drapeaux & 16) irregulier("« < » dans une valeur d'attribut");
      // References are checked now, even in a value nobody asks for (values are cut out lazily).
      if (drapeaux & 1) decoderEntites(s.slice(p + 1, fin));
      for (let k = 0; k < nAttr; k++) {
        const a = attrNoms[k]!;
        if (a === nomAttr || (a.nom.length === nomAttr.nom.length && a.nom === nomAttr.nom)) irregulier(`attribut « ${nomAttr.nom} » en double`);
      }
      if (nomAttr.prefixe || nomAttr.declaration) particuliers = true;
      attrNoms[nAttr] = nomAttr;
      attrDebuts[nAttr] = p + 1;
      attrFins[nAttr] = fin;
      attrDrapeaux[nAttr] = drapeaux;
      nAttr++;
      p = fin + 1;
    }
    // The element, with its namespace declarations.
    if (pileNoms.length === 0 && racineVue) irregulier("deux éléments racines");
    if (pileNoms.length >= PROFONDEUR_MAX) irregulier("imbrication trop profonde");
    racineVue = true;
    const profondeur = pileNoms.length + 1;
    tampon = s;
    for (let k = 0; particuliers && k < nAttr; k++) {
      const a = attrNoms[k]!;
      if (!a.declaration) continue;
      // A namespace name with references or white space to normalise: left to saxes.
      const v = valeurAttr(k);
      if (attrDrapeaux[k]! & 7 || v.includes(" ")) irregulier(`déclaration « ${a.nom} »`);
      if (!a.prefixe) declarer(profondeur, "", v);
      else {
        if (!v || a.local === "xml" || a.local === "xmlns" || v === XML_NS || v === XMLNS_NS) irregulier(`déclaration « ${a.nom} »`);
        declarer(profondeur, a.local, v);
      }
    }
    let uri: string | undefined;
    if (nom.prefixe) {
      if (nom.declaration) irregulier("élément xmlns");
      uri = espaces.get(nom.prefixe);
      if (uri === undefined) irregulier(`préfixe « ${nom.prefixe} » non déclaré`);
    } else uri = defaut;
    // Prefixed attributes must be bound too.
    for (let k = 0; particuliers && k < nAttr; k++) {
      const qa = attrNoms[k]!;
      if (qa.prefixe && !qa.declaration && !espaces.has(qa.prefixe)) irregulier(`préfixe « ${qa.prefixe} » non déclaré`);
    }
    pileNoms.push(nom);
    pileUris.push(uri!);
    balise.local = nom.local;
    balise.uri = uri!;
    balise.autoFermante = autoFermante;
    if (!ignorerSous) ouvertureCb?.(balise);
    if (autoFermante) fermerElement();
    return p;
  }

  function declarer(profondeur: number, prefixe: string, uri: string) {
    annulations.push({ profondeur, prefixe, ancien: espaces.get(prefixe) });
    if (prefixe === "" && uri === "") espaces.delete("");
    else espaces.set(prefixe, uri);
    defaut = espaces.get("") ?? "";
  }

  function fermerElement() {
    const profondeur = pileNoms.length;
    balise.local = pileNoms.pop()!.local;
    balise.uri = pileUris.pop()!;
    nAttr = 0;
    if (ignorerSous === profondeur) ignorerSous = 0;
    if (!ignorerSous) fermetureCb?.(balise);
    while (annulations.length && annulations[annulations.length - 1]!.profondeur === profondeur) {
      const a = annulations.pop()!;
      if (a.ancien === undefined) espaces.delete(a.prefixe);
      else espaces.set(a.prefixe, a.ancien);
      defaut = espaces.get("") ?? "";
    }
  }

  /** Tokenizes as far as the text goes; returns where the incomplete rest starts. */
  function avancer(s: string, depart = 0): number {
    const n = s.length;
    let i = depart;
    if (debutDocument) {
      if (n < 6) return 0;
      debutDocument = false;
      if (s.charCodeAt(0) === 0xfeff) i = 1;
      if (s.startsWith("<?xml", i) && estBlanc(s.charCodeAt(i + 5))) {
        const fin = s.indexOf("?>", i);
        if (fin < 0) {
          debutDocument = true;
          return n > ATTENTE_MAX ? irregulier("déclaration XML sans fin") : 0;
        }
        if (!DECLARATION.test(s.slice(i, fin))) irregulier("déclaration XML");
        examiner(s, i, fin);
        i = fin + 2;
      }
    }
    while (i < n) {
      const lt = s.charCodeAt(i) === 0x3c ? i : s.indexOf("<", i);
      if (lt < 0) {
        // Text up to the end, except a reference or a carriage return that may go on in the next piece.
        let fin = n;
        const amp = s.lastIndexOf("&");
        if (amp >= i && s.indexOf(";", amp) < 0) fin = amp;
        // "]]" may be the start of a forbidden "]]>".
        for (let k = 0; k < 2 && fin > i && s.charCodeAt(fin - 1) === 0x5d; k++) fin--;
        if (fin > i && s.charCodeAt(fin - 1) === 0x0d) fin--;
        texte(s, i, fin);
        return fin;
      }
      if (lt > i) texte(s, i, lt);
      i = lt;
      if (i + 1 >= n) return i;
      const c = s.charCodeAt(i + 1);
      if (c === 0x2f) {
        // End tag: the name of the open element, maybe white space, then ">".
        const attendu = pileNoms[pileNoms.length - 1];
        if (attendu === undefined) irregulier("balise fermante sans élément ouvert");
        const nom = attendu!.nom;
        let f = i + 2 + nom.length;
        if (f >= n) return i;
        if (!pareil(s, i + 2, nom)) irregulier("balise fermante inattendue");
        while (f < n && estBlanc(s.charCodeAt(f))) f++;
        if (f >= n) return i;
        if (s.charCodeAt(f) !== 0x3e) irregulier("balise fermante inattendue");
        fermerElement();
        i = f + 1;
      } else if (c === 0x21) {
        if (s.startsWith("<!--", i)) {
          const fin = s.indexOf("-->", i + 4);
          if (fin < 0) return i;
          if (s.indexOf("--", i + 4) < fin) irregulier("« -- » dans un commentaire");
          examiner(s, i + 4, fin);
          i = fin + 3;
        } else if (s.startsWith("<![CDATA[", i)) {
          if (pileNoms.length === 0) irregulier("CDATA hors de l'élément racine");
          const fin = s.indexOf("]]>", i + 9);
          if (fin < 0) return i;
          const drapeaux = examiner(s, i + 9, fin);
          if (texteCb && !ignorerSous && (!texteVoulu || texteVoulu())) texteCb(drapeaux & 2 ? s.slice(i + 9, fin).replace(/\r\n?/g, "\n") : s.slice(i + 9, fin));
          i = fin + 3;
        } else if (n - i < 9) return i;
        // DOCTYPE (refused by saxes with its own message), or anything else.
        else irregulier("déclaration <!…>");
      } else if (c === 0x3f) {
        const fin = s.indexOf("?>", i + 2);
        if (fin < 0) return i;
        let p = i + 2;
        while (p < fin && !estBlanc(s.charCodeAt(p))) p++;
        const cible = s.slice(i + 2, p);
        if (!cible || cible.toLowerCase() === "xml" || cible.includes(":")) irregulier("instruction de traitement");
        nomValide(cible);
        examiner(s, p, fin);
        i = fin + 2;
      } else {
        const fin = baliseOuvrante(s, i);
        if (fin < 0) return i;
        i = fin;
      }
    }
    return n;
  }

  return {
    ecrire(t: string) {
      let s = t;
      let depart = 0;
      if (reste) {
        // The token cut at the end of the last piece is finished on a small joint, so the piece
        // itself is scanned as the flat string it is (a concatenation is slower to index).
        const joint = reste + t.slice(0, 4096);
        const k = avancer(joint);
        if (k >= reste.length) depart = k - reste.length;
        else s = reste.slice(k) + t;
        if (k >= reste.length && depart >= t.length) {
          reste = k >= joint.length ? "" : joint.slice(k);
          return;
        }
      }
      const k = avancer(s, depart);
      reste = k >= s.length ? "" : s.slice(k);
      if (reste.length > ATTENTE_MAX) irregulier("élément trop long");
    },
    fermer() {
      if (debutDocument && reste) {
        // A document shorter than six characters.
        debutDocument = false;
        const k = avancer(reste);
        reste = reste.slice(k);
      }
      for (let i = 0; i < reste.length; i++) if (!estBlanc(reste.charCodeAt(i)) || pileNoms.length) irregulier("document incomplet");
      if (pileNoms.length || !racineVue) irregulier("document incomplet");
    },
  };
}
