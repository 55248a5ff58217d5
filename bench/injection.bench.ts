/**
 * Injection benchmark: the shipped referential and larger ones, through the Office.js adapter
 * (typed fake: syncs and bytes per request) and the ExcelJS adapter (time, file size, memory).
 * Targets are checked here, never in unit tests. Run with `npm run bench`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { referentielLivre } from "../src/core/catalogue";
import { compterReferentiel, type Referentiel } from "../src/core/referential";
import { BUDGET_REQUETE, injecterDansExcel } from "../src/hosts/excel/injection";
import { calculerDansExcel } from "../src/hosts/excel/resultats";
import { ecrireClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur } from "../src/hosts/xlsx/classeur";
import { ContexteFaux, ModeleClasseur } from "../test/helpers/excel-fake";
import { referentielGrossi } from "../test/helpers/referentiels";

/** Shipped referentials: at most 3 syncs; any size: no request over the 2 MB budget (+10 % envelope). */
const OBJECTIFS = { syncsMaxLivres: 3, octetsParRequeteMax: Math.round(BUDGET_REQUETE * 1.1), xlsxX10Ms: 5000 };

interface LigneScores {
  cas: string;
  criteres: number;
  syncsCalcul: number;
  calculMs: number;
}

async function mesurerScores(cas: string, ref: Referentiel): Promise<LigneScores> {
  const modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  await injecterDansExcel(new ContexteFaux(modele), { referentiel: ref, source: "bench", evaluateurs: ["A", "B", "C"] });
  const grille = modele.feuille("Grille qualité")!;
  // Every note cell filled: the heaviest read and computation.
  for (const [k, c] of grille.cellules) {
    const col = Number(k.split(",")[1]);
    if (Number(k.split(",")[0]) > 0 && col >= 9 && col <= 11) c.v = 1 + ((col * 7 + Number(k.split(",")[0])) % 4);
  }
  const ctx = new ContexteFaux(modele);
  const t0 = performance.now();
  await calculerDansExcel(ctx, "bench");
  return { cas, criteres: compterReferentiel(ref).criteres, syncsCalcul: ctx.syncs, calculMs: Math.round(performance.now() - t0) };
}

interface Ligne {
  cas: string;
  criteres: number;
  syncsNeuf: number;
  syncsReinjection: number;
  maxOctetsRequete: number;
  xlsxEcritureMs: number;
  xlsxReinjectionMs: number;
  xlsxOctets: number;
  tasMo: number;
}

async function mesurer(cas: string, ref: Referentiel): Promise<Ligne> {
  const modele = new ModeleClasseur();
  modele.ajouterFeuille("Feuil1");
  const c1 = new ContexteFaux(modele);
  await injecterDansExcel(c1, { referentiel: ref, source: "bench" });
  const c2 = new ContexteFaux(modele);
  await injecterDansExcel(c2, { referentiel: ref, source: "bench" });

  const t0 = performance.now();
  const wb = nouveauClasseur();
  await injecterDansClasseur(wb, { referentiel: ref, source: "bench.xlsx", etablissement: "EPS", periode: "2026" });
  const octets = await ecrireClasseur(wb);
  const t1 = performance.now();
  const relu = await ouvrirClasseur(octets, "bench.xlsx");
  await injecterDansClasseur(relu, { referentiel: ref, source: "bench.xlsx" });
  await ecrireClasseur(relu);
  const t2 = performance.now();
  return {
    cas,
    criteres: compterReferentiel(ref).criteres,
    syncsNeuf: c1.syncs,
    syncsReinjection: c2.syncs,
    maxOctetsRequete: Math.max(...c1.octetsParSync, ...c2.octetsParSync),
    xlsxEcritureMs: Math.round(t1 - t0),
    xlsxReinjectionMs: Math.round(t2 - t1),
    xlsxOctets: octets.byteLength,
    tasMo: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
  };
}

const echecsScores: string[] = [];

async function principal() {
  const lignes: Ligne[] = [];
  lignes.push(await mesurer("eps-maroc", referentielLivre("eps-maroc")));
  lignes.push(await mesurer("q4c", referentielLivre("q4c")));
  lignes.push(await mesurer("eps-maroc ×10", referentielGrossi(10)));
  lignes.push(await mesurer("eps-maroc ×20", referentielGrossi(20)));
  console.table(lignes);
  const scores = [await mesurerScores("eps-maroc, 3 évaluateurs", referentielLivre("eps-maroc")), await mesurerScores("×10, 3 évaluateurs", referentielGrossi(10))];
  console.table(scores);
  for (const l of scores) if (l.syncsCalcul !== 1) echecsScores.push(`${l.cas} : calcul en ${l.syncsCalcul} sync au lieu de 1`);
  if (scores[1]!.calculMs > 2000) echecsScores.push(`×10 : calcul en ${scores[1]!.calculMs} ms > 2000`);
  const echecs: string[] = [...echecsScores];
  for (const l of lignes) {
    const livre = !l.cas.includes("×");
    if (livre && (l.syncsNeuf > OBJECTIFS.syncsMaxLivres || l.syncsReinjection > OBJECTIFS.syncsMaxLivres)) echecs.push(`${l.cas} : ${l.syncsNeuf}/${l.syncsReinjection} sync > ${OBJECTIFS.syncsMaxLivres}`);
    if (l.maxOctetsRequete > OBJECTIFS.octetsParRequeteMax) echecs.push(`${l.cas} : requête de ${l.maxOctetsRequete} octets > ${OBJECTIFS.octetsParRequeteMax} (budget de 2 Mo ; Excel sur le web refuse 5 Mo)`);
  }
  const x10 = lignes.find((l) => l.cas === "eps-maroc ×10")!;
  if (x10.xlsxEcritureMs > OBJECTIFS.xlsxX10Ms) echecs.push(`×10 : écriture .xlsx en ${x10.xlsxEcritureMs} ms > ${OBJECTIFS.xlsxX10Ms}`);
  const sortie = join(__dirname, "out");
  mkdirSync(sortie, { recursive: true });
  writeFileSync(join(sortie, "injection.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, lignes, scores, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
