/**
 * Consolidation benchmark: 1,000 assessment workbooks of the shipped referential with random
 * answers, consolidated by the built command (`qualite consolider`, two reader threads), with its
 * time and peak memory; the same reading and averaging with pandas + openpyxl, side by side.
 * Targets: under 60 s, under 1 GiB, at least 3× faster than pandas.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { genererClasseurs } from "./classeurs";

const N = Number(process.env.QUALITE_BENCH_CLASSEURS ?? 1000);
const RACINE = join(__dirname, "..", "..");
const DOSSIER = join(__dirname, `classeurs-${N}`);
const OBJECTIFS = { secondes: 60, memoireMo: 1024, rapportPandas: 3 };

/** Runs a command, sampling its resident memory from /proc every 50 ms. */
function mesurer(commande: string, args: string[]): Promise<{ secondes: number; memoireMo: number; sortie: string; code: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const enfant = spawn(commande, args, { stdio: ["ignore", "pipe", "pipe"] });
    let sortie = "";
    let max = 0;
    enfant.stdout.on("data", (d) => (sortie += d));
    enfant.stderr.on("data", (d) => (sortie += d));
    const minuterie = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${enfant.pid}/status`, "utf8"))?.[1] ?? 0);
        max = Math.max(max, kb);
      } catch {
        /* the process has ended */
      }
    }, 50);
    enfant.on("exit", (code) => {
      clearInterval(minuterie);
      resolve({ secondes: (performance.now() - t0) / 1000, memoireMo: Math.round(max / 1024), sortie, code: code ?? 1 });
    });
  });
}

async function principal() {
  if (!existsSync(join(RACINE, "dist", "cli", "qualite.cjs"))) throw new Error("Lancez d'abord npm run build:cli.");
  if (!existsSync(DOSSIER) || readdirSync(DOSSIER).length < N) {
    const t0 = performance.now();
    mkdirSync(DOSSIER, { recursive: true });
    await genererClasseurs(DOSSIER, N, 2026);
    console.log(`${N} classeurs générés en ${((performance.now() - t0) / 1000).toFixed(1)} s dans ${DOSSIER}`);
  }
  const out = join(__dirname, "national.xlsx");
  const qe = await mesurer(process.execPath, [join(RACINE, "dist", "cli", "qualite.cjs"), "consolider", DOSSIER, "--out", out]);
  if (qe.code !== 0) throw new Error(`qualite consolider a échoué :\n${qe.sortie}`);
  let pandas: { secondes: number; memoireMo: number } | null = null;
  // Debian's interpreter first: a user's own Python (pyenv…) may lack the Debian packages.
  const python = ["/usr/bin/python3", "python3"].find((p) => {
    try {
      execFileSync(p, ["-c", "import pandas, openpyxl"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  });
  if (python) {
    const p = await mesurer(python, [join(RACINE, "bench", "pandas_consolider.py"), DOSSIER]);
    if (p.code === 0) pandas = { secondes: p.secondes, memoireMo: p.memoireMo };
    else console.log(`Le script pandas a échoué :\n${p.sortie}`);
  } else console.log("pandas + openpyxl absents (apt-get install python3-pandas python3-openpyxl) : comparaison non mesurée.");
  const ligne = {
    classeurs: N,
    qualiteSecondes: Number(qe.secondes.toFixed(1)),
    qualiteMemoireMo: qe.memoireMo,
    pandasSecondes: pandas ? Number(pandas.secondes.toFixed(1)) : null,
    pandasMemoireMo: pandas?.memoireMo ?? null,
    rapport: pandas ? Number((pandas.secondes / qe.secondes).toFixed(1)) : null,
  };
  console.table([ligne]);
  const echecs: string[] = [];
  if (N >= 1000 && ligne.qualiteSecondes > OBJECTIFS.secondes) echecs.push(`consolidation en ${ligne.qualiteSecondes} s > ${OBJECTIFS.secondes} s`);
  if (ligne.qualiteMemoireMo > OBJECTIFS.memoireMo) echecs.push(`pic mémoire ${ligne.qualiteMemoireMo} Mo > ${OBJECTIFS.memoireMo} Mo`);
  if (ligne.rapport !== null && ligne.rapport < OBJECTIFS.rapportPandas) echecs.push(`seulement ${ligne.rapport}× plus rapide que pandas (objectif ${OBJECTIFS.rapportPandas}×)`);
  mkdirSync(join(RACINE, "bench", "out"), { recursive: true });
  writeFileSync(join(RACINE, "bench", "out", "consolidation.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, ...ligne, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
