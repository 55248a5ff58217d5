import fc from "fast-check";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE, planifierInjection } from "../../src/core/grille";
import { FEUILLE_META } from "../../src/core/metadata";
import { ecrireClasseur, injecterDansClasseur, nouveauClasseur } from "../../src/hosts/xlsx/classeur";
import { ClasseurLu } from "../../src/hosts/xlsx/lecture";
import { etatPourConsolider } from "../../src/hosts/xlsx/lecture-consolidation";
import { ecrireZip, Paquet } from "../../src/hosts/ooxml/zip";
import type { EtatClasseur } from "../../src/core/grille";
import { paquetFabrique, type OptionsPaquet } from "../helpers/paquets";

const ref = referentielLivre("eps-maroc");
const opts = { referentiel: ref, etablissement: "EPS « L'Espoir » & Cie <Fès> — تطوان", periode: "2026", source: "grille.xlsx", maintenant: "2026-11-25T00:00:00Z" };

/** What the one reader gives for scoring, comparable (the improvement plan is not kept by the light path). */
async function parLeLecteur(octets: Uint8Array): Promise<unknown> {
  const e = await (await ClasseurLu.ouvrir(octets, "t.xlsx")).etat({ pourScores: true });
  return comparable(e);
}
const comparable = (e: EtatClasseur) => ({ ...e, paq: null, grille: e.grille && { ...e.grille, natures: [...(e.grille.natures ?? new Map())].sort() } });

/** A package with one part replaced (every other entry copied as it is). */
async function remplacer(octets: Uint8Array, partie: string, modifier: (xml: string) => string): Promise<Uint8Array> {
  const p = new Paquet(octets, "t.xlsx");
  const entrees = [];
  for (const nom of p.entrees.keys()) entrees.push(nom === partie ? { nom, contenu: modifier(await p.texte(nom)) } : { nom, depuis: p });
  return ecrireZip(entrees);
}

describe("lecture légère d'un classeur pour la consolidation", () => {
  const { plan } = planifierInjection({ ...opts, etat: { feuilles: [], meta: null, grille: null } });
  const feuilles = plan.feuilles.filter((f) => f.nom === FEUILLE_GRILLE || f.nom === FEUILLE_META).map((f) => ({ nom: f.nom, lignes: f.lignes, etat: f.visibilite }));
  let grille: Uint8Array;
  beforeAll(async () => {
    const c = nouveauClasseur("grille.xlsx");
    await injecterDansClasseur(c, opts);
    grille = await ecrireClasseur(c);
  });

  it("donne exactement ce que donne le lecteur complet, sur une grille écrite par Qualité EPS", async () => {
    const e = etatPourConsolider(grille, "t.xlsx");
    expect(e).not.toBeNull();
    expect(comparable(e!)).toEqual(await parLeLecteur(grille));
    expect(e!.meta?.etablissement).toBe(opts.etablissement);
    expect(e!.grille!.valeurs.length).toBeGreaterThan(140);
  });

  it.each<[string, OptionsPaquet]>([
    ["chaînes partagées", { chaines: "partagees" }],
    ["chaînes en ligne", { chaines: "inline" }],
    ["<si/> vide en tête et texte enrichi avec phonétique", { siVide: true, enrichi: true }],
    ["entités numériques", { entites: true }],
    ["formules et dates dans les notes", { formules: new Map([[`${FEUILLE_GRILLE}!J6`, 4], [`${FEUILLE_GRILLE}!J13`, null]]), dates: new Map([[`${FEUILLE_GRILLE}!J15`, 46056]]) }],
  ])("autre écrivain (%s) : même réponse que le lecteur complet", async (_, o) => {
    const octets = await paquetFabrique(feuilles, o);
    const e = etatPourConsolider(octets, "t.xlsx");
    expect(e).not.toBeNull();
    expect(comparable(e!)).toEqual(await parLeLecteur(octets));
  });

  it.each<[string, OptionsPaquet]>([
    ["préfixe x: sur les éléments", { prefixe: "x:" }],
    ["CDATA", { cdata: true }],
    ["DOCTYPE", { doctype: true }],
  ])("laisse au lecteur complet ce qu'il ne traite pas exactement (%s)", async (_, o) => {
    expect(etatPourConsolider(await paquetFabrique(feuilles, o), "t.xlsx")).toBeNull();
  });

  it.each<[string, string, (xml: string) => string]>([
    ["commentaire XML", "xl/sharedStrings.xml", (x) => x.replace("<si>", "<!-- note --><si>")],
    ["entité inconnue", "xl/sharedStrings.xml", (x) => x.replace("<t>Réf.</t>", "<t>R&eacute;f.</t>")],
    ["caractère interdit en référence", "xl/sharedStrings.xml", (x) => x.replace("<t>Réf.</t>", "<t>R&#0;f.</t>")],
    ["XML mal formé", "xl/worksheets/sheet1.xml", (x) => x.replace("</sheetData>", "</row></sheetData>")],
    ["cellule sans adresse", "xl/worksheets/sheet1.xml", (x) => x.replace(/<c r="J2"/, "<c")],
    ["cellule au-delà d'Excel", "xl/worksheets/sheet1.xml", (x) => x.replace(/<c r="J2"/, '<c r="XFE2"')],
    ["imbrication démesurée", "xl/sharedStrings.xml", (x) => x.replace("<t>Réf.</t>", `<t>Réf.</t>${"<r>".repeat(250)}${"</r>".repeat(250)}`)],
    ["préfixe de l'espace principal déclaré plus bas", "xl/worksheets/sheet1.xml", (x) => x.replace("<sheetData>", '<sheetData xmlns:y="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')],
  ])("%s : réponse nulle, le lecteur complet décide", async (_, partie, modifier) => {
    const octets = await remplacer(grille, partie, modifier);
    expect(etatPourConsolider(octets, "t.xlsx")).toBeNull();
  });

  it("fin de ligne \\r\\n et espaces de noms d'extension (extLst) : même réponse", async () => {
    let octets = await remplacer(grille, "xl/sharedStrings.xml", (x) => x.replace("<t>Réf.</t>", '<t xml:space="preserve">R\r\né\rf.</t>'));
    octets = await remplacer(octets, "xl/worksheets/sheet1.xml", (x) =>
      x.replace("</worksheet>", '<extLst><ext uri="{X}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:a/></ext></extLst></worksheet>'),
    );
    const e = etatPourConsolider(octets, "t.xlsx");
    expect(e).not.toBeNull();
    expect(comparable(e!)).toEqual(await parLeLecteur(octets));
    expect(e!.grille!.valeurs[0]![0]).toBe("R\né\nf.");
  });

  /**
   * The fast paths (shared strings and rows read from the bytes) against the one reader, on the
   * grid written by Qualité EPS damaged at random where they work: in the strings, the rows and
   * the identity sheet, with what breaks a hand-written scanner (markup cut or doubled, references,
   * forbidden characters, « ]]> », other attributes, whitespace between tags). Whenever the light
   * reading answers, its answer is the one reader's; whenever the one reader refuses, it answers
   * null.
   */
  it("chemins rapides : sur des grilles abîmées au hasard, jamais une autre réponse que le lecteur complet", async () => {
    const { Paquet: P } = await import("../../src/hosts/ooxml/zip");
    const p = new P(grille, "t.xlsx");
    const parties = ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"];
    const xml = new Map<string, string>();
    for (const n of parties) xml.set(n, await p.texte(n));
    // The grid and the identity sheet (its values are shared strings): both hold rows.
    expect((await (await ClasseurLu.ouvrir(grille, "t.xlsx")).etat()).feuilles).toEqual([FEUILLE_GRILLE, "Synthèse", FEUILLE_META]);
    expect(xml.get("xl/worksheets/sheet3.xml")).toContain("<sheetData><row");
    /** Damage of three kinds: in a text (what its checks must catch), a whole element between two tags, or anywhere. */
    const dansTexte = ["é", "ت", "&amp;", "&lt;", "&#65;", "&#x41;", "&#0;", "&#1114112;", "&bogus;", "&", "]]>", ">", "\u0001", "\uFFFE", "\r\n", "\r", "\t", " ", '"', "'"];
    const elements = [
      "<si><t>x</t></si>", '<si><t xml:space="preserve"> y </t></si>', "<si><r><t>a</t></r><r><t>b</t></r></si>", "<si><t>a</t><rPh><t>b</t></rPh></si>", "<si/>", "<si><t/></si>",
      '<c r="Z9"><v>1</v></c>', '<c r="J3" t="s"><v>2</v></c>', '<c r="J3" t="inlineStr"><is><t>NC</t></is></c>', '<c r="J4"><f>1+1</f><v>2</v></c>', '<c r="J5" cm="1"><v>3</v></c>', '<c r="J6" s="1" t="n"><v>4</v></c>', '<c r="J7"/>', "<c><v>1</v></c>",
      '<row r="400"><c r="J400"><v>4</v></c></row>', "<row/>", '<row r="401" spans="1:2" x14ac:dyDescent="0.25"/>', '<row r="402" y:z="1"/>', " ", "\n", "<!-- n -->", "<![CDATA[x]]>", "<?p x?>",
    ];
    const brut = ["<", ">", "&", ";", '"', "/", "=", " ", "</t>", "</si>", "</row>", "</c>", "<v>", "</v>", ' t="s"', ' s="1"', ' r="B3"', ' x14ac:dyDescent="1"', "]]>"];
    /** Positions where a text starts (just after a tag, before text) or a tag ends, in [debut, fin). */
    const positions = (t: string, debut: number, fin: number, texte: boolean) => {
      const out: number[] = [];
      for (let i = t.indexOf(">", debut); i >= 0 && i < fin; i = t.indexOf(">", i + 1)) if (!texte || (t[i + 1] !== "<" && i + 1 < fin)) out.push(i + 1);
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            partie: fc.constantFrom(...parties),
            sorte: fc.constantFrom("texte", "element", "brut"),
            ou: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
            n: fc.integer({ min: 0, max: 8 }),
            k: fc.nat(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        async (mutations) => {
          const textes = new Map(xml);
          for (const m of mutations) {
            const t = textes.get(m.partie)!;
            const sst = m.partie.includes("sharedStrings");
            const debut = Math.max(0, t.indexOf(sst ? "<si>" : "<sheetData>"));
            const fin = t.lastIndexOf(sst ? "</sst>" : "</sheetData>");
            const choix = m.sorte === "brut" ? null : positions(t, debut, fin, m.sorte === "texte");
            const i = choix ? (choix[Math.floor(m.ou * choix.length)] ?? debut) : Math.floor(debut + m.ou * (fin - debut));
            const liste = m.sorte === "texte" ? dansTexte : m.sorte === "element" ? elements : brut;
            const morceau = liste[m.k % liste.length]!;
            // Inserted, or replacing a few characters (only in a text or anywhere, never a tag for « element »).
            const n = m.sorte === "element" ? 0 : m.n;
            textes.set(m.partie, t.slice(0, i) + morceau + t.slice(i + n));
          }
          const octets = await ecrireZip([...p.entrees.keys()].map((nom) => (textes.has(nom) && textes.get(nom) !== xml.get(nom) ? { nom, contenu: textes.get(nom)! } : { nom, depuis: p })));
          const leger = etatPourConsolider(octets, "t.xlsx");
          let complet: unknown = null;
          try {
            complet = await parLeLecteur(octets);
          } catch {
            complet = null;
          }
          if (complet === null) expect(leger).toBeNull();
          if (leger !== null) expect(comparable(leger)).toEqual(complet);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it("tables de chaînes lues l'une après l'autre (début et fin repris de la précédente) : chacune comme le lecteur complet", async () => {
    const sst = "xl/sharedStrings.xml";
    const suite = [
      grille,
      // A byte changed near the end, inside the referential's JSON: all the rest is the previous table's.
      await remplacer(grille, sst, (x) => x.slice(0, x.length - 25) + (x.at(-25) === "a" ? "b" : "a") + x.slice(x.length - 24)),
      grille,
      await remplacer(grille, sst, (x) => x.replace("<t>Réf.</t>", "<t>Référence</t>")),
      // A string inserted in the middle: every later string shifts by one.
      await remplacer(grille, sst, (x) => x.replace("</si><si>", "</si><si><t>ajoutée &amp; décalée</t></si><si>")),
      grille,
      // A damaged table after the same one: refused even though its start and end were seen.
      await remplacer(grille, sst, (x) => x.replace("<t>Réf.</t>", "<t>R\u0001f.</t>")),
      grille,
    ];
    const reponses = suite.map((o) => etatPourConsolider(o, "t.xlsx"));
    for (const [k, o] of suite.entries()) {
      if (k === 6) expect(reponses[k]).toBeNull();
      else expect(comparable(reponses[k]!)).toEqual(await parLeLecteur(o));
    }
  });

  it("ni archive ni classeur : réponse nulle", async () => {
    expect(etatPourConsolider(new Uint8Array(0), "t.xlsx")).toBeNull();
    expect(etatPourConsolider(await ecrireZip([{ nom: "word/document.xml", contenu: "<w:document/>" }]), "t.docx")).toBeNull();
  });
});
