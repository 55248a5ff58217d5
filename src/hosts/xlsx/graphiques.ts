/**
 * ExcelJS cannot write charts: this adds DrawingML chart parts to the package it wrote for the
 * sheets whose plan asks for them (the synthesis radar, a survey's bars), through the same XML tree and ZIP tools
 * as the package-preserving writer.
 */
import type { GraphiquePlan } from "../../core/workbook-plan";
import { relationsXml, relsDe } from "../paquet";
import { ecrireZip, type EntreeAEcrire } from "../ooxml/zip";
import { lireArbre, nouvelElement, reecrire, serialiser } from "../ooxml/xml";
import { ClasseurLu } from "./lecture";

const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TYPE_DESSIN = `${NS_REL}/drawing`;
const TYPE_GRAPHIQUE = `${NS_REL}/chart`;

const echapper = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** "B10:B18" on sheet "Synthèse" → "'Synthèse'!$B$10:$B$18" */
function reference(feuille: string, plage: string): string {
  const absolue = plage.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
  return `'${feuille.replace(/'/g, "''")}'!${absolue}`;
}

/** 0-based column and row of "S2". */
function cellule(adresse: string): { col: number; row: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(adresse);
  if (!m) throw new Error(`adresse de cellule invalide : ${adresse}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return { col: col - 1, row: Number(m[2]) - 1 };
}

export function xmlGraphique(feuille: string, g: GraphiquePlan): string {
  // A bar chart's title is a question: smaller type than the radar's.
  const taille = g.type === "barres" ? '<a:pPr><a:defRPr sz="1000" b="1"/></a:pPr>' : "";
  const titre = `<c:title><c:tx><c:rich><a:bodyPr/><a:p>${taille}<a:r>${g.type === "barres" ? '<a:rPr lang="fr-FR" sz="1000" b="1"/>' : ""}<a:t>${echapper(g.titre)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`;
  const serie = (forme: string) =>
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${echapper(g.nomSerie)}</c:v></c:tx>${forme}<c:cat><c:strRef><c:f>${echapper(reference(feuille, g.categories))}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>${echapper(reference(feuille, g.valeurs))}</c:f></c:numRef></c:val></c:ser>`;
  const pourcents = g.type === "barres" && g.max === 1;
  const format = pourcents ? "0%" : "0";
  const axes = (type: string) =>
    `<c:catAx><c:axId val="510001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>${type === "radar" ? "<c:majorGridlines/>" : ""}<c:crossAx val="510002"/></c:catAx><c:valAx><c:axId val="510002"/><c:scaling><c:orientation val="minMax"/><c:max val="${g.max}"/><c:min val="${g.min}"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="${format}" sourceLinked="0"/><c:crossAx val="510001"/>${pourcents ? '<c:majorUnit val="0.25"/>' : '<c:majorUnit val="1"/>'}</c:valAx>`;
  if (g.type === "barresH") {
    // Horizontal bars, categories top to bottom in the sheet's order, value axis as a percentage.
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}"><c:roundedCorners val="0"/><c:chart>${titre}<c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>${serie('<c:spPr><a:solidFill><a:srgbClr val="0F766E"/></a:solidFill></c:spPr>')}<c:gapWidth val="60"/><c:axId val="510001"/><c:axId val="510002"/></c:barChart><c:catAx><c:axId val="510001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="510002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx><c:valAx><c:axId val="510002"/><c:scaling><c:orientation val="minMax"/><c:max val="${g.max}"/><c:min val="${g.min}"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/><c:numFmt formatCode="0%" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="510001"/><c:crosses val="max"/><c:majorUnit val="${(g.max - g.min) / 4}"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
  }
  const trace =
    g.type === "barres"
      ? `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${serie('<c:spPr><a:solidFill><a:srgbClr val="0F766E"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/><c:dLbls><c:numFmt formatCode="' + format + '" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')}<c:gapWidth val="60"/><c:axId val="510001"/><c:axId val="510002"/></c:barChart>${axes("barres")}`
      : `<c:radarChart><c:radarStyle val="marker"/><c:varyColors val="0"/>${serie('<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="0F766E"/></a:solidFill></a:ln></c:spPr>')}<c:axId val="510001"/><c:axId val="510002"/></c:radarChart>${axes("radar")}`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}"><c:roundedCorners val="0"/><c:chart>${titre}<c:plotArea><c:layout/>${trace}</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

/** One drawing per sheet, one anchor per chart (relationship rId1, rId2… in the chart order). */
function xmlDessin(graphiques: GraphiquePlan[]): string {
  const ancres = graphiques.map((g, i) => {
    const de = cellule(g.de);
    const a = cellule(g.a);
    const from = `<xdr:from><xdr:col>${de.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${de.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`;
    // Bars: a fixed size (one chart per question, all alike, whatever the rows' heights); the
    // radar spans its cells.
    const ancre =
      g.type === "barres"
        ? `<xdr:oneCellAnchor>${from}<xdr:ext cx="${(a.col - de.col) * 64 * 9525}" cy="${(a.row - de.row) * 20 * 9525}"/>`
        : `<xdr:twoCellAnchor editAs="oneCell">${from}<xdr:to><xdr:col>${a.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>`;
    return `${ancre}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${echapper(g.titre)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="rId${i + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:${g.type === "barres" ? "oneCellAnchor" : "twoCellAnchor"}>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${ancres.join("")}</xdr:wsDr>`;
}

const ORDRE_FEUILLE = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

/** Adds the charts to a package we rendered with ExcelJS; its other entries are copied as they are. */
export async function ajouterGraphiques(octets: Uint8Array, graphiques: Map<string, GraphiquePlan[]>): Promise<Uint8Array> {
  if (![...graphiques.values()].some((g) => g.length)) return octets;
  const lu = await ClasseurLu.ouvrir(octets, "rendu Qualité EPS");
  const p = lu.paquet;
  const types = lireArbre(await p.texte("[Content_Types].xml"), p.source, "[Content_Types].xml");
  const modifiees = new Map<string, string>();
  const nouvelles: { nom: string; contenu: string }[] = [];
  let n = [...p.entrees.keys()].filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).length;
  let d = [...p.entrees.keys()].filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f)).length;
  for (const [feuille, liste] of graphiques) {
    const chemin = lu.feuille(feuille)?.chemin;
    if (!chemin || !liste.length) continue;
    d++;
    const premier = n + 1;
    for (const g of liste) {
      n++;
      nouvelles.push({ nom: `xl/charts/chart${n}.xml`, contenu: xmlGraphique(feuille, g) });
      types.enfants.push(nouvelElement(types, "Override", [["PartName", `/xl/charts/chart${n}.xml`], ["ContentType", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"]]));
    }
    nouvelles.push({ nom: `xl/drawings/drawing${d}.xml`, contenu: xmlDessin(liste) });
    nouvelles.push({ nom: `xl/drawings/_rels/drawing${d}.xml.rels`, contenu: relationsXml(liste.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${TYPE_GRAPHIQUE}" Target="../charts/chart${premier + i}.xml"/>`).join("")) });
    const cheminRels = relsDe(chemin);
    const rels = lireArbre(p.a(cheminRels) ? await p.texte(cheminRels) : relationsXml(""), p.source, cheminRels);
    rels.enfants.push(nouvelElement(rels, "Relationship", [["Id", "rIdQeDessin"], ["Type", TYPE_DESSIN], ["Target", `../drawings/drawing${d}.xml`]]));
    modifiees.set(cheminRels, serialiser(rels));
    // The sheet may be big (one row per criterion): rewritten as a stream, <drawing> put before
    // the first child of the root that comes after it in the schema's order (or at the end).
    const rang = ORDRE_FEUILLE.indexOf("drawing");
    let mis = false;
    const dessin = (b: { prefix: string }) => {
      mis = true;
      return `<${b.prefix ? `${b.prefix}:` : ""}drawing xmlns:r="${NS_REL}" r:id="rIdQeDessin"/>`;
    };
    const avant = (b: { local: string; prefix: string }, profondeur: number) => (profondeur === 2 && !mis && ORDRE_FEUILLE.indexOf(b.local) > rang ? dessin(b) : undefined);
    const avantFin = (b: { prefix: string }, profondeur: number) => (profondeur === 1 && !mis ? dessin(b) : undefined);
    const texte = await p.texte(chemin);
    // We rendered this sheet: its <sheetData> (one row per criterion, most of the part) comes
    // before <drawing> and is kept as it is; the rest, with an empty <sheetData/> in its place, is
    // rewritten. In well-formed XML the end tag </sheetData> cannot appear inside a value.
    const debutDonnees = texte.indexOf("<sheetData>");
    const finDonnees = texte.indexOf("</sheetData>") + "</sheetData>".length;
    let xml: string | null = null;
    if (debutDonnees > 0 && finDonnees > debutDonnees) {
      const reste = reecrire(texte.slice(0, debutDonnees) + "<sheetData/>" + texte.slice(finDonnees), p.source, chemin, avant, avantFin);
      const place = reste.indexOf("<sheetData/>");
      if (place > 0 && reste.indexOf("<sheetData/>", place + 1) < 0) xml = reste.slice(0, place) + texte.slice(debutDonnees, finDonnees) + reste.slice(place + "<sheetData/>".length);
    }
    modifiees.set(chemin, xml ?? reecrire(texte, p.source, chemin, avant, avantFin));
    types.enfants.push(nouvelElement(types, "Override", [["PartName", `/xl/drawings/drawing${d}.xml`], ["ContentType", "application/vnd.openxmlformats-officedocument.drawing+xml"]]));
  }
  modifiees.set("[Content_Types].xml", serialiser(types));
  const entrees: EntreeAEcrire[] = [...p.entrees.keys()].map((nom) => (modifiees.has(nom) ? { nom, contenu: modifiees.get(nom)! } : { nom, depuis: p }));
  for (const [nom, contenu] of modifiees) if (!p.a(nom)) entrees.push({ nom, contenu });
  for (const x of nouvelles) entrees.push({ nom: x.nom, contenu: x.contenu });
  return ecrireZip(entrees);
}
