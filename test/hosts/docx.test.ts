import JSZip from "jszip";
import { ecrireDocx, fusionnerDocx, lireReponsesDocx, paginationEstimable, regionsDocx } from "../../src/hosts/docx/document";
import { modeleLivre } from "../../src/core/pe/catalogue";
import { planifierDocument, verifierReponses, type ReponsesDocument } from "../../src/core/pe/document";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";

const pe = modeleLivre("pe-eps");
const { reponses } = verifierReponses(pe, exemple);
const docXml = async (octets: Uint8Array) => (await JSZip.loadAsync(octets)).file("word/document.xml")!.async("string");
/** Plain text of document.xml, paragraphs on their own line. */
const texte = (xml: string) => xml.replace(/<\/w:p>/g, "\n").replace(/<[^>]+>/g, "").replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Adds a paragraph of the writer's own right after the region `tag`, as Word would keep it. */
async function ecrireAMain(octets: Uint8Array, apres: string, phrase: string, dedans = false): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(octets);
  let xml = await zip.file("word/document.xml")!.async("string");
  const debut = xml.indexOf(`<w:tag w:val="${apres}"/>`);
  const paragraphe = `<w:p><w:r><w:t>${phrase}</w:t></w:r></w:p>`;
  if (dedans) {
    const i = xml.indexOf("</w:sdtContent>", debut);
    xml = xml.slice(0, i) + paragraphe + xml.slice(i);
  } else {
    const i = xml.indexOf("</w:sdt>", debut) + "</w:sdt>".length;
    xml = xml.slice(0, i) + paragraphe + xml.slice(i);
  }
  zip.file("word/document.xml", xml);
  return zip.generateAsync({ type: "uint8array" });
}

describe("document .docx", () => {
  it("écrit une région étiquetée par section, un sommaire et les réponses dans le document", async () => {
    const plan = planifierDocument(pe, reponses);
    const octets = await ecrireDocx(plan, reponses);
    expect(await regionsDocx(octets)).toEqual(["qe:pe-eps:couverture", ...plan.regions.map((r) => r.tag)]);
    const xml = await docXml(octets);
    expect(xml).toMatch(/<w:sdt><w:sdtPr><w:alias w:val="Histoire et identité"\/><w:tag w:val="qe:pe-eps:identite"\/>/);
    expect(xml).toMatch(/<w:instrText xml:space="preserve">TOC \\h \\o &quot;1-2&quot;/);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(await lireReponsesDocx(octets)).toEqual(reponses);
  });

  it("réassemblé, il met à jour les parties générées et garde le texte écrit à la main", async () => {
    const premier = await ecrireDocx(planifierDocument(pe, reponses), reponses);
    let edite = await ecrireAMain(premier, "qe:pe-eps:missions", "Note de la directrice entre deux sections.");
    edite = await ecrireAMain(edite, "qe:pe-eps:valeurs", "Paragraphe réécrit par l'équipe.", true);
    // Answers change; "valeurs" is now marked as written by hand; PRF is switched off then on.
    const modifiees: ReponsesDocument = structuredClone(reponses);
    modifiees.sections.missions!.champs!.missions = "Missions révisées en comité.";
    modifiees.sections.valeurs = { ...modifiees.sections.valeurs, manuel: true };
    modifiees.sections.valeurs.champs = { valeurs: "NE DOIT PAS APPARAÎTRE" };
    const plan = planifierDocument(pe, modifiees);
    const nouveau = await ecrireDocx(plan, modifiees);
    const fusion = await fusionnerDocx(edite, nouveau, new Set(plan.regions.filter((r) => r.manuel).map((r) => r.tag)), "pe.docx");
    const t = texte(await docXml(fusion));
    expect(t).toContain("Missions révisées en comité.");
    expect(t).not.toContain("Offrir à chaque enfant un cadre familial stable");
    expect(t).toContain("Note de la directrice entre deux sections.");
    expect(t.indexOf("Note de la directrice")).toBeGreaterThan(t.indexOf("Missions révisées"));
    expect(t.indexOf("Note de la directrice")).toBeLessThan(t.indexOf("Personnes accompagnées", t.indexOf("Missions révisées")));
    expect(t).toContain("Paragraphe réécrit par l'équipe.");
    expect(t).not.toContain("NE DOIT PAS APPARAÎTRE");
    expect(await regionsDocx(fusion)).toEqual(await regionsDocx(nouveau));
    expect((await lireReponsesDocx(fusion)) as ReponsesDocument).toMatchObject({ sections: { missions: { champs: { missions: "Missions révisées en comité." } } } });
  });

  it("une section qui apparaît (programme PRF) prend sa place après la précédente, sans rien déplacer", async () => {
    const sansPrf: ReponsesDocument = { ...reponses, variables: { ...reponses.variables, prf: "non" } };
    const premier = await ecrireDocx(planifierDocument(pe, sansPrf), sansPrf);
    expect(await regionsDocx(premier)).not.toContain("qe:pe-eps:prf");
    const edite = await ecrireAMain(premier, "qe:pe-eps:parcours", "Ajout après le parcours.");
    const plan = planifierDocument(pe, reponses);
    const fusion = await fusionnerDocx(edite, await ecrireDocx(plan, reponses), new Set(), "pe.docx");
    const regions = await regionsDocx(fusion);
    expect(regions.indexOf("qe:pe-eps:prf")).toBe(regions.indexOf("qe:pe-eps:parcours") + 1);
    const t = texte(await docXml(fusion));
    expect(t.indexOf("Ajout après le parcours.")).toBeGreaterThan(t.indexOf("Programme de renforcement familial", t.indexOf("Sortie et suivi")));
  });

  it("numérote le sommaire d'un document ordinaire, pas quand trop de mots dépassent leur ligne ou leur cellule (estimation lente)", async () => {
    const sommaire = async (r: typeof reponses) => {
      const xml = await docXml(await ecrireDocx(planifierDocument(pe, r), r));
      return texte(xml.slice(xml.indexOf("TOC \\"), xml.indexOf("Histoire et identité") + 400));
    };
    expect(paginationEstimable(planifierDocument(pe, reponses))).toBe(true);
    expect(await sommaire(reponses)).toMatch(/Histoire et identitéPAGEREF _Toc\d+ \\h\d/);
    const long = { ...reponses, sections: { ...reponses.sections, identite: { champs: { ...reponses.sections.identite!.champs, histoire: "x".repeat(1_000_000) } } } };
    expect(paginationEstimable(planifierDocument(pe, long))).toBe(false);
    expect(await sommaire(long)).toMatch(/Histoire et identitéPAGEREF _Toc\d+ \\h\n/);
    // A few words wider than a line (a web address) cost little; a cell of the three-column
    // partners table is narrower than a line, and twenty long names there cost seconds.
    const adresse = { ...reponses, sections: { ...reponses.sections, identite: { champs: { ...reponses.sections.identite!.champs, histoire: "Voir https://www.exemple.ma/rapports/etablissements/2026/projet-etablissement-eps-al-amal-version-definitive.pdf" } } } };
    expect(paginationEstimable(planifierDocument(pe, adresse))).toBe(true);
    const partenaires = (n: number) => ({ ...reponses, sections: { ...reponses.sections, partenariats: { champs: { partenaires: Array.from({ length: n }, (_, i) => ({ nom: `Association-des-amis-de-l'enfance-de-Tanger-${i}`, domaine: "Santé" })) } } } });
    expect(paginationEstimable(planifierDocument(pe, partenaires(2)))).toBe(true);
    expect(paginationEstimable(planifierDocument(pe, partenaires(20)))).toBe(false);
    const prose = { ...reponses, sections: { ...reponses.sections, identite: { champs: { ...reponses.sections.identite!.champs, histoire: "L'établissement accueille des enfants. ".repeat(500) } } } };
    expect(paginationEstimable(planifierDocument(pe, prose))).toBe(true);
  });

  it("refuse un fichier qui n'est pas un document Word, en le nommant", async () => {
    const nouveau = await ecrireDocx(planifierDocument(pe, reponses), reponses);
    await expect(fusionnerDocx(new TextEncoder().encode("bonjour"), nouveau, new Set(), "pe.docx")).rejects.toThrow("pe.docx n'est pas un document .docx.");
  });
});

describe("graphique dans un document réassemblé", () => {
  it("le radar d'une nouvelle assemblée est copié avec ses parties dans l'ancien document", async () => {
    const { calculerScores } = await import("../../src/core/scores");
    const { referentielLivre } = await import("../../src/core/catalogue");
    const r = calculerScores({ referentiel: referentielLivre("eps-maroc"), evaluateurs: [], lignes: new Map([["1.1.2", { ref: "1.1.2", critereId: "1.1.2", notes: [4], ligne: 5 }]]), anomalies: [], source: "x", feuille: "G" });
    const premier = await ecrireDocx(planifierDocument(pe, reponses, { resultats: r }), reponses);
    const second = await ecrireDocx(planifierDocument(pe, reponses, { resultats: r }), reponses);
    const fusion = await fusionnerDocx(premier, second, new Set(), "pe.docx");
    const zip = await JSZip.loadAsync(fusion);
    const xml = await zip.file("word/document.xml")!.async("string");
    const rels = await zip.file("word/_rels/document.xml.rels")!.async("string");
    const id = /<c:chart [^>]*r:id="([^"]+)"/.exec(xml)?.[1];
    expect(id).toBeDefined();
    const cible = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    expect(zip.file(`word/${cible}`)).not.toBeNull();
    const relsGraphique = await zip.file(`word/charts/_rels/${cible!.split("/").pop()}.rels`)!.async("string");
    const classeur = /Target="\.\.\/([^"]+)"/.exec(relsGraphique)![1]!;
    expect(zip.file(`word/${classeur}`)).not.toBeNull();
    expect(await zip.file("[Content_Types].xml")!.async("string")).toContain(`PartName="/word/${cible}"`);
  });
});

describe("mise en page .docx", () => {
  it("titres numérotés par leur style, en-tête courant, pied « Page X sur Y », tableaux à colonnes fixées et en-tête répété", async () => {
    const octets = await ecrireDocx(planifierDocument(pe, reponses), reponses);
    const zip = await JSZip.loadAsync(octets);
    const styles = await zip.file("word/styles.xml")!.async("string");
    const titre1 = /<w:style [^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(styles)![0];
    const numId = /<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(titre1)![1];
    const numerotation = await zip.file("word/numbering.xml")!.async("string");
    const abstrait = new RegExp(`<w:num w:numId="${numId}"[^>]*><w:abstractNumId w:val="(\\d+)"/>`).exec(numerotation)![1];
    expect(numerotation).toMatch(new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstrait}"[\\s\\S]*?<w:lvlText w:val="%1."/>[\\s\\S]*?<w:lvlText w:val="%1.%2."/>`));
    const xml = await docXml(octets);
    expect(xml).toMatch(/<w:titlePg\/>/);
    const entetes = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async("string")));
    expect(entetes.some((h) => texte(h).includes("Village d'enfants d'Aïn Sebaâ (exemple fictif) · Projet d'établissement 2026–2030"))).toBe(true);
    const pieds = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async("string")));
    expect(pieds.some((p) => /Page [\s\S]*PAGE[\s\S]* sur [\s\S]*NUMPAGES/.test(p))).toBe(true);
    // Every table: fixed layout, grid widths within the text width, header row repeated.
    const tableaux = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tableaux.length).toBeGreaterThan(2);
    for (const t of tableaux) {
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      expect(t).toMatch(/<w:tblHeader\/>/);
      const largeurs = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(largeurs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 2 * 1134);
    }
  });

  it("réassemble un document d'une version antérieure en lui ajoutant les styles qui lui manquent", async () => {
    const premier = await ecrireDocx(planifierDocument(pe, reponses), reponses);
    const zip = await JSZip.loadAsync(premier);
    const styles = await zip.file("word/styles.xml")!.async("string");
    zip.file("word/styles.xml", styles.replace(/<w:style [^>]*w:styleId="QeTableau"[\s\S]*?<\/w:style>/, ""));
    const ancien = await zip.generateAsync({ type: "uint8array" });
    const nouveau = await ecrireDocx(planifierDocument(pe, reponses), reponses);
    const fusion = await JSZip.loadAsync(await fusionnerDocx(ancien, nouveau, new Set(), "pe.docx"));
    expect(await fusion.file("word/styles.xml")!.async("string")).toContain('w:styleId="QeTableau"');
  });
});
