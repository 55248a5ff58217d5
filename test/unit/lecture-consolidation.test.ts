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

  it("ni archive ni classeur : réponse nulle", async () => {
    expect(etatPourConsolider(new Uint8Array(0), "t.xlsx")).toBeNull();
    expect(etatPourConsolider(await ecrireZip([{ nom: "word/document.xml", contenu: "<w:document/>" }]), "t.docx")).toBeNull();
  });
});
