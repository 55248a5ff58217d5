/**
 * Long answers: a 1 MB answer (prose, one word without spaces, digits in a number field) is
 * checked, planned, rendered to .docx and merged into an existing document. Target: each under
 * one second (before, docx's page-number estimate made it minutes: issue 9).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { modeleLivre } from "../src/core/pe/catalogue";
import { planifierDocument, verifierReponses } from "../src/core/pe/document";
import { ecrireDocx, fusionnerDocx } from "../src/hosts/docx/document";

const OBJECTIF_S = 1;
const pe = modeleLivre("pe-eps");
const exemple = JSON.parse(readFileSync(join(__dirname, "..", "..", "templates", "documents", "exemples", "pe-eps-reponses.json"), "utf8")) as { sections: Record<string, { champs: Record<string, unknown> }> };
const UN_MO = 1 << 20;
const cas: [string, string, unknown][] = [
  ["prose de 1 Mo", "histoire", "L'établissement accueille des enfants et les accompagne vers l'autonomie. ".repeat(Math.ceil(UN_MO / 74)).slice(0, UN_MO)],
  ["mot de 1 Mo sans espace", "histoire", "x".repeat(UN_MO)],
  ["1 Mo de chiffres dans un nombre", "creation", "9".repeat(UN_MO)],
];

async function principal() {
  const existant = await (async () => {
    const { reponses } = verifierReponses(pe, exemple);
    return ecrireDocx(planifierDocument(pe, reponses), reponses);
  })();
  const resultats = [];
  let echec = false;
  for (const [nom, champ, valeur] of cas) {
    const brutes = { ...exemple, sections: { ...exemple.sections, identite: { champs: { ...exemple.sections.identite!.champs, [champ]: valeur } } } };
    const t0 = performance.now();
    const { reponses, avertissements } = verifierReponses(pe, brutes);
    const plan = planifierDocument(pe, reponses, null, avertissements);
    const nouveau = await ecrireDocx(plan, reponses);
    const t1 = performance.now();
    const fusion = await fusionnerDocx(existant, nouveau, new Set(), "pe.docx");
    const t2 = performance.now();
    const r = { cas: nom, assemblageS: +((t1 - t0) / 1000).toFixed(3), fusionS: +((t2 - t1) / 1000).toFixed(3), octets: fusion.byteLength, memoireMo: Math.round(process.memoryUsage().rss / 1024 / 1024) };
    resultats.push(r);
    const ok = r.assemblageS < OBJECTIF_S && r.fusionS < OBJECTIF_S;
    echec ||= !ok;
    console.log(`${ok ? "ok " : "RATÉ"} ${nom.padEnd(32)} assemblage ${r.assemblageS.toFixed(2)} s, fusion ${r.fusionS.toFixed(2)} s, ${r.memoireMo} Mo (objectif < ${OBJECTIF_S} s chacun)`);
  }
  mkdirSync(join(__dirname), { recursive: true });
  writeFileSync(join(__dirname, "reponses-longues.json"), JSON.stringify(resultats, null, 2));
  if (echec) process.exitCode = 1;
}

void principal();
