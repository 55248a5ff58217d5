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
import { injecterDansExcel } from "../src/hosts/excel/injection";
import { ecrireClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur } from "../src/hosts/xlsx/classeur";
import { ContexteFaux, LIMITE_REQUETE, ModeleClasseur } from "../test/helpers/excel-fake";
import { referentielGrossi } from "../test/helpers/referentiels";

const OBJECTIFS = { syncsMax: 3, octetsParRequeteMax: LIMITE_REQUETE, xlsxX10Ms: 5000 };

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

async function principal() {
  const lignes: Ligne[] = [];
  lignes.push(await mesurer("eps-maroc", referentielLivre("eps-maroc")));
  lignes.push(await mesurer("q4c", referentielLivre("q4c")));
  lignes.push(await mesurer("eps-maroc ×10", referentielGrossi(10)));
  lignes.push(await mesurer("eps-maroc ×40", referentielGrossi(40)));
  console.table(lignes);
  const echecs: string[] = [];
  for (const l of lignes) {
    if (l.syncsNeuf > OBJECTIFS.syncsMax || l.syncsReinjection > OBJECTIFS.syncsMax) echecs.push(`${l.cas} : ${l.syncsNeuf}/${l.syncsReinjection} sync > ${OBJECTIFS.syncsMax}`);
    if (l.maxOctetsRequete > OBJECTIFS.octetsParRequeteMax) echecs.push(`${l.cas} : requête de ${l.maxOctetsRequete} octets > 5 Mo (Excel sur le web la refuse)`);
  }
  const x10 = lignes.find((l) => l.cas === "eps-maroc ×10")!;
  if (x10.xlsxEcritureMs > OBJECTIFS.xlsxX10Ms) echecs.push(`×10 : écriture .xlsx en ${x10.xlsxEcritureMs} ms > ${OBJECTIFS.xlsxX10Ms}`);
  const sortie = join(__dirname, "out");
  mkdirSync(sortie, { recursive: true });
  writeFileSync(join(sortie, "injection.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, lignes, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
