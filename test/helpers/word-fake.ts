/**
 * A small typed fake of the Word JavaScript API subset in src/hosts/word/assemblage.ts: the
 * document is a tree of paragraphs, tables and content controls; reads need load + sync; syncs
 * are counted; getFirst() on a missing tag fails at the next sync, as Word does.
 */
import type { ContexteWord, ControleW, CorpsW, ParagrapheW, PlageW } from "../../src/hosts/word/assemblage";

export interface Police {
  bold: boolean;
  italic: boolean;
  color: string;
  highlightColor: string;
}
export type Noeud =
  | {
      type: "p";
      /** Text; a PAGE or NUMPAGES field shows as {PAGE} / {NUMPAGES}. */
      texte: string;
      style: string;
      police: Partial<Police>;
      prefixeGras?: string;
      champ?: string;
      codeChamp?: string;
      champAJour?: boolean;
      alignement?: string;
      /** A page break was inserted before the paragraph. */
      sautAvant?: boolean;
      image?: { base64: string; largeur?: number; hauteur?: number };
    }
  | { type: "table"; valeurs: string[][]; entetes: number }
  | { type: "cc"; tag: string; titre: string; enfants: Noeud[] };

export class ErreurWordFausse extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code} : ${message}`);
  }
}

export class DocumentFaux {
  corps: Noeud[] = [];
  /** The first section's primary header and footer. */
  enTete: Noeud[] = [];
  pied: Noeud[] = [];
  /** « Première page différente » (the cover without header or footer). */
  premierePageDistincte = false;
  /** Word on the web: fields are read-only, inserting one fails at the next sync. */
  champsEnLectureSeule = false;
  proprietes = new Map<string, unknown>();
  selection: string | null = null;

  controles(noeuds: Noeud[] = this.corps): Extract<Noeud, { type: "cc" }>[] {
    return noeuds.flatMap((n) => (n.type === "cc" ? [n, ...this.controles(n.enfants)] : []));
  }

  /** Text of the document, paragraph by paragraph. */
  texte(noeuds: Noeud[] = this.corps): string[] {
    return noeuds.flatMap((n) => (n.type === "p" ? [n.texte] : n.type === "table" ? n.valeurs.map((l) => l.join(" | ")) : this.texte(n.enfants)));
  }

  parent(cible: Noeud, noeuds?: Noeud[]): Noeud[] | null {
    if (!noeuds) return this.parent(cible, this.corps) ?? this.parent(cible, this.enTete) ?? this.parent(cible, this.pied);
    if (noeuds.includes(cible)) return noeuds;
    for (const n of noeuds) if (n.type === "cc") {
      const p = this.parent(cible, n.enfants);
      if (p) return p;
    }
    return null;
  }
}

export class ContexteWordFaux implements ContexteWord {
  syncs = 0;
  private chargements: (() => void)[] = [];
  private echecs: ErreurWordFausse[] = [];
  readonly document: ContexteWord["document"];

  constructor(readonly doc = new DocumentFaux()) {
    let proprietes: { key: string; value: unknown; delete(): void }[] | null = null;
    this.document = {
      body: this.corpsDe(() => doc.corps, "body"),
      sections: {
        getFirst: () => ({
          getHeader: () => this.corpsDe(() => doc.enTete, "en-tête"),
          getFooter: () => this.corpsDe(() => doc.pied, "pied de page"),
          pageSetup: {
            get differentFirstPageHeaderFooter(): boolean {
              throw new ErreurWordFausse("PropertyNotLoaded", "pageSetup.differentFirstPageHeaderFooter");
            },
            set differentFirstPageHeaderFooter(v: boolean) {
              if (doc.champsEnLectureSeule) throw new ErreurWordFausse("ApiNotFound", "WordApiDesktop 1.3 absent de Word sur le web");
              doc.premierePageDistincte = v;
            },
          },
        }),
      },
      properties: {
        customProperties: {
          load: () =>
            this.chargements.push(
              () => (proprietes = [...doc.proprietes].map(([key, value]) => ({ key, value, delete: () => doc.proprietes.delete(key) }))),
            ),
          get items() {
            if (!proprietes) throw new ErreurWordFausse("PropertyNotLoaded", "customProperties.items : load() puis sync()");
            return proprietes;
          },
          add: (cle: string, valeur: unknown) => {
            if (String(valeur).length > 255) throw new ErreurWordFausse("InvalidArgument", `propriété ${cle} de plus de 255 caractères`);
            // Word stores text, not UTF-16 units: half of a surrogate pair comes back as U+FFFD.
            doc.proprietes.set(cle, typeof valeur === "string" ? valeur.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") : valeur);
            return {};
          },
        },
      },
    };
  }

  /** The body, a header or a footer: its content controls (load + sync to read) and paragraphs. */
  private corpsDe(noeuds: () => Noeud[], nom: string): CorpsW {
    const doc = this.doc;
    let items: ControleW[] | null = null;
    return {
      contentControls: {
        load: () => this.chargements.push(() => (items = doc.controles(noeuds()).map((c) => this.controle(c)))),
        get items() {
          if (!items) throw new ErreurWordFausse("PropertyNotLoaded", `${nom}.contentControls.items : load() puis sync()`);
          return items;
        },
        getByTag: (tag: string) => ({
          getFirst: () => {
            const c = doc.controles(noeuds()).find((x) => x.tag === tag);
            if (c) return this.controle(c);
            this.echecs.push(new ErreurWordFausse("ItemNotFound", `aucun contrôle « ${tag} »`));
            return this.controle({ type: "cc", tag, titre: "", enfants: [] });
          },
        }),
      },
      insertParagraph: (texte: string) => this.paragraphe(noeuds(), texte, "End"),
    };
  }

  async sync(): Promise<void> {
    this.syncs++;
    const e = this.echecs.shift();
    this.echecs = [];
    if (e) throw e;
    for (const c of this.chargements.splice(0)) c();
  }

  private paragraphe(liste: Noeud[], texte: string, ou: "Start" | "End", ancre?: Noeud, apres?: boolean): ParagrapheW {
    const p: Extract<Noeud, { type: "p" }> = { type: "p", texte, style: "Normal", police: {} };
    if (ancre) liste.splice(liste.indexOf(ancre) + (apres ? 1 : 0), 0, p);
    else if (ou === "Start") liste.unshift(p);
    else liste.push(p);
    const doc = this.doc;
    const police = (cible: Partial<Police>): PlageW["font"] =>
      new Proxy({} as PlageW["font"], {
        set: (_, k, v) => ((cible[k as keyof Police] = v as never), true),
        get: () => {
          throw new ErreurWordFausse("PropertyNotLoaded", "font");
        },
      });
    return {
      get styleBuiltIn() {
        throw new ErreurWordFausse("PropertyNotLoaded", "styleBuiltIn");
      },
      set styleBuiltIn(s: string) {
        p.style = s;
      },
      get alignment(): string {
        throw new ErreurWordFausse("PropertyNotLoaded", "alignment");
      },
      set alignment(a: string) {
        p.alignement = a;
      },
      insertInlinePictureFromBase64: (base64: string) => {
        if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) throw new ErreurWordFausse("InvalidArgument", "image base64 illisible");
        const image: NonNullable<typeof p.image> = { base64 };
        p.image = image;
        return {
          set width(l: number) {
            image.largeur = l;
          },
          set height(h: number) {
            image.hauteur = h;
          },
          get width(): number {
            throw new ErreurWordFausse("PropertyNotLoaded", "width");
          },
          get height(): number {
            throw new ErreurWordFausse("PropertyNotLoaded", "height");
          },
        };
      },
      insertBreak: (_type: "Page", ou: "Before" | "After") => {
        if (ou !== "Before") throw new Error("le faux ne connaît que le saut avant");
        p.sautAvant = true;
      },
      font: police(p.police),
      insertText: (t: string, o: "Start" | "End") => {
        p.texte = o === "Start" ? t + p.texte : p.texte + t;
        const gras: Partial<Police> = {};
        return {
          font: new Proxy({} as PlageW["font"], {
            set: (_, k, v) => {
              gras[k as keyof Police] = v as never;
              if (k === "bold" && v) p.prefixeGras = t;
              return true;
            },
          }),
        };
      },
      insertContentControl: () => {
        const parent = doc.parent(p)!;
        const cc: Extract<Noeud, { type: "cc" }> = { type: "cc", tag: "", titre: "", enfants: [p] };
        parent.splice(parent.indexOf(p), 1, cc);
        return this.controle(cc);
      },
      getRange: () => ({
        insertField: (_o: "Start" | "End", type: "TOC" | "Page" | "NumPages", code?: string) => {
          if (doc.champsEnLectureSeule) {
            this.echecs.push(new ErreurWordFausse("NotAllowed", "les champs sont en lecture seule dans Word sur le web"));
            return { updateResult: () => undefined };
          }
          if (type !== "TOC") {
            p.texte += `{${type.toUpperCase()}}`;
            return { updateResult: () => undefined };
          }
          p.champ = type;
          p.codeChamp = code;
          return { updateResult: () => void (p.champAJour = true) };
        },
      }),
    };
  }

  controle(c: Extract<Noeud, { type: "cc" }>): ControleW {
    const doc = this.doc;
    return {
      get tag() {
        return c.tag;
      },
      set tag(t: string) {
        c.tag = t;
      },
      get title() {
        return c.titre;
      },
      set title(t: string) {
        c.titre = t;
      },
      clear: () => {
        c.enfants = [{ type: "p", texte: "", style: "Normal", police: {} }];
      },
      select: () => {
        doc.selection = c.tag;
      },
      insertParagraph: (texte: string, ou: "Start" | "End" | "Before" | "After") =>
        ou === "Before" || ou === "After" ? this.paragraphe(doc.parent(c)!, texte, "End", c, ou === "After") : this.paragraphe(c.enfants, texte, ou),
      insertTable: (lignes: number, colonnes: number, ou: "Start" | "End" | "Before" | "After", valeurs?: string[][]) => {
        if (!valeurs || valeurs.length !== lignes || valeurs.some((l) => l.length !== colonnes)) throw new ErreurWordFausse("InvalidArgument", "dimensions du tableau");
        const t: Extract<Noeud, { type: "table" }> = { type: "table", valeurs, entetes: 0 };
        if (ou === "Start") c.enfants.unshift(t);
        else c.enfants.push(t);
        return {
          set headerRowCount(n: number) {
            t.entetes = n;
          },
          get headerRowCount() {
            return t.entetes;
          },
        };
      },
    };
  }
}
