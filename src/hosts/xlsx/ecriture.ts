/**
 * Package-preserving writes. Our sheets are rendered by ExcelJS into a fresh workbook; their
 * parts (sheet XML, tables, drawings, charts) are then transplanted into the user's package,
 * which changes only: the workbook part (sheet list, defined names, calculation flag, active
 * tab), its relationships, [Content_Types].xml, and styles.xml (our styles appended, the
 * user's never renumbered). Our strings go inline in our sheets, so the user's shared strings
 * stay as they are. Every other entry — the user's sheets, charts, pivot tables, images,
 * macros (xl/vbaProject.bin), custom XML — is copied with the same compressed bytes.
 * When one of our sheets is removed, xl/calcChain.xml is dropped (Excel rebuilds it).
 */
import { ErreurUtilisateur } from "../../core/referential";
import { Paquet, ecrireZip, type EntreeAEcrire } from "../ooxml/zip";
import {
  attr,
  definirAttr,
  enfant,
  enfants,
  estRelation,
  insererSelonOrdre,
  lireArbre,
  nouvelElement,
  prefixeDe,
  retirerAttr,
  serialiser,
  versTexte,
  NS,
  type Element,
} from "../ooxml/xml";
import { dossierDe, relsDe, resoudre } from "../paquet";
import { ClasseurLu } from "./lecture";

const ORDRE_CLASSEUR = ["fileVersion", "fileSharing", "workbookPr", "AlternateContent", "revisionPtr", "absPath", "workbookProtection", "bookViews", "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"];
const ORDRE_STYLES = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"];
const REL_FEUILLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/** A part path relative to a folder: ("xl/worksheets/", "xl/tables/table1.xml") → "../tables/table1.xml". */
function relatif(dossier: string, cible: string): string {
  const de = dossier.split("/").filter(Boolean);
  const vers = cible.split("/");
  let i = 0;
  while (i < de.length && i < vers.length - 1 && de[i] === vers[i]) i++;
  return [...de.slice(i).map(() => ".."), ...vers.slice(i)].join("/");
}

interface Rel {
  el: Element;
  id: string;
  type: string;
  cible: string | null;
}

async function arbre(p: Paquet, chemin: string): Promise<Element> {
  return lireArbre(await p.texte(chemin), p.source, chemin);
}

async function rels(p: Paquet, partie: string): Promise<{ racine: Element; liste: Rel[] } | null> {
  const chemin = relsDe(partie);
  if (!p.a(chemin)) return null;
  const racine = await arbre(p, chemin);
  const dossier = dossierDe(partie);
  const liste = enfants(racine, "Relationship").map((el) => {
    const externe = attr(el, "TargetMode") === "External";
    const cible = attr(el, "Target");
    return { el, id: attr(el, "Id") ?? "", type: attr(el, "Type") ?? "", cible: !externe && cible ? resoudre(dossier, cible) : null };
  });
  return { racine, liste };
}

/** Content types: overrides by part, defaults by extension. */
class Types {
  private readonly overrides = new Map<string, string>();
  constructor(readonly racine: Element) {
    for (const o of enfants(racine, "Override")) this.overrides.set((attr(o, "PartName") ?? "").replace(/^\//, "").toLowerCase(), attr(o, "ContentType") ?? "");
  }
  de(chemin: string): string | undefined {
    const o = this.overrides.get(chemin.toLowerCase());
    if (o !== undefined) return o;
    const ext = chemin.split(".").pop()!.toLowerCase();
    const d = enfants(this.racine, "Default").find((e) => attr(e, "Extension")?.toLowerCase() === ext);
    return d ? attr(d, "ContentType") : undefined;
  }
  retirer(chemin: string): void {
    if (!this.overrides.delete(chemin.toLowerCase())) return;
    this.racine.enfants = this.racine.enfants.filter((e) => typeof e === "string" || e.local !== "Override" || attr(e, "PartName")?.replace(/^\//, "").toLowerCase() !== chemin.toLowerCase());
  }
  ajouter(chemin: string, type: string): void {
    this.retirer(chemin);
    this.overrides.set(chemin.toLowerCase(), type);
    this.racine.enfants.push(nouvelElement(this.racine, "Override", [["PartName", `/${chemin}`], ["ContentType", type]]));
  }
}

/** Appends the styles of our rendered workbook to the user's, reusing identical entries. */
class FusionStyles {
  readonly xf = new Map<number, number>();
  readonly dxf = new Map<number, number>();
  constructor(
    private readonly cible: Element,
    private readonly nous: Element,
  ) {}

  private section(nom: string): Element {
    let s = enfant(this.cible, nom);
    if (!s) {
      s = nouvelElement(this.cible, nom, nom === "numFmts" || nom === "cellXfs" || nom === "fonts" || nom === "fills" || nom === "borders" || nom === "dxfs" ? [["count", "0"]] : []);
      insererSelonOrdre(this.cible, s, ORDRE_STYLES);
    }
    return s;
  }

  /** Per section: the XML text of each child → its index (a style bloated workbook has 60,000 of them). */
  private readonly index = new Map<string, { textes: Map<string, number>; n: number }>();

  /** Index of an identical child in the user's section, or of the appended copy. */
  private ajouter(nom: string, el: Element): number {
    const s = this.section(nom);
    let idx = this.index.get(nom);
    if (!idx) {
      const liste = s.enfants.filter((e): e is Element => typeof e !== "string");
      const textes = new Map<string, number>();
      liste.forEach((e, i) => {
        const t = versTexte(e);
        if (!textes.has(t)) textes.set(t, i);
      });
      this.index.set(nom, (idx = { textes, n: liste.length }));
    }
    const texte = versTexte(el);
    const i = idx.textes.get(texte);
    if (i !== undefined) return i;
    s.enfants.push(el);
    idx.textes.set(texte, idx.n);
    idx.n++;
    if (attr(s, "count") !== undefined) definirAttr(s, "count", String(idx.n));
    return idx.n - 1;
  }

  fusionner(): void {
    const nos = (nom: string) => enfants(enfant(this.nous, nom) ?? this.nous, nom === "numFmts" ? "numFmt" : nom === "cellXfs" ? "xf" : nom.slice(0, -1)).filter(() => !!enfant(this.nous, nom));
    // Number formats: custom ids (164+) are renumbered into free ids of the user's file.
    const formats = new Map<string, string>();
    const existants = enfants(this.section("numFmts"), "numFmt");
    let libre = Math.max(163, ...existants.map((e) => Number(attr(e, "numFmtId") ?? 0))) + 1;
    for (const f of nos("numFmts")) {
      const code = attr(f, "formatCode") ?? "";
      const meme = existants.find((e) => attr(e, "formatCode") === code);
      if (meme) formats.set(attr(f, "numFmtId")!, attr(meme, "numFmtId")!);
      else {
        const id = String(libre++);
        formats.set(attr(f, "numFmtId")!, id);
        const copie = { ...f, attributs: f.attributs.map((a) => (a.local === "numFmtId" ? { ...a, valeur: id } : a)) };
        this.section("numFmts").enfants.push(copie);
        existants.push(copie);
      }
    }
    const numFmts = this.section("numFmts");
    definirAttr(numFmts, "count", String(enfants(numFmts, "numFmt").length));
    if (!enfants(numFmts, "numFmt").length) this.cible.enfants = this.cible.enfants.filter((e) => e !== numFmts);
    const polices = nos("fonts").map((e) => this.ajouter("fonts", e));
    const fonds = nos("fills").map((e) => this.ajouter("fills", e));
    const bordures = nos("borders").map((e) => this.ajouter("borders", e));
    const avecStyleXfs = !!enfant(this.cible, "cellStyleXfs");
    nos("cellXfs").forEach((xf, i) => {
      const copie: Element = {
        ...xf,
        attributs: xf.attributs.flatMap((a) => {
          const v = Number(a.valeur);
          switch (a.local) {
            case "numFmtId":
              return [{ ...a, valeur: formats.get(a.valeur) ?? a.valeur }];
            case "fontId":
              return [{ ...a, valeur: String(polices[v] ?? 0) }];
            case "fillId":
              return [{ ...a, valeur: String(fonds[v] ?? 0) }];
            case "borderId":
              return [{ ...a, valeur: String(bordures[v] ?? 0) }];
            case "xfId":
              return avecStyleXfs ? [{ ...a, valeur: "0" }] : [];
            default:
              return [a];
          }
        }),
      };
      this.xf.set(i, this.ajouter("cellXfs", copie));
    });
    nos("dxfs").forEach((d, i) => this.dxf.set(i, this.ajouter("dxfs", d)));
  }
}

/** Rewrites one of our sheets for its new home: styles renumbered, strings inline. */
function adapterFeuille(racine: Element, styles: FusionStyles | null, chaines: string[]): void {
  const visiter = (el: Element) => {
    if (styles) {
      for (const a of el.attributs) {
        if ((a.local === "s" && (el.local === "c" || el.local === "row")) || (a.local === "style" && el.local === "col")) a.valeur = String(styles.xf.get(Number(a.valeur)) ?? 0);
        if (a.local === "dxfId" && el.local === "cfRule") a.valeur = String(styles.dxf.get(Number(a.valeur)) ?? a.valeur);
      }
    }
    if (el.local === "sheetView") retirerAttr(el, "tabSelected");
    if (el.local === "c" && attr(el, "t") === "s") {
      const v = enfant(el, "v");
      const texte = chaines[Number(v?.enfants.join("") ?? "")] ?? "";
      definirAttr(el, "t", "inlineStr");
      const is = nouvelElement(el, "is");
      const t = nouvelElement(el, "t", [["xml:space", "preserve"]]);
      t.enfants.push(texte);
      is.enfants.push(t);
      el.enfants = el.enfants.filter((e) => e !== v).concat(is);
      return;
    }
    for (const e of el.enfants) if (typeof e !== "string") visiter(e);
  };
  visiter(racine);
}

export interface Transplantation {
  /** Our sheets to remove from the user's workbook (by name). */
  supprimer: string[];
  /** Sheet to show when the workbook opens. */
  activer?: string;
}

/**
 * Puts the sheets of `notre` (a package we rendered) into `original`, removing the sheets of
 * ours named in `supprimer`. Returns the new package.
 */
export async function transplanter(original: ClasseurLu, notre: ClasseurLu, t: Transplantation): Promise<Uint8Array> {
  const P = original.paquet;
  const N = notre.paquet;
  const source = original.source;
  const partieWb = original.partieClasseur;
  const wb = await arbre(P, partieWb);
  const wbRels = (await rels(P, partieWb)) ?? { racine: lireArbre(`<Relationships xmlns="${NS.paquetRelations}"/>`, source, relsDe(partieWb)), liste: [] };
  if (!P.a("[Content_Types].xml")) throw new ErreurUtilisateur(`${source} est endommagé : il lui manque « [Content_Types].xml ».`);
  const types = new Types(await arbre(P, "[Content_Types].xml"));
  const typesN = new Types(await arbre(N, "[Content_Types].xml"));
  const sheets = enfant(wb, "sheets");
  if (!sheets) throw new ErreurUtilisateur(`${source} est endommagé : la liste des feuilles manque dans « ${partieWb} ».`);
  const prefR = prefixeDe(wb, NS.relations) ?? "r:";
  if (prefixeDe(wb, NS.relations) === null) wb.attributs.push({ nom: "xmlns:r", valeur: NS.relations[0]!, local: "r", uri: "http://www.w3.org/2000/xmlns/" });
  const ridDe = (el: Element) => attr(el, "id", estRelation) ?? el.attributs.find((a) => a.nom === `${prefR}id`)?.valeur;

  // ——— 1. Remove our old sheets and the parts only they use ———
  const supprimees = new Set(t.supprimer);
  const anciennes = enfants(sheets, "sheet");
  const indexAvant = new Map(anciennes.map((s, i) => [s, i]));
  const retirees = anciennes.filter((s) => supprimees.has(attr(s, "name") ?? ""));
  const aRetirer = new Set<string>();
  for (const s of retirees) {
    const r = wbRels.liste.find((x) => x.id === ridDe(s));
    if (r?.cible) aRetirer.add(r.cible);
  }
  // Parts reachable from the removed sheets…
  const file = [...aRetirer];
  while (file.length) {
    const c = file.pop()!;
    for (const r of (await rels(P, c))?.liste ?? []) {
      if (r.cible && !aRetirer.has(r.cible)) {
        aRetirer.add(r.cible);
        file.push(r.cible);
      }
    }
  }
  // …unless another part still points to them.
  const gardees = new Set<string>();
  const ridsRetires = new Set(retirees.map(ridDe));
  for (const nom of P.entrees.keys()) {
    if (!nom.endsWith(".rels")) continue;
    const source_ = nom === "_rels/.rels" ? "" : nom.replace(/_rels\/([^/]+)\.rels$/, "$1");
    if (aRetirer.has(source_)) continue;
    for (const r of (await rels(P, source_))?.liste ?? []) if (r.cible && !(source_ === partieWb && ridsRetires.has(r.id))) gardees.add(r.cible);
  }
  for (const c of [...aRetirer]) if (gardees.has(c)) aRetirer.delete(c);
  if (retirees.length) {
    const chaine = wbRels.liste.find((r) => r.type.endsWith("/calcChain"));
    if (chaine?.cible) aRetirer.add(chaine.cible);
  }
  wbRels.liste = wbRels.liste.filter((r) => !(ridsRetires.has(r.id) || (r.cible && aRetirer.has(r.cible))));
  for (const c of aRetirer) types.retirer(c);
  sheets.enfants = sheets.enfants.filter((e) => typeof e === "string" || !retirees.includes(e));

  // ——— 2. Styles ———
  const cheminStylesP = wbRels.liste.find((r) => r.type.endsWith("/styles"))?.cible;
  const relsN = (await rels(N, notre.partieClasseur))!;
  const cheminStylesN = relsN.liste.find((r) => r.type.endsWith("/styles"))?.cible;
  const modifiees = new Map<string, string>();
  const nouvelles: { chemin: string; contenu: string }[] = [];
  let styles: FusionStyles | null = null;
  const utilises = new Set([...P.entrees.keys()].filter((n) => !aRetirer.has(n)).map((n) => n.toLowerCase()));
  const nouveauNom = (modele: string) => {
    const m = /^(.*?)(\d*)(\.[^./]+)$/.exec(modele)!;
    for (let k = 1; ; k++) {
      const nom = `${m[1]}${k}${m[3]}`;
      if (!utilises.has(nom.toLowerCase())) {
        utilises.add(nom.toLowerCase());
        return nom;
      }
    }
  };
  if (cheminStylesP && P.a(cheminStylesP) && cheminStylesN) {
    const st = await arbre(P, cheminStylesP);
    styles = new FusionStyles(st, await arbre(N, cheminStylesN));
    styles.fusionner();
    modifiees.set(cheminStylesP, serialiser(st));
  } else if (cheminStylesN) {
    // The user's package has no styles part: ours becomes the workbook's.
    const chemin = nouveauNom("xl/styles.xml");
    nouvelles.push({ chemin, contenu: await N.texte(cheminStylesN) });
    types.ajouter(chemin, typesN.de(cheminStylesN)!);
    ajouterRel(wbRels, relsN.liste.find((r) => r.cible === cheminStylesN)!.type, relatif(dossierDe(partieWb), chemin));
  }

  // ——— 3. Our sheets and their parts ———
  const chaines = await notre.chainesPartagees();
  let idTable = 0;
  for (const nom of P.entrees.keys()) {
    if (!aRetirer.has(nom) && types.de(nom)?.endsWith("table+xml")) {
      const racine = await arbre(P, nom);
      idTable = Math.max(idTable, Number(attr(racine, "id") ?? 0));
    }
  }
  const wbN = await arbre(N, notre.partieClasseur);
  let sheetId = Math.max(0, ...enfants(sheets, "sheet").map((s) => Number(attr(s, "sheetId") ?? 0)));
  const indexN = new Map<number, number>();
  const listeN = enfants(enfant(wbN, "sheets")!, "sheet");
  for (const [i, sN] of listeN.entries()) {
    const rN = relsN.liste.find((r) => r.id === (attr(sN, "id", estRelation) ?? ""))!;
    // Every part of the sheet's tree gets a free name in the user's package.
    const noms = new Map<string, string>();
    const pile = [rN.cible!];
    noms.set(rN.cible!, nouveauNom("xl/worksheets/sheet.xml"));
    const ordre: string[] = [];
    while (pile.length) {
      const c = pile.pop()!;
      ordre.push(c);
      for (const r of (await rels(N, c))?.liste ?? []) {
        if (r.cible && !noms.has(r.cible)) {
          noms.set(r.cible, nouveauNom(r.cible));
          pile.push(r.cible);
        }
      }
    }
    for (const c of ordre) {
      const dest = noms.get(c)!;
      const type = typesN.de(c)!;
      let racine = await arbre(N, c);
      if (c === rN.cible) adapterFeuille(racine, styles, chaines);
      if (type.endsWith("table+xml")) {
        definirAttr(racine, "id", String(++idTable));
        if (styles) {
          const visiter = (el: Element) => {
            for (const a of el.attributs) if (/DxfId$/.test(a.local)) a.valeur = String(styles!.dxf.get(Number(a.valeur)) ?? a.valeur);
            for (const e of el.enfants) if (typeof e !== "string") visiter(e);
          };
          visiter(racine);
        }
      }
      nouvelles.push({ chemin: dest, contenu: serialiser(racine) });
      types.ajouter(dest, type);
      const r = await rels(N, c);
      if (r) {
        for (const x of r.liste) if (x.cible) definirAttr(x.el, "Target", relatif(dossierDe(dest), noms.get(x.cible)!));
        racine = r.racine;
        nouvelles.push({ chemin: relsDe(dest), contenu: serialiser(racine) });
      }
    }
    const rid = ajouterRel(wbRels, REL_FEUILLE, relatif(dossierDe(partieWb), noms.get(rN.cible!)!));
    const s = nouvelElement(enfants(sheets, "sheet")[0] ?? { ...sheets, nom: sheets.nom.replace(/sheets$/, "sheet") }, "sheet", [
      ["name", attr(sN, "name")!],
      ["sheetId", String(++sheetId)],
      ...(attr(sN, "state") ? ([["state", attr(sN, "state")!]] as [string, string][]) : []),
      [`${prefR}id`, rid],
    ]);
    sheets.enfants.push(s);
    indexN.set(i, enfants(sheets, "sheet").length - 1);
  }

  // ——— 4. Workbook: defined names, calculation, active sheet ———
  const indexApres = new Map(enfants(sheets, "sheet").map((s, i) => [s, i]));
  const nomsDefinis = enfant(wb, "definedNames");
  if (nomsDefinis) {
    nomsDefinis.enfants = nomsDefinis.enfants.filter((d) => {
      if (typeof d === "string") return true;
      const local = attr(d, "localSheetId");
      if (local === undefined) return true;
      const s = anciennes[Number(local)];
      if (!s || retirees.includes(s)) return false;
      definirAttr(d, "localSheetId", String(indexApres.get(s) ?? indexAvant.get(s)));
      return true;
    });
  }
  for (const d of enfants(enfant(wbN, "definedNames") ?? wbN, "definedName").filter(() => !!enfant(wbN, "definedNames"))) {
    let cible = enfant(wb, "definedNames");
    if (!cible) insererSelonOrdre(wb, (cible = nouvelElement(wb, "definedNames")), ORDRE_CLASSEUR);
    const copie = nouvelElement(wb, "definedName", d.attributs.map((a) => [a.nom, a.local === "localSheetId" ? String(indexN.get(Number(a.valeur)) ?? a.valeur) : a.valeur]));
    copie.enfants = [...d.enfants];
    cible.enfants.push(copie);
  }
  if (nomsDefinis && !enfants(nomsDefinis, "definedName").length) wb.enfants = wb.enfants.filter((e) => e !== nomsDefinis);
  let calc = enfant(wb, "calcPr");
  if (!calc) insererSelonOrdre(wb, (calc = nouvelElement(wb, "calcPr")), ORDRE_CLASSEUR);
  definirAttr(calc, "fullCalcOnLoad", "1");
  const actif = t.activer ? enfants(sheets, "sheet").findIndex((s) => attr(s, "name") === t.activer) : -1;
  let vues = enfant(wb, "bookViews");
  if (!vues) insererSelonOrdre(wb, (vues = nouvelElement(wb, "bookViews")), ORDRE_CLASSEUR);
  let vue = enfant(vues, "workbookView");
  if (!vue) vues.enfants.push((vue = nouvelElement(wb, "workbookView")));
  const total = enfants(sheets, "sheet").length;
  if (actif >= 0) definirAttr(vue, "activeTab", String(actif));
  else if (Number(attr(vue, "activeTab") ?? 0) >= total) definirAttr(vue, "activeTab", "0");
  if (Number(attr(vue, "firstSheet") ?? 0) > Math.max(actif, 0)) definirAttr(vue, "firstSheet", "0");

  modifiees.set(partieWb, serialiser(wb));
  wbRels.racine.enfants = wbRels.racine.enfants.filter((e) => typeof e === "string" || e.local !== "Relationship" || wbRels.liste.some((r) => r.el === e));
  modifiees.set(relsDe(partieWb), serialiser(wbRels.racine));
  modifiees.set("[Content_Types].xml", serialiser(types.racine));

  // ——— 5. The new package: [Content_Types].xml first, the rest in the user's order ———
  const entrees: EntreeAEcrire[] = [{ nom: "[Content_Types].xml", contenu: modifiees.get("[Content_Types].xml")! }];
  const relsRetirees = new Set([...aRetirer].map(relsDe));
  for (const nom of P.entrees.keys()) {
    if (nom === "[Content_Types].xml" || aRetirer.has(nom) || relsRetirees.has(nom)) continue;
    const contenu = modifiees.get(nom);
    entrees.push(contenu !== undefined ? { nom, contenu } : { nom, depuis: P });
    modifiees.delete(nom);
  }
  for (const [nom, contenu] of modifiees) if (nom !== "[Content_Types].xml") entrees.push({ nom, contenu });
  for (const n of nouvelles) entrees.push({ nom: n.chemin, contenu: n.contenu });
  return ecrireZip(entrees);
}

/** Adds a relationship with a free id; returns the id. */
function ajouterRel(r: { racine: Element; liste: Rel[] }, type: string, cible: string): string {
  const pris = new Set(r.liste.map((x) => x.id));
  let k = 1;
  while (pris.has(`rIdQe${k}`)) k++;
  const id = `rIdQe${k}`;
  const el = nouvelElement(r.racine.local === "Relationships" ? { ...r.racine, nom: r.racine.nom.replace(/Relationships$/, "Relationship") } : r.racine, "Relationship", [
    ["Id", id],
    ["Type", type],
    ["Target", cible],
  ]);
  r.racine.enfants.push(el);
  r.liste.push({ el, id, type, cible });
  return id;
}

