/**
 * XML of Open XML parts through a real parser (saxes, namespaces resolved): a streaming reader
 * for big parts (sheets, shared strings) and a small tree for the parts we edit (workbook,
 * relationships, content types, styles), serialised back without loss of what we do not touch.
 * A DOCTYPE is refused everywhere with one message: no Open XML part has one.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ErreurUtilisateur } from "../../core/referential";
import { PROFONDEUR_MAX, tokeniseur, XmlIrregulier, type Balise, type GestionnairesBalises } from "./jetons";

export type { Balise, GestionnairesBalises };

export const NS = {
  principal: ["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"],
  relations: ["http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"],
  paquetRelations: "http://schemas.openxmlformats.org/package/2006/relationships",
  types: "http://schemas.openxmlformats.org/package/2006/content-types",
};
let dernierUri: string | undefined = undefined;
let dernierPrincipal = false;
/** Called for every tag of a sheet: the last answer is kept (the same URI string comes back). */
export const estPrincipal = (uri: string | undefined): boolean => {
  if (uri === dernierUri) return dernierPrincipal;
  dernierUri = uri;
  return (dernierPrincipal = uri !== undefined && NS.principal.includes(uri));
};
export const estRelation = (uri: string | undefined) => uri !== undefined && NS.relations.includes(uri);

export function erreurDoctype(source: string): ErreurUtilisateur {
  return new ErreurUtilisateur(
    `${source} est refusé : une de ses parties XML déclare un DOCTYPE, ce qu'aucun classeur Excel ne contient (fichier fabriqué ou piégé). Rien n'a été lu ni modifié.`,
  );
}

export interface Gestionnaires {
  ouverture?: (b: SaxesTagNS) => void;
  fermeture?: (b: SaxesTagNS) => void;
  texte?: (t: string) => void;
}

export { PROFONDEUR_MAX };

/** A streaming parser for one part; feed it with `ecrire`, then `fermer`. */
export function analyseur(source: string, partie: string, g: Gestionnaires): { ecrire: (t: string) => void; fermer: () => void } {
  const p = new SaxesParser({ xmlns: true, position: true });
  p.on("doctype", () => {
    throw erreurDoctype(source);
  });
  let profondeur = 0;
  p.on("opentag", (b) => {
    if (++profondeur > PROFONDEUR_MAX) {
      throw new ErreurUtilisateur(`${source} est refusé : la partie « ${partie} » imbrique plus de ${PROFONDEUR_MAX} éléments, ce qu'aucun classeur ne fait (fichier fabriqué ou piégé). Rien n'a été lu ni modifié.`);
    }
    g.ouverture?.(b);
  });
  p.on("closetag", (b) => {
    profondeur--;
    g.fermeture?.(b);
  });
  if (g.texte) {
    p.on("text", g.texte);
    p.on("cdata", g.texte);
  }
  const garde = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof ErreurUtilisateur) throw e;
      throw new ErreurUtilisateur(`${source} est endommagé : la partie « ${partie} » n'est pas un XML valide (${(e as Error).message}).`);
    }
  };
  return { ecrire: (t) => garde(() => void p.write(t)), fermer: () => garde(() => void p.close()) };
}


/**
 * Reads a part as a stream of tags: the fast tokenizer (jetons.ts) first; if it meets anything it
 * leaves to saxes (a DOCTYPE, a malformed part…), the part is read again by saxes, whose verdict
 * and message are the reference. `creer` makes fresh handlers (and state) for each reading.
 * `lire` streams the part's text.
 */
export async function lireBalises(lire: (surTexte: (t: string) => void) => Promise<void>, source: string, partie: string, creer: () => GestionnairesBalises): Promise<void> {
  try {
    const t = tokeniseur(creer());
    await lire(t.ecrire);
    t.fermer();
    return;
  } catch (e) {
    if (!(e instanceof XmlIrregulier)) throw e;
  }
  await lireBalisesSaxes(lire, source, partie, creer());
}

/** The same events from saxes (the reference reading). */
export async function lireBalisesSaxes(lire: (surTexte: (t: string) => void) => Promise<void>, source: string, partie: string, g: GestionnairesBalises): Promise<void> {
  // The same events from saxes: the tag adapted, the content of an element skipped when asked.
  let profondeur = 0;
  let ignorerSous = 0;
  const versBalise = (b: SaxesTagNS): Balise => ({
    local: b.local,
    uri: b.uri,
    autoFermante: b.isSelfClosing,
    attribut: (local, estNs) => attribut(b, local, estNs),
    ignorerContenu: () => void (ignorerSous ||= profondeur),
  });
  const a = analyseur(source, partie, {
    ouverture: (b) => {
      profondeur++;
      if (!ignorerSous) g.ouverture?.(versBalise(b));
    },
    fermeture: (b) => {
      if (ignorerSous === profondeur) ignorerSous = 0;
      profondeur--;
      if (!ignorerSous) g.fermeture?.(versBalise(b));
    },
    texte: (t) => {
      if (!ignorerSous && (!g.texteVoulu || g.texteVoulu())) g.texte?.(t);
    },
  });
  await lire(a.ecrire);
  a.fermer();
}

/** An attribute value by local name and namespace (none for plain attributes). */
export function attribut(b: SaxesTagNS, local: string, estNs?: (uri: string | undefined) => boolean): string | undefined {
  for (const a of Object.values(b.attributes)) {
    if (a.local === local && (estNs ? estNs(a.uri) : !a.prefix)) return a.value;
  }
  return undefined;
}

/**
 * Rewrites a part token by token without building a tree (big sheets): `avant` may return XML
 * to put before an opening tag, `avantFin` before a closing one, given its depth (the root is 1).
 */
export function reecrire(
  xml: string,
  source: string,
  partie: string,
  avant: (b: SaxesTagNS, profondeur: number) => string | undefined,
  avantFin: (b: SaxesTagNS, profondeur: number) => string | undefined = () => undefined,
): string {
  const sortie: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'];
  let profondeur = 0;
  const a = analyseur(source, partie, {
    ouverture: (b) => {
      profondeur++;
      const ajout = avant(b, profondeur);
      if (ajout) sortie.push(ajout);
      sortie.push(`<${b.name}`);
      for (const x of Object.values(b.attributes)) sortie.push(` ${x.name}="${echapperAttribut(x.value)}"`);
      sortie.push(b.isSelfClosing ? "/>" : ">");
    },
    fermeture: (b) => {
      if (!b.isSelfClosing) {
        const ajout = avantFin(b, profondeur);
        if (ajout) sortie.push(ajout);
        sortie.push(`</${b.name}>`);
      }
      profondeur--;
    },
    texte: (t) => {
      if (profondeur > 0) sortie.push(echapperTexte(t));
    },
  });
  a.ecrire(xml);
  a.fermer();
  return sortie.join("");
}

// ——— A small tree for parts we edit ———

export interface Attribut {
  nom: string;
  valeur: string;
  local: string;
  uri: string;
}
export interface Element {
  nom: string;
  local: string;
  uri: string;
  attributs: Attribut[];
  enfants: Noeud[];
}
export type Noeud = Element | string;

export function lireArbre(xml: string, source: string, partie: string): Element {
  const pile: Element[] = [];
  let racine: Element | null = null;
  const a = analyseur(source, partie, {
    ouverture: (b) => {
      const el: Element = {
        nom: b.name,
        local: b.local,
        uri: b.uri,
        attributs: Object.values(b.attributes).map((x) => ({ nom: x.name, valeur: x.value, local: x.local, uri: x.uri })),
        enfants: [],
      };
      pile.at(-1)?.enfants.push(el);
      racine ??= el;
      pile.push(el);
    },
    fermeture: () => void pile.pop(),
    texte: (t) => {
      const parent = pile.at(-1);
      if (parent) parent.enfants.push(t);
    },
  });
  a.ecrire(xml);
  a.fermer();
  if (!racine) throw new ErreurUtilisateur(`${source} est endommagé : la partie « ${partie} » est vide.`);
  return racine;
}

const echapperTexte = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const echapperAttribut = (s: string) => echapperTexte(s).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");

export function serialiser(racine: Element): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + versTexte(racine);
}

/** One element as XML text, without declaration. */
export function versTexte(racine: Element): string {
  const morceaux: string[] = [];
  const ecrire = (n: Noeud) => {
    if (typeof n === "string") {
      morceaux.push(echapperTexte(n));
      return;
    }
    morceaux.push(`<${n.nom}`);
    for (const a of n.attributs) morceaux.push(` ${a.nom}="${echapperAttribut(a.valeur)}"`);
    if (!n.enfants.length) {
      morceaux.push("/>");
      return;
    }
    morceaux.push(">");
    n.enfants.forEach(ecrire);
    morceaux.push(`</${n.nom}>`);
  };
  ecrire(racine);
  return morceaux.join("");
}

export const enfants = (el: Element, local: string): Element[] => el.enfants.filter((n): n is Element => typeof n !== "string" && n.local === local);
export const enfant = (el: Element, local: string): Element | undefined => enfants(el, local)[0];
export const attr = (el: Element, local: string, estNs?: (uri: string) => boolean): string | undefined =>
  el.attributs.find((a) => a.local === local && (estNs ? estNs(a.uri) : !a.nom.includes(":")))?.valeur;

export function definirAttr(el: Element, nom: string, valeur: string): void {
  const a = el.attributs.find((x) => x.nom === nom);
  if (a) a.valeur = valeur;
  else el.attributs.push({ nom, valeur, local: nom.split(":").pop()!, uri: "" });
}
export function retirerAttr(el: Element, nom: string): void {
  el.attributs = el.attributs.filter((x) => x.nom !== nom);
}

/** The prefix (with its colon, or "") the document binds to a namespace, read from the root. */
export function prefixeDe(racine: Element, uris: string | string[]): string | null {
  const liste = Array.isArray(uris) ? uris : [uris];
  if (liste.includes(racine.uri) && !racine.nom.includes(":")) return "";
  for (const a of racine.attributs) {
    if (liste.includes(a.valeur) && a.nom.startsWith("xmlns")) return a.nom === "xmlns" ? "" : `${a.nom.slice(6)}:`;
  }
  return null;
}

/** A new element in the same namespace (and prefix) as `modele`. */
export function nouvelElement(modele: Element, local: string, attributs: [string, string][] = []): Element {
  const prefixe = modele.nom.includes(":") ? modele.nom.slice(0, modele.nom.indexOf(":") + 1) : "";
  return {
    nom: prefixe + local,
    local,
    uri: modele.uri,
    attributs: attributs.map(([nom, valeur]) => ({ nom, valeur, local: nom.split(":").pop()!, uri: "" })),
    enfants: [],
  };
}

/** Inserts `el` among `parent`'s children after every sibling that comes before it in `ordre`. */
export function insererSelonOrdre(parent: Element, el: Element, ordre: string[]): void {
  const rang = ordre.indexOf(el.local);
  let i = parent.enfants.length;
  for (let k = 0; k < parent.enfants.length; k++) {
    const n = parent.enfants[k]!;
    if (typeof n !== "string" && ordre.indexOf(n.local) > rang) {
      i = k;
      break;
    }
  }
  parent.enfants.splice(i, 0, el);
}
