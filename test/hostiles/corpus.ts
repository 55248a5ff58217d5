/**
 * The hostile corpus: files written by nobody sane, generated at test time (never kept as
 * binaries) from a few genuine files of ours. Each case says which command reads it and what
 * must happen: a refusal (exit 1, a French message naming the file) or a success, never a crash,
 * a hang, a memory blow-up or a damaged file.
 *
 * Cases marked `lecteur` depend on the streaming OOXML reader (issue 9, item 1): zip bombs,
 * DOCTYPE, CDATA, empty <si/>, duplicate entries, wrong content types.
 */
import JSZip from "jszip";
import { archive, entree, entreeRepetee, type Entree } from "./zip";
import { aleatoire } from "../../bench/classeurs";

export type Attendu = "refus" | "succes" | "refus-ou-succes";

export interface Resultat {
  code: number | null;
  out: string;
  err: string;
  dossier: string;
}

export interface Cas {
  nom: string;
  /** Files of the case's folder; `lectureSeule` ones get mode 0444, `dossier` ones are folders. */
  fichiers: Record<string, Uint8Array | string | { lectureSeule: Uint8Array } | { dossier: true }>;
  args: string[];
  attendu: Attendu;
  /** The file the message must name (default: the first file). */
  nomme?: string;
  /** More precise expectation on the refusal's message. */
  message?: RegExp;
  /** Files a success may change (every other file must stay byte-identical). */
  modifiables?: string[];
  verifier?: (r: Resultat) => void | Promise<void>;
  /** Depends on the streaming OOXML reader. */
  lecteur?: boolean;
}

/** Genuine files of ours the corpus is derived from. */
export interface Bases {
  /** Filled eps-maroc grids of two establishments. */
  grilleA: Uint8Array;
  grilleB: Uint8Array;
  /** `qualite score --json` of grilleA, parsed. */
  scoreA: { global: number | null; thematiques: { id: string; score: number | null }[] };
  /** An establishment project assembled by `qualite pe`. */
  docxPe: Uint8Array;
  /** A document of another template (guide-prf). */
  docxGuide: Uint8Array;
  /** Answers of the shipped example. */
  reponses: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

async function parties(octets: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(octets);
  const m = new Map<string, Uint8Array>();
  for (const f of Object.values(zip.files)) if (!f.dir) m.set(f.name, await f.async("uint8array"));
  return m;
}

/** The package with some parts replaced (string/bytes), removed (null) or given as raw entries. */
function reconstruire(p: Map<string, Uint8Array>, changes: Record<string, string | Uint8Array | null | Entree> = {}, ajouts: Entree[] = []): Uint8Array {
  const entrees: Entree[] = [];
  for (const [nom, o] of p) {
    const c = changes[nom];
    if (c === null) continue;
    if (c === undefined) entrees.push(entree(nom, o));
    else if (typeof c === "string" || c instanceof Uint8Array) entrees.push(entree(nom, c));
    else entrees.push(c);
  }
  for (const [nom, c] of Object.entries(changes)) if (!p.has(nom) && c !== null && (typeof c === "string" || c instanceof Uint8Array)) entrees.push(entree(nom, c));
  return archive([...entrees, ...ajouts]);
}

const texte = (p: Map<string, Uint8Array>, nom: string) => dec.decode(p.get(nom)!);

/** Sheet name → part, from the workbook and its relationships. */
function feuilles(p: Map<string, Uint8Array>): Map<string, string> {
  const rels = new Map([...texte(p, "xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const out = new Map<string, string>();
  for (const m of texte(p, "xl/workbook.xml").matchAll(/<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
    const cible = rels.get(m[2]!)!;
    out.set(m[1]!.replace(/&amp;/g, "&"), cible.startsWith("/") ? cible.slice(1) : `xl/${cible}`);
  }
  return out;
}

const RIRES = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`;
/** Inserts a DOCTYPE after the XML declaration, and uses its entity in the first text. */
const avecDoctype = (xml: string, doctype = RIRES, entite = "&lol9;") => {
  const apresDecl = xml.indexOf("?>") + 2;
  const avec = `${xml.slice(0, apresDecl)}${doctype}${xml.slice(apresDecl)}`;
  return avec.replace(/<t>([^<]*)<\/t>/, `<t>${entite}</t>`).replace(/<v>([^<]*)<\/v>/, (m) => (avec.includes("<t>") ? m : `<v>${entite}</v>`));
};

/** A part of `avant` + `bloc` × `fois` + `apres` bytes: about 4 MB inflating to ~3.9 GiB. */
const bombe = (nom: string, avant: string, apres: string, fois = 3900, bloc = new Uint8Array(1 << 20).fill(0x20)) => entreeRepetee(nom, avant, bloc, fois, apres);

/** An OLE2 compound file header (.xls, .doc, or an encrypted OOXML package). */
function cfb(taille = 8192): Uint8Array {
  const o = new Uint8Array(taille);
  o.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  o.set(enc.encode("EncryptionInfo"), 1024);
  return o;
}

function hasard(n: number, graine: number): Uint8Array {
  const h = aleatoire(graine);
  return Uint8Array.from({ length: n }, () => Math.floor(h() * 256));
}

const json = (x: unknown) => JSON.stringify(x);
const profond = (n: number, ouvrant = "[", fermant = "]") => ouvrant.repeat(n) + fermant.repeat(n);

export async function genererCorpus(b: Bases): Promise<Cas[]> {
  const g = await parties(b.grilleA);
  const f = feuilles(g);
  const cheminGrille = f.get("Grille qualité")!;
  const cheminMeta = f.get("QualiteEPS_meta")!;
  const grille = texte(g, cheminGrille);
  const partage = texte(g, "xl/sharedStrings.xml");
  const meta = texte(g, cheminMeta);
  const d = await parties(b.docxPe);
  const docXml = texte(d, "word/document.xml");
  const custom = texte(d, "docProps/custom.xml");
  const ouSheetData = grille.indexOf("<sheetData>") + "<sheetData>".length;
  const finSheetData = grille.indexOf("</sheetData>");
  const debutGrille = grille.slice(0, ouSheetData);
  const finGrille = grille.slice(finSheetData);
  const scoreEgal = (r: Resultat) => {
    const j = JSON.parse(r.out) as Bases["scoreA"];
    expect(j.global).toBe(b.scoreA.global);
    expect(j.thematiques.map((t) => t.score)).toEqual(b.scoreA.thematiques.map((t) => t.score));
  };
  const siSucces = (v: (r: Resultat) => void) => (r: Resultat) => {
    if (r.code === 0) v(r);
  };
  const etablissements = (r: Resultat) => (JSON.parse(r.out) as { etablissements: { etablissement: string; global: number | null }[] }).etablissements;
  const docxSansRegions = reconstruire(d, { "word/document.xml": docXml.replace(/<w:tag w:val="qe:[^"]*"\/>/g, "") });
  const customCasse = (valeur: string) => custom.replace(/(<property [^>]*name="QualiteEPS\.reponses\.0001"[^>]*>\s*<vt:lpwstr>)[\s\S]*?(<\/vt:lpwstr>)/, `$1${valeur}$2`).replace(/<property [^>]*name="QualiteEPS\.reponses\.(?!0001)\d+"[\s\S]*?<\/property>/g, "");
  const unMo = "L'établissement accueille des enfants et les accompagne vers l'autonomie. ".repeat(14_000);
  const reponses = JSON.parse(b.reponses) as { variables: Record<string, unknown>; sections: Record<string, { champs: Record<string, unknown> }> };
  const avecHistoire = (h: unknown) => json({ ...reponses, sections: { ...reponses.sections, identite: { champs: { ...reponses.sections.identite?.champs, histoire: h } } } });
  const bonneReponse = "reponses.json";

  const cas: Cas[] = [];
  const score = (nom: string, fichier: Uint8Array | string, o: Partial<Cas> = {}) =>
    cas.push({ nom: `score : ${nom}`, fichiers: { [`${nom}.xlsx`]: fichier }, args: ["score", `${nom}.xlsx`, "--json"], attendu: "refus", ...o });

  /* ---------- .xlsx read by `score` ---------- */
  score("vide", new Uint8Array(0), { message: /vide/ });
  score("tronque", b.grilleA.slice(0, Math.floor(b.grilleA.length * 0.6)));
  score("texte", "Ceci n'est pas un classeur.\n", { message: /n'est pas un classeur/ });
  score("aleatoire", hasard(65_536, 1));
  score("zip-de-dechets", archive([...g.keys()].map((nom, i) => entree(nom, hasard(2048, i + 10)))));
  score("sans-workbook", reconstruire(g, { "xl/workbook.xml": null }));
  score("sans-feuille-grille", reconstruire(g, { [cheminGrille]: null }));
  score("sans-sharedstrings", reconstruire(g, { "xl/sharedStrings.xml": null }));
  score("sans-content-types", reconstruire(g, { "[Content_Types].xml": null }), { attendu: "refus-ou-succes", verifier: siSucces(scoreEgal) });
  score("types-word", reconstruire(g, { "[Content_Types].xml": texte(g, "[Content_Types].xml").replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") }), { lecteur: true });
  score("un-docx", b.docxPe, { message: /Word|workbook/ });
  score("feuille-malformee", reconstruire(g, { [cheminGrille]: grille.slice(0, Math.floor(grille.length / 2)) }), { lecteur: true });
  score("doctype-feuille", reconstruire(g, { [cheminGrille]: avecDoctype(grille) }), { message: /DOCTYPE/, lecteur: true });
  score("doctype-partagees", reconstruire(g, { "xl/sharedStrings.xml": avecDoctype(partage) }), { message: /DOCTYPE/, lecteur: true });
  score("doctype-externe", reconstruire(g, { "xl/workbook.xml": avecDoctype(texte(g, "xl/workbook.xml"), '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;") }), { message: /DOCTYPE/, lecteur: true });
  score("chaine-enorme", reconstruire(g, { [cheminGrille]: grille.replace(/<c r="K2"[^>]*?(\/>|>[\s\S]*?<\/c>)/, `<c r="K2" t="inlineStr"><is><t>${"x".repeat(10_000_000)}</t></is></c>`) }), { attendu: "refus-ou-succes", verifier: siSucces(scoreEgal) , lecteur: true });
  score("ligne-enorme", reconstruire(g, { [cheminGrille]: `${grille.slice(0, finSheetData)}<row r="999999999"><c r="J999999999"><v>4</v></c></row>${finGrille}` }), { attendu: "refus-ou-succes", verifier: siSucces(scoreEgal) , lecteur: true });
  score("colonne-enorme", reconstruire(g, { [cheminGrille]: grille.replace("</row>", '<c r="XFD2"><v>4</v></c><c r="ZZZZZZZZ2"><v>4</v></c></row>') }), { attendu: "refus-ou-succes" , lecteur: true });
  score("refs-absurdes", reconstruire(g, { [cheminGrille]: grille.replace("</row>", '<c r="A-5"><v>1</v></c><c r="0"><v>1</v></c><c r=""><v>1</v></c><c r="J0"><v>1</v></c><c r="J-1"><v>1</v></c></row>') }), { attendu: "refus-ou-succes" , lecteur: true });
  score("dimension-entiere", reconstruire(g, { [cheminGrille]: grille.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>').replace(/<cols>/, '<cols><col min="1" max="16384" width="9"/>') }), { attendu: "refus-ou-succes", verifier: siSucces(scoreEgal) , lecteur: true });
  score("validation-entiere", reconstruire(g, { [cheminGrille]: grille.replace(finGrille, `${finGrille.replace("</worksheet>", "")}<dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation></dataValidations></worksheet>`) }), { attendu: "refus-ou-succes", verifier: siSucces(scoreEgal) , lecteur: true });
  score("bombe", reconstruire(g, { [cheminGrille]: bombe(cheminGrille, debutGrille, finGrille) }), { lecteur: true });
  score("bombe-taille-mensongere", reconstruire(g, { [cheminGrille]: { ...bombe(cheminGrille, debutGrille, finGrille), tailleAnnoncee: 30_000 } }), { lecteur: true });
  score("bombe-partagees", reconstruire(g, { "xl/sharedStrings.xml": bombe("xl/sharedStrings.xml", partage.slice(0, partage.indexOf("<si>")), partage.slice(partage.indexOf("<si>"))) }), { lecteur: true });
  score("doublons", archive([...[...g].map(([nom, o]) => entree(nom, o)), entree("xl/workbook.xml", texte(g, "xl/workbook.xml").replace(/<sheets>[\s\S]*<\/sheets>/, "<sheets/>"))]), { lecteur: true });
  score("chiffre", cfb(), { message: /mot de passe|\.xls/ });
  score("ancien-xls", cfb(4096), { message: /\.xls/ });
  score("meta-futur", reconstruire(g, { [cheminMeta]: meta.replace(/(<c r="B1"[^>]*>)<v>1<\/v>/, "$1<v>99</v>") }), { message: /plus récent/ });
  score("cdata-etablissement", reconstruire(g, { "xl/sharedStrings.xml": partage.replace(/<t>EPS &lt;Tanger&gt;<\/t>/, "<t><![CDATA[EPS <Tanger>]]></t>") }), {
    attendu: "succes",
    lecteur: true,
    args: ["score", "cdata-etablissement.xlsx"],
    verifier: (r) => expect(r.out).toContain("Établissement : EPS <Tanger>"),
  });
  {
    // An empty shared string first: every index moves by one, the workbook means the same.
    const decale = (xml: string) => xml.replace(/(<c [^>]*t="s"[^>]*>\s*<v>)(\d+)(<\/v>)/g, (_, a: string, n: string, z: string) => `${a}${Number(n) + 1}${z}`);
    const siVide = reconstruire(g, Object.fromEntries([["xl/sharedStrings.xml", partage.replace(/(<sst\b[^>]*>)/, "$1<si/>")], ...[...f.values()].map((c) => [c, decale(texte(g, c))])]));
    score("si-vide", siVide, { attendu: "succes", verifier: scoreEgal, lecteur: true });
    cas.push({
      nom: "consolider : <si/> vide en tête des chaînes partagées",
      fichiers: { "si-vide.xlsx": siVide },
      args: ["consolider", "si-vide.xlsx", "--out", "national.xlsx", "--json"],
      attendu: "succes",
      modifiables: ["national.xlsx"],
      lecteur: true,
      verifier: (r) => expect(etablissements(r)).toEqual([expect.objectContaining({ etablissement: "EPS <Tanger>", global: b.scoreA.global })]),
    });
    cas.push({
      nom: "consolider : nom d'établissement en CDATA",
      fichiers: { "cdata.xlsx": reconstruire(g, { "xl/sharedStrings.xml": partage.replace(/<t>EPS &lt;Tanger&gt;<\/t>/, "<t><![CDATA[EPS <Tanger>]]></t>") }) },
      args: ["consolider", "cdata.xlsx", "--out", "national.xlsx", "--json"],
      attendu: "succes",
      modifiables: ["national.xlsx"],
      lecteur: true,
      verifier: (r) => expect(etablissements(r).map((e) => e.etablissement)).toEqual(["EPS <Tanger>"]),
    });
  }
  cas.push({ nom: "score : un dossier nommé .xlsx", fichiers: { "dossier.xlsx": { dossier: true } }, args: ["score", "dossier.xlsx"], attendu: "refus", message: /dossier/ });
  cas.push({ nom: "score : /dev/zero", fichiers: {}, args: ["score", "/dev/zero"], attendu: "refus", nomme: "/dev/zero", message: /fichier ordinaire/ });

  /* ---------- the same hostility through the other commands ---------- */
  const bombeGrille = reconstruire(g, { [cheminGrille]: bombe(cheminGrille, debutGrille, finGrille) });
  const doctypeGrille = reconstruire(g, { [cheminGrille]: avecDoctype(grille) });
  for (const [nom, o, lecteur] of [["bombe", bombeGrille, true], ["doctype", doctypeGrille, true], ["tronque", b.grilleA.slice(0, 5000), false]] as const) {
    cas.push({ nom: `paq : ${nom}, le classeur reste intact`, fichiers: { [`${nom}.xlsx`]: o }, args: ["paq", `${nom}.xlsx`], attendu: "refus", lecteur });
    cas.push({ nom: `inject : --out ${nom}, le classeur reste intact`, fichiers: { [`${nom}.xlsx`]: o }, args: ["inject", "-r", "eps-maroc", "-o", `${nom}.xlsx`], attendu: "refus", lecteur });
    cas.push({ nom: `pe --evaluation ${nom}`, fichiers: { [`${nom}.xlsx`]: o, [bonneReponse]: b.reponses }, args: ["pe", "-r", bonneReponse, "--evaluation", `${nom}.xlsx`, "-o", "pe.docx"], attendu: "refus", lecteur, verifier: (r) => expect(r.out).not.toContain("Écrit") });
  }
  cas.push({ nom: "inject : --out existant abîmé", fichiers: { "abime.xlsx": "PK\u0003\u0004 abîmé" }, args: ["inject", "-r", "eps-maroc", "-o", "abime.xlsx"], attendu: "refus", message: /endommagé|n'est pas un classeur/ });
  cas.push({ nom: "inject : --out en lecture seule", fichiers: { "seule.xlsx": { lectureSeule: b.grilleA } }, args: ["inject", "-r", "eps-maroc", "-o", "seule.xlsx"], attendu: "refus", message: /lecture seule/ });
  cas.push({ nom: "paq : classeur en lecture seule", fichiers: { "seule.xlsx": { lectureSeule: b.grilleA } }, args: ["paq", "seule.xlsx"], attendu: "refus", message: /lecture seule/ });
  cas.push({
    nom: "paq : noms d'entrées qui remontent l'arborescence",
    fichiers: { "traversee.xlsx": reconstruire(g, {}, [entree("../../evil.txt", "pirate"), entree("/tmp/evil-absolu.txt", "pirate"), entree("xl/../../evil2.txt", "pirate")]) },
    args: ["paq", "traversee.xlsx"],
    attendu: "refus-ou-succes",
    modifiables: ["traversee.xlsx"],
    verifier: async (r) => {
      const { existsSync } = await import("node:fs");
      const { join } = await import("node:path");
      for (const c of ["../../evil.txt", "../evil.txt", "evil.txt", "../evil2.txt", "evil2.txt"]) expect(existsSync(join(r.dossier, c))).toBe(false);
      expect(existsSync("/tmp/evil-absolu.txt")).toBe(false);
    },
  });
  cas.push({
    nom: "consolider : une bombe parmi deux bons classeurs, la consolidation continue",
    fichiers: { "a.xlsx": b.grilleA, "bombe.xlsx": bombeGrille, "b.xlsx": b.grilleB },
    args: ["consolider", "a.xlsx", "bombe.xlsx", "b.xlsx", "--out", "national.xlsx"],
    attendu: "succes",
    modifiables: ["national.xlsx"],
    lecteur: true,
    verifier: (r) => {
      expect(r.out).toMatch(/3 classeurs lus : 2 établissements retenus/);
      expect(r.err).toMatch(/Écarté : bombe\.xlsx — /);
    },
  });
  cas.push({
    nom: "consolider : un dossier de fichiers hostiles et un bon",
    fichiers: {
      "lot/bon.xlsx": b.grilleA,
      "lot/vide.xlsx": new Uint8Array(0),
      "lot/tronque.xlsx": b.grilleA.slice(0, 3000),
      "lot/texte.xlsx": "bonjour",
      "lot/aleatoire.xlsx": hasard(10_000, 7),
      "lot/chiffre.xlsx": cfb(),
      "lot/un-docx.xlsx": b.docxPe,
      "lot/sans-workbook.xlsx": reconstruire(g, { "xl/workbook.xml": null }),
    },
    args: ["consolider", "lot", "--out", "national.xlsx"],
    attendu: "succes",
    modifiables: ["national.xlsx"],
    verifier: (r) => {
      expect(r.out).toMatch(/8 classeurs lus : 1 établissements retenus/);
      for (const n of ["vide", "tronque", "texte", "aleatoire", "chiffre", "un-docx", "sans-workbook"]) expect(r.err).toMatch(new RegExp(`Écarté : ${n}\\.xlsx — `));
    },
  });
  cas.push({ nom: "consolider : --out est la grille d'un établissement", fichiers: { "a.xlsx": b.grilleA, "b.xlsx": b.grilleB }, args: ["consolider", "b.xlsx", "--out", "a.xlsx"], attendu: "refus", nomme: "a.xlsx", message: /n'est pas un classeur consolidé.*--remplacer/ });
  cas.push({ nom: "consolider : --rapport est un document écrit à la main", fichiers: { "a.xlsx": b.grilleA, "rapport.docx": docxSansRegions }, args: ["consolider", "a.xlsx", "--out", "national.xlsx", "--rapport", "rapport.docx"], attendu: "refus", nomme: "rapport.docx", message: /n'est pas un rapport de capitalisation.*--remplacer/ });
  cas.push({ nom: "consolider : --rapport est une bombe", fichiers: { "a.xlsx": b.grilleA, "rapport.docx": reconstruire(d, { "word/document.xml": bombe("word/document.xml", docXml.slice(0, docXml.indexOf("<w:body>") + 8), docXml.slice(docXml.indexOf("<w:body>") + 8)) }) }, args: ["consolider", "a.xlsx", "--out", "national.xlsx", "--rapport", "rapport.docx"], attendu: "refus", nomme: "rapport.docx" });

  /* ---------- .docx ---------- */
  const pe = (nom: string, fichier: Uint8Array | string, o: Partial<Cas> = {}) =>
    cas.push({ nom: `pe --reponses ${nom}.docx`, fichiers: { [`${nom}.docx`]: fichier }, args: ["pe", "--reponses", `${nom}.docx`, "-o", "sortie.docx"], attendu: "refus", verifier: (r) => expect(r.out).not.toContain("Écrit"), ...o });
  pe("aleatoire", hasard(5000, 3), { message: /n'est pas un document \.docx/ });
  pe("vide", new Uint8Array(0), { message: /vide/ });
  pe("tronque", b.docxPe.slice(0, Math.floor(b.docxPe.length / 2)));
  pe("sans-document", reconstruire(d, { "word/document.xml": null }), { message: /word\/document\.xml/ });
  pe("ancien-doc", cfb(), { message: /\.doc|mot de passe/ });
  pe("une-grille", b.grilleA, { message: /word\/document\.xml/ });
  pe("bombe", reconstruire(d, { "word/document.xml": bombe("word/document.xml", docXml.slice(0, 200), docXml.slice(200)) }), { message: /Mo/ });
  pe("bombe-proprietes", reconstruire(d, { "docProps/custom.xml": bombe("docProps/custom.xml", custom.slice(0, custom.indexOf("<property")), custom.slice(custom.indexOf("<property"))) }), { message: /Mo/ });
  pe("doctype", reconstruire(d, { "docProps/custom.xml": avecDoctype(custom).replace(/<vt:lpwstr>/, "<vt:lpwstr>&lol9;") }), { message: /DOCTYPE/ });
  pe("reponses-cassees", reconstruire(d, { "docProps/custom.xml": customCasse("{ pas du json") }), { message: /ne contient pas de réponses/ });
  pe("reponses-profondes", reconstruire(d, { "docProps/custom.xml": customCasse(profond(5000)) }), { message: /imbriqué/ });
  pe("sans-reponses", reconstruire(d, { "docProps/custom.xml": null }), { message: /ne contient pas de réponses/ });
  pe("zip-de-dechets", archive([...d.keys()].map((nom, i) => entree(nom, hasard(1024, 100 + i)))));
  pe("doublons", archive([...[...d].map(([nom, o]) => entree(nom, o)), entree("docProps/custom.xml", customCasse("{}"))]), { attendu: "refus-ou-succes", lecteur: true, modifiables: ["sortie.docx"], verifier: undefined });

  const sortie = (nom: string, fichier: Uint8Array | { lectureSeule: Uint8Array }, o: Partial<Cas> = {}) =>
    cas.push({ nom: `pe -o ${nom}.docx existant`, fichiers: { [bonneReponse]: b.reponses, [`${nom}.docx`]: fichier }, args: ["pe", "-r", bonneReponse, "-o", `${nom}.docx`], attendu: "refus", nomme: `${nom}.docx`, ...o });
  sortie("ecrit-a-la-main", docxSansRegions, { message: /aucune section générée par Qualité EPS.*Rien n'a été modifié/ });
  sortie("autre-modele", b.docxGuide, { message: /du modèle « guide-prf ».*--remplacer/ });
  sortie("bombe", reconstruire(d, { "word/document.xml": bombe("word/document.xml", docXml.slice(0, 200), docXml.slice(200)) }));
  sortie("non-ferme", reconstruire(d, { "word/document.xml": docXml.replace(/<\/w:sdtContent>(?![\s\S]*<\/w:sdtContent>)/, "") }), { message: /n'est pas fermé|endommagé/ });
  sortie("doctype", reconstruire(d, { "word/document.xml": avecDoctype(docXml) }), { message: /DOCTYPE/ });
  sortie("lecture-seule", { lectureSeule: b.docxPe }, { message: /lecture seule/ });
  sortie("aleatoire", hasard(3000, 5), { message: /n'est pas un document \.docx\. Il ne sera pas modifié.*--remplacer/ });

  /* ---------- JSON ---------- */
  const js = (nom: string, contenu: string, o: Partial<Cas> = {}) =>
    cas.push({ nom: `pe --reponses ${nom}.json`, fichiers: { [`${nom}.json`]: contenu }, args: ["pe", "--reponses", `${nom}.json`, "-o", "sortie.docx"], attendu: "refus", modifiables: ["sortie.docx"], ...o });
  js("vide", "", { message: /vide/ });
  js("tronque", b.reponses.slice(0, Math.floor(b.reponses.length / 2)), { message: /ligne \d+, colonne \d+|tronqué/ });
  js("profond", profond(100_000), { message: /imbriqué/ });
  js("profond-objets", profond(100_000, '{"a":', "}").replace(/}$/, "1}"), { message: /imbriqué/ });
  js("tableau", "[]", { message: /objet JSON/ });
  js("nombre", "42", { message: /objet JSON/ });
  js("autre-modele", json({ ...reponses, modele: "guide-prf" }), { message: /modèle « guide-prf »/ });
  js("nombres-enormes", json({ ...reponses, variables: { ...reponses.variables, capacite: "1" + "0".repeat(400), debut: 1e308 * 10 } }).replace('"debut":null', '"debut":1e400'), {
    attendu: "succes",
    verifier: (r) => expect(r.err).toMatch(/« Capacité d'accueil \(places\) » : « 10{59}… \(401 caractères\) » n'est pas un nombre/),
  });
  js("mauvais-types", json({ modele: "pe-eps", variables: 5, sections: "abc" }), { attendu: "refus-ou-succes" });
  js("liste-profonde", json({ ...reponses, sections: { ...reponses.sections, cadre: { champs: { conventions: [{ a: JSON.parse(profond(50)) as unknown }] } } } }), { attendu: "succes", verifier: (r) => expect(r.err).toMatch(/« Conventions en vigueur » : une liste de lignes est attendue/) });
  js("reponse-1-mo", avecHistoire(unMo), { attendu: "succes", verifier: (r) => expect(r.out).toMatch(/Écrit : sortie\.docx/) });
  js("reponse-1-mo-sans-espace", avecHistoire("x".repeat(1 << 20)), { attendu: "succes" });
  js("reponse-1-mo-nombre", avecHistoire(null).replace('"histoire":null', `"creation":"${"9".repeat(1 << 20)}"`), { attendu: "succes", verifier: (r) => expect(r.err).toMatch(/« Année de création » : « 9{60}… \(1048576 caractères\) » n'est pas un nombre/) });
  js("proto", b.reponses.replace(/^\{/, '{"__proto__":{"pollue":true},"constructor":{"prototype":{"pollue":true}},').replace('"variables":{', '"variables":{"__proto__":{"x":1},'), { attendu: "succes" });
  js("bom", `\ufeff${b.reponses}`, { attendu: "succes" });
  js("binaire", dec.decode(hasard(4000, 9)), { message: /JSON/ });
  const ref = (nom: string, contenu: string, message: RegExp) =>
    cas.push({ nom: `inject -r ${nom}.json`, fichiers: { [`${nom}.json`]: contenu }, args: ["inject", "-r", `${nom}.json`, "-o", "grille.xlsx"], attendu: "refus", message });
  ref("ref-profond", profond(100_000), /imbriqué/);
  ref("ref-types", json({ id: "x", version: "1.0.0", titre: { fr: "X" }, chapitres: "x" }), /n'est pas valide/);
  ref("ref-nombres", json({ id: "x", version: "1.0.0", titre: { fr: "X" }, echelle: { min: 1, max: 4 } }).replace('"max":4', '"max":1e400'), /n'est pas valide/);
  ref("ref-vide", "   ", /vide/);
  const evaluation = (nom: string, contenu: string) =>
    cas.push({ nom: `pe --evaluation ${nom}.json`, fichiers: { [bonneReponse]: b.reponses, [`${nom}.json`]: contenu }, args: ["pe", "-r", bonneReponse, "--evaluation", `${nom}.json`, "-o", "pe.docx"], attendu: "refus", nomme: `${nom}.json`, message: /n'est pas un résultat de « qualite score --json »/ });
  evaluation("scores-imperatif-inconnu", json({ referentiel: { id: "x", version: "1" }, global: 2, completion: 1, evalues: 1, nc: 0, total: 1, thematiques: [], criteres: [], imperatifsNonAtteints: ["1.1.1"] }));
  evaluation("scores-types", json({ referentiel: { id: "x", version: "1" }, global: "beaucoup", thematiques: "x", criteres: {}, imperatifsNonAtteints: 3 }));
  evaluation("scores-infinis", json({ referentiel: { id: "x", version: "1" }, global: 2, completion: 1, evalues: 1, nc: 0, total: 1, thematiques: [{ id: "T", libelle: "T", score: 1, evalues: 1, total: 1, completion: 1 }], criteres: [], imperatifsNonAtteints: [] }).replace('"score":1', '"score":1e999'));
  cas.push({ nom: "pe -t modele-profond.json", fichiers: { [bonneReponse]: b.reponses, "modele-profond.json": profond(100_000) }, args: ["pe", "-t", "modele-profond.json", "-r", bonneReponse, "-o", "pe.docx"], attendu: "refus", nomme: "modele-profond.json", message: /imbriqué/ });
  return cas;
}
