/**
 * Consolidation benchmark: N assessment workbooks of the shipped referential with random answers
 * (N = 100, 1,000, 5,000, 10,000 by default; QUALITE_BENCH_CLASSEURS="100,1000" to choose),
 * consolidated by the built command (`qualite consolider --json`), against a fair baseline that
 * computes the same figures the same way with openpyxl (read_only) and pandas
 * (bench/pandas_consolider.py), run at the sizes of QUALITE_BENCH_PANDAS (default 1,000 and 5,000).
 * Before any ratio is printed, both outputs must hold the same matrix (every establishment's
 * thematic scores and global score, and the national statistics). Wall time, CPU time (user +
 * system) and peak memory come from GNU time (`/usr/bin/time`, Debian package `time`).
 * Targets: peak memory under 400 MiB at every size; at least 5× less CPU time than the baseline,
 * and at most 2.5 ms of CPU per workbook. CPU time is the measure to trust on a shared machine:
 * wall time depends on what else runs.
 * The workbooks are generated once, for the largest size, in QUALITE_BENCH_CACHE (default
 * bench/out/classeurs); each smaller size is a folder of links to the first N (same seed, same
 * files as generating N).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { genererClasseurs } from "./classeurs";
import { lecteursPour } from "../src/cli/consolider";

const RACINE = join(__dirname, "..", "..");
const TAILLES = (process.env.QUALITE_BENCH_CLASSEURS ?? "100,1000,5000,10000").split(",").map(Number);
const TAILLES_PANDAS = new Set((process.env.QUALITE_BENCH_PANDAS ?? "1000,5000").split(",").map(Number));
const OBJECTIFS = { memoireMo: 400, rapportCpu: 5, cpuParClasseurMs: 2.5 };
const CACHE = process.env.QUALITE_BENCH_CACHE ?? join(__dirname, "classeurs");
const REFERENTIEL = join(RACINE, "templates", "referentiels", "eps-maroc.json");

interface Mesure {
  wall: number;
  cpu: number;
  memoireMo: number;
  sortie: string;
  code: number;
}

/** Runs a command under GNU time: wall, user + system CPU seconds, maximum resident set. */
function mesurer(commande: string, args: string[]): Promise<Mesure> {
  return new Promise((resolve) => {
    const enfant = spawn("/usr/bin/time", ["-f", "QE-TEMPS %e %U %S %M", commande, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let sortie = "";
    let erreurs = "";
    enfant.stdout.on("data", (d) => (sortie += d));
    enfant.stderr.on("data", (d) => (erreurs += d));
    enfant.on("exit", (code) => {
      const m = /QE-TEMPS ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(erreurs);
      resolve({
        wall: Number(m?.[1] ?? NaN),
        cpu: Number(m?.[2] ?? NaN) + Number(m?.[3] ?? NaN),
        memoireMo: Math.round(Number(m?.[4] ?? NaN) / 1024),
        sortie: code === 0 ? sortie : `${sortie}\n${erreurs}`,
        code: code ?? 1,
      });
    });
  });
}

interface Resume {
  etablissements: { etablissement: string; global: number | null; thematiques: Record<string, number | null> }[];
  thematiques: { id: string; moyenne: number | null; ecartType: number | null; min: number | null; max: number | null; n: number }[];
}

/** The differences between the two outputs, in words; empty when they hold the same matrix. */
function differences(a: Resume, b: Resume): string[] {
  const d: string[] = [];
  const parNom = new Map(b.etablissements.map((e) => [e.etablissement, e]));
  if (a.etablissements.length !== b.etablissements.length) d.push(`${a.etablissements.length} établissements contre ${b.etablissements.length}`);
  for (const e of a.etablissements) {
    const f = parNom.get(e.etablissement);
    if (!f) d.push(`${e.etablissement} absent de la référence`);
    else {
      if (e.global !== f.global) d.push(`${e.etablissement} global ${e.global} ≠ ${f.global}`);
      for (const [t, v] of Object.entries(e.thematiques)) if (v !== f.thematiques[t]) d.push(`${e.etablissement} ${t} ${v} ≠ ${f.thematiques[t]}`);
    }
  }
  for (const t of a.thematiques) {
    const u = b.thematiques.find((x) => x.id === t.id);
    for (const k of ["moyenne", "ecartType", "min", "max", "n"] as const) if (t[k] !== u?.[k]) d.push(`national ${t.id} ${k} ${t[k]} ≠ ${u?.[k]}`);
  }
  return d;
}

function pythonAvecPandas(): string | null {
  // Debian's interpreter first: a user's own Python (pyenv…) may lack the Debian packages.
  return (
    ["/usr/bin/python3", "python3"].find((p) => {
      try {
        execFileSync(p, ["-c", "import pandas, openpyxl"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    }) ?? null
  );
}

async function principal() {
  if (!existsSync(join(RACINE, "dist", "cli", "qualite.cjs"))) throw new Error("Lancez d'abord npm run build:cli.");
  if (!existsSync("/usr/bin/time")) throw new Error("GNU time est absent (apt-get install time) : il mesure le temps CPU et la mémoire.");
  const python = pythonAvecPandas();
  if (!python) console.log("pandas + openpyxl absents (apt-get install python3-pandas python3-openpyxl) : comparaison non mesurée.");
  const lignes = [];
  const echecs: string[] = [];
  // Every size's workbooks: the largest generated once, the others linked to its first N.
  const max = Math.max(...TAILLES);
  const tous = join(CACHE, `tous-${max}`);
  if (!existsSync(tous) || readdirSync(tous).length < max) {
    const t0 = performance.now();
    mkdirSync(tous, { recursive: true });
    await genererClasseurs(tous, max, 2026);
    console.log(`${max} classeurs générés en ${((performance.now() - t0) / 1000).toFixed(1)} s dans ${tous}`);
  }
  const noms = readdirSync(tous).filter((f) => f.endsWith(".xlsx")).sort();
  for (const n of TAILLES) {
    const dossier = join(CACHE, `classeurs-${n}`);
    if (!existsSync(dossier) || readdirSync(dossier).length < n) {
      mkdirSync(dossier, { recursive: true });
      for (const f of noms.slice(0, n)) if (!existsSync(join(dossier, f))) symlinkSync(join(tous, f), join(dossier, f));
    }
    const qe = await mesurer(process.execPath, [join(RACINE, "dist", "cli", "qualite.cjs"), "consolider", dossier, "--out", join(__dirname, `national-${n}.xlsx`), "--json"]);
    if (qe.code !== 0) throw new Error(`qualite consolider a échoué sur ${n} classeurs :\n${qe.sortie}`);
    let reference: Mesure | null = null;
    if (python && TAILLES_PANDAS.has(n)) {
      reference = await mesurer(python, [join(RACINE, "bench", "pandas_consolider.py"), dossier, REFERENTIEL]);
      if (reference.code !== 0) throw new Error(`Le script pandas a échoué :\n${reference.sortie}`);
      const lire = (texte: string, qui: string): Resume => {
        try {
          return JSON.parse(texte) as Resume;
        } catch {
          throw new Error(`La sortie de ${qui} n'est pas du JSON lisible : ${texte.slice(0, 300)}…`);
        }
      };
      const d = differences(lire(qe.sortie, "qualite consolider"), lire(reference.sortie, "pandas_consolider.py"));
      if (d.length) throw new Error(`qualite et pandas ne donnent pas la même matrice sur ${n} classeurs (${d.length} écarts) :\n${d.slice(0, 10).join("\n")}`);
    }
    const ligne = {
      classeurs: n,
      "fils lecteurs": lecteursPour(n),
      "qualite mur (s)": qe.wall,
      "qualite CPU (s)": Number(qe.cpu.toFixed(2)),
      "qualite CPU/classeur (ms)": Number(((qe.cpu * 1000) / n).toFixed(2)),
      "qualite mémoire (Mo)": qe.memoireMo,
      "pandas mur (s)": reference?.wall ?? null,
      "pandas CPU (s)": reference ? Number(reference.cpu.toFixed(2)) : null,
      "pandas mémoire (Mo)": reference?.memoireMo ?? null,
      "matrices égales": reference ? "oui" : "—",
      "rapport CPU": reference ? Number((reference.cpu / qe.cpu).toFixed(1)) : null,
    };
    lignes.push(ligne);
    console.log(JSON.stringify(ligne));
    if (qe.memoireMo > OBJECTIFS.memoireMo) echecs.push(`${n} classeurs : pic mémoire ${qe.memoireMo} Mo > ${OBJECTIFS.memoireMo} Mo`);
    if (ligne["qualite CPU/classeur (ms)"] > OBJECTIFS.cpuParClasseurMs && n >= 1000) echecs.push(`${n} classeurs : ${ligne["qualite CPU/classeur (ms)"]} ms de CPU par classeur > ${OBJECTIFS.cpuParClasseurMs} ms`);
    if (ligne["rapport CPU"] !== null && ligne["rapport CPU"] < OBJECTIFS.rapportCpu) echecs.push(`${n} classeurs : seulement ${ligne["rapport CPU"]}× moins de CPU que pandas (objectif ${OBJECTIFS.rapportCpu}×)`);
  }
  console.table(lignes);
  // The curve, one line per size: memory must stay flat as N grows.
  const pic = Math.max(...lignes.map((l) => l["qualite mémoire (Mo)"]));
  for (const l of lignes) {
    console.log(`${String(l.classeurs).padStart(6)} classeurs  ${"█".repeat(Math.round((l["qualite mémoire (Mo)"] / Math.max(pic, OBJECTIFS.memoireMo)) * 40)).padEnd(40)} ${l["qualite mémoire (Mo)"]} Mo, ${l["qualite CPU/classeur (ms)"]} ms CPU/classeur`);
  }
  mkdirSync(join(RACINE, "bench", "out"), { recursive: true });
  writeFileSync(join(RACINE, "bench", "out", "consolidation.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, lignes, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
