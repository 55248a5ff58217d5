import { allerALaSection, assemblerDansWord, lireReponsesWord, NOTE_SOMMAIRE, numerosTitres, type ContexteWord } from "../../src/hosts/word/assemblage";
import { modeleLivre } from "../../src/core/pe/catalogue";
import { planifierDocument, verifierReponses, type ReponsesDocument } from "../../src/core/pe/document";
import { ContexteWordFaux, DocumentFaux } from "../helpers/word-fake";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";

// Compile-time check: the real Word API satisfies the subset the adapter is written against.
const apiReelle: ContexteWord | null = null as Word.RequestContext | null;

const pe = modeleLivre("pe-eps");
const { reponses } = verifierReponses(pe, exemple);

describe("assemblage dans Word (faux Word typé)", () => {
  it("crée une région étiquetée par section en 2 allers-retours, puis le sommaire (champ TOC après son titre) dans le sien", async () => {
    expect(apiReelle).toBeNull();
    const ctx = new ContexteWordFaux();
    const plan = planifierDocument(pe, reponses);
    const r = await assemblerDansWord(ctx, plan, reponses, { sommaire: "champ" });
    // Read, write, then the fields (table of contents, page numbers) in their own sync.
    expect(ctx.syncs).toBe(3);
    expect(r).toEqual({ creees: plan.regions.length + 1, misesAJour: 0, gardeesALaMain: 0, sommaire: "champ", pagination: "champ" });
    const controles = ctx.doc.controles();
    expect(controles.map((c) => c.tag)).toEqual(["qe:pe-eps:couverture", ...plan.regions.map((x) => x.tag)]);
    const identite = controles.find((c) => c.tag === "qe:pe-eps:identite")!;
    expect(identite.enfants.find((n) => n.type === "p" && n.texte === "1. Histoire et identité")).toMatchObject({ style: "Heading1", sautAvant: true });
    expect(identite.enfants).toContainEqual(expect.objectContaining({ type: "p", texte: "Année de création : 1998", prefixeGras: "Année de création : " }));
    const couverture = controles[0]!.enfants;
    const titre = couverture.findIndex((n) => n.type === "p" && n.texte === "Sommaire");
    expect(couverture[titre]).toMatchObject({ style: "Title" });
    expect(couverture[titre + 1]).toMatchObject({ type: "p", champ: "TOC", codeChamp: '\\o "1-2" \\h', champAJour: true });
    const cadre = controles.find((c) => c.tag === "qe:pe-eps:cadre")!;
    expect(cadre.enfants).toContainEqual(expect.objectContaining({ type: "table", entetes: 1, valeurs: [["Autorité ou partenaire", "Objet", "Échéance"], ["Entraide Nationale", "Accueil des enfants privés de protection familiale", "31 décembre 2028"]] }));
    expect(await lireReponsesWord(new ContexteWordFaux(ctx.doc))).toEqual(reponses);
  });

  it("réassemblé, il met à jour les régions générées et ne touche ni au texte hors région ni à une section rédigée à la main", async () => {
    const doc = new DocumentFaux();
    await assemblerDansWord(new ContexteWordFaux(doc), planifierDocument(pe, reponses), reponses);
    // The director types a paragraph between two sections, and rewrites "valeurs" by hand.
    const missions = doc.controles().find((c) => c.tag === "qe:pe-eps:missions")!;
    doc.corps.splice(doc.corps.indexOf(missions) + 1, 0, { type: "p", texte: "Mot de la directrice.", style: "Normal", police: {} });
    doc.controles().find((c) => c.tag === "qe:pe-eps:valeurs")!.enfants = [{ type: "p", texte: "Nos valeurs, écrites avec les enfants.", style: "Normal", police: {} }];
    const modifiees: ReponsesDocument = structuredClone(reponses);
    modifiees.sections.missions!.champs!.missions = "Missions revues.";
    modifiees.sections.valeurs = { champs: { valeurs: "NE DOIT PAS APPARAÎTRE" }, manuel: true };
    const ctx = new ContexteWordFaux(doc);
    const r = await assemblerDansWord(ctx, planifierDocument(pe, modifiees), modifiees);
    expect(ctx.syncs).toBe(2);
    expect(r.gardeesALaMain).toBe(1);
    const texte = doc.texte();
    expect(texte).toContain("Missions revues.");
    expect(texte).not.toContain("Offrir à chaque enfant un cadre familial stable, l'accompagner vers l'autonomie et maintenir, quand c'est possible, ses liens avec sa famille.");
    expect(texte.indexOf("Mot de la directrice.")).toBe(texte.indexOf("Missions revues.") + 1);
    expect(texte).toContain("Nos valeurs, écrites avec les enfants.");
    expect(texte).not.toContain("NE DOIT PAS APPARAÎTRE");
    expect((await lireReponsesWord(new ContexteWordFaux(doc))) as ReponsesDocument).toMatchObject({ sections: { missions: { champs: { missions: "Missions revues." } } } });
  });

  it("une section qui apparaît se place après la précédente ; « seulement » ne met à jour que la section visée", async () => {
    const doc = new DocumentFaux();
    const sansPrf: ReponsesDocument = { ...reponses, variables: { ...reponses.variables, prf: "non" } };
    await assemblerDansWord(new ContexteWordFaux(doc), planifierDocument(pe, sansPrf), sansPrf);
    const ctx = new ContexteWordFaux(doc);
    const modifiees: ReponsesDocument = structuredClone(reponses);
    modifiees.sections.missions!.champs!.missions = "Pas encore.";
    const r = await assemblerDansWord(ctx, planifierDocument(pe, modifiees), modifiees, { seulement: ["qe:pe-eps:prf"] });
    expect(r).toEqual({ creees: 1, misesAJour: 0, gardeesALaMain: 0, sommaire: null, pagination: null });
    const tags = doc.controles().map((c) => c.tag);
    expect(tags.indexOf("qe:pe-eps:prf")).toBe(tags.indexOf("qe:pe-eps:parcours") + 1);
    expect(doc.texte()).not.toContain("Pas encore.");
  });

  it("Word sur le web refuse le champ sommaire : l'assemblage est gardé, une note dit comment l'insérer", async () => {
    const doc = new DocumentFaux();
    doc.champsEnLectureSeule = true;
    const ctx = new ContexteWordFaux(doc);
    const plan = planifierDocument(pe, reponses);
    const r = await assemblerDansWord(ctx, plan, reponses, { sommaire: "champ" });
    expect(r).toEqual({ creees: plan.regions.length + 1, misesAJour: 0, gardeesALaMain: 0, sommaire: "note", pagination: "note" });
    // The footer is left empty (no « Page  sur » without its numbers); the pane says how to add them.
    expect(doc.texte(doc.pied).join("")).toBe("");
    expect(doc.controles()).toHaveLength(plan.regions.length + 1);
    const couverture = doc.controles()[0]!.enfants;
    const titre = couverture.findIndex((n) => n.type === "p" && n.texte === "Sommaire");
    expect(couverture[titre + 1]).toMatchObject({ type: "p", texte: NOTE_SOMMAIRE, police: { italic: true } });
    expect(couverture.some((n) => n.type === "p" && n.champ)).toBe(false);
    expect(await lireReponsesWord(new ContexteWordFaux(doc))).toEqual(reponses);
  });

  it("sans WordApi 1.5, la note est écrite avec l'assemblage, en 2 allers-retours", async () => {
    const doc = new DocumentFaux();
    const ctx = new ContexteWordFaux(doc);
    const plan0 = planifierDocument(pe, reponses);
    const r = await assemblerDansWord(ctx, plan0, reponses, { sommaire: "note" });
    expect(ctx.syncs).toBe(2);
    expect(r.sommaire).toBe("note");
    expect(r.pagination).toBe("note");
    expect(doc.texte()).toContain(NOTE_SOMMAIRE);
    expect(doc.texte(doc.enTete).filter(Boolean)).toEqual([plan0.enTete]);
  });

  it("des réponses avec emojis et arabe vocalisé reviennent intactes, quel que soit l'endroit où tombe la coupure des propriétés", async () => {
    for (let decalage = 0; decalage < 6; decalage++) {
      const r: ReponsesDocument = structuredClone(reponses);
      // Shift the text so that a chunk boundary falls inside an emoji or between a letter and its marks.
      r.sections.missions!.champs!.missions = `${"x".repeat(decalage)}${"👩‍👧 لَا تَمْيِيزَ 🏠 ".repeat(60)}`;
      const doc = new DocumentFaux();
      await assemblerDansWord(new ContexteWordFaux(doc), planifierDocument(pe, r), r);
      expect([...doc.proprietes.values()].every((v) => String(v).length <= 255)).toBe(true);
      expect(await lireReponsesWord(new ContexteWordFaux(doc))).toEqual(r);
    }
  });

  it("va à une section en un aller-retour, ou dit en français qu'elle manque", async () => {
    const doc = new DocumentFaux();
    await assemblerDansWord(new ContexteWordFaux(doc), planifierDocument(pe, reponses), reponses);
    const ctx = new ContexteWordFaux(doc);
    await allerALaSection(ctx, "qe:pe-eps:cadre", "Cadre");
    expect(ctx.syncs).toBe(1);
    expect(doc.selection).toBe("qe:pe-eps:cadre");
    await expect(allerALaSection(new ContexteWordFaux(new DocumentFaux()), "qe:pe-eps:cadre", "Cadre juridique et mandat")).rejects.toThrow("La section « Cadre juridique et mandat » n'est pas encore dans le document : insérez-la d'abord.");
  });

  it("numérote les titres 1. et 1.1. comme le .docx, sur tout le plan, même pour une seule section", async () => {
    const plan = planifierDocument(pe, reponses);
    const numeros = numerosTitres(plan);
    const titres = plan.regions.flatMap((r) => r.blocs).filter((b) => b.type === "titre" && b.niveau < 3);
    expect(titres.map((b) => numeros.get(b))).toEqual(titres.map((_, i) => `${i + 1}.`));
    const doc = new DocumentFaux();
    await assemblerDansWord(new ContexteWordFaux(doc), plan, reponses);
    const partenariats = doc.controles().find((c) => c.tag === "qe:pe-eps:partenariats")!;
    const rang = plan.regions.findIndex((r) => r.sectionId === "partenariats") + 1;
    const titre = (tag: string) => doc.controles().find((c) => c.tag === tag)!.enfants.find((n) => n.type === "p" && n.style === "Heading1");
    expect(partenariats.enfants.find((n) => n.type === "p" && n.style === "Heading1")).toMatchObject({ texte: `${rang}. Partenariats et réseau territorial` });
    // One section updated alone keeps its number.
    await assemblerDansWord(new ContexteWordFaux(doc), plan, reponses, { seulement: ["qe:pe-eps:partenariats"] });
    expect(titre("qe:pe-eps:partenariats")).toMatchObject({ texte: `${rang}. Partenariats et réseau territorial` });
    const sousTitres = numerosTitres({ ...plan, regions: [{ ...plan.regions[0]!, blocs: [{ type: "titre", niveau: 1, texte: "A" }, { type: "titre", niveau: 2, texte: "B" }, { type: "titre", niveau: 2, texte: "C" }, { type: "titre", niveau: 3, texte: "D" }] }] });
    expect([...sousTitres.values()]).toEqual(["1.", "1.1.", "1.2."]);
  });

  it("en-tête courant et pied « Page X sur Y » dans des contrôles étiquetés : le texte de l'utilisateur y reste, un réassemblage ne les double pas", async () => {
    const doc = new DocumentFaux();
    doc.enTete.push({ type: "p", texte: "Logo de l'association (écrit à la main)", style: "Header", police: {} });
    const plan = planifierDocument(pe, reponses);
    for (let fois = 0; fois < 2; fois++) {
      const ctx = new ContexteWordFaux(doc);
      expect((await assemblerDansWord(ctx, plan, reponses, { sommaire: "champ" })).pagination).toBe("champ");
      expect(ctx.syncs).toBe(3);
    }
    expect(doc.texte(doc.enTete).filter(Boolean)).toEqual(["Logo de l'association (écrit à la main)", plan.enTete]);
    expect(plan.enTete).toBe("Village d'enfants d'Aïn Sebaâ (exemple fictif) · Projet d'établissement 2026–2030");
    expect(doc.controles(doc.enTete).map((c) => c.tag)).toEqual(["qe:pe-eps:en-tete"]);
    expect(doc.controles(doc.enTete)[0]!.enfants.find((n) => n.type === "p" && n.texte)).toMatchObject({ style: "Header", alignement: "Right" });
    expect(doc.texte(doc.pied).filter(Boolean)).toEqual(["Page {PAGE} sur {NUMPAGES}"]);
    expect(doc.controles(doc.pied).map((c) => c.tag)).toEqual(["qe:pe-eps:pied"]);
    // Without WordApiDesktop 1.3 the cover keeps the header; with it, the first page differs.
    expect(doc.premierePageDistincte).toBe(false);
    const ctx = new ContexteWordFaux(doc);
    await assemblerDansWord(ctx, plan, reponses, { sommaire: "champ", couvertureSansEnTete: true });
    expect(ctx.syncs).toBe(3);
    expect(doc.premierePageDistincte).toBe(true);
  });

  it("la page de titre porte le logo des réponses, centré, à la taille du plan", async () => {
    // A 2×1 PNG: the plan scales it to the cover's box.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAGAAHh2qZ6AAAAAElFTkSuQmCC";
    const avecLogo: ReponsesDocument = { ...reponses, edition: { logo: `data:image/png;base64,${png}` } };
    const plan = planifierDocument(pe, avecLogo);
    const logo = plan.couverture.find((b) => b.type === "image")!;
    const doc = new DocumentFaux();
    await assemblerDansWord(new ContexteWordFaux(doc), plan, avecLogo);
    const couverture = doc.controles()[0]!.enfants;
    expect(couverture.find((n) => n.type === "p" && n.image)).toMatchObject({ type: "p", alignement: "Centered", image: { base64: png, largeur: logo.type === "image" ? logo.largeur : -1, hauteur: logo.type === "image" ? logo.hauteur : -1 } });
    expect(couverture.find((n) => n.type === "p" && n.style === "Title" && n.texte === "Projet d'établissement")).toMatchObject({ alignement: "Centered" });
    expect(couverture.find((n) => n.type === "p" && n.texte === "Sommaire")).toMatchObject({ sautAvant: true });
  });
});
