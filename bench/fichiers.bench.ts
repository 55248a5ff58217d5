/**
 * File benchmark (issue 9): the reader and the package-preserving writer at scale and under attack.
 * - scoring a grid of 1,000,000 rows with `qualite score` (the built command): time and peak memory
 *   (targets: under 10 s and 500 MB);
 * - a 4 GiB zip bomb packed in a few MB: refused, and how fast (target: well under a second);
 * - inserting the grid into a workbook whose validations cover the whole sheet and whole columns
 *   (target: under 2 s; it ran for over 9 minutes with a whole-workbook ExcelJS load);
 * - a 10 MB referential read, planned and inserted by `qualite inject` (target: under 15 s).
 * Each command's wall time, CPU time (user + sys, by GNU time: the machine may be shared) and
 * peak memory are reported.
 * Run with `npm run bench` (needs `npm run build:cli`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDeflateRaw, crc32 } from "node:zlib";
import { referentielLivre } from "../src/core/catalogue";
import { FEUILLE_GRILLE } from "../src/core/grille";
import { ecrireClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur } from "../src/hosts/xlsx/classeur";
import { ClasseurLu } from "../src/hosts/xlsx/lecture";
import { ecrireZip, Paquet, type EntreeAEcrire } from "../src/hosts/ooxml/zip";
import { paquetFabrique } from "../test/helpers/paquets";
import { lireReferentielJson } from "../src/core/referential";
import { planifierInjection } from "../src/core/grille";
import eps from "../templates/referentiels/eps-maroc.json";

const RACINE = join(__dirname, "..", "..");
const SORTIE = __dirname; // bench/out, where the bundle runs
const LIGNES = Number(process.env.QUALITE_BENCH_LIGNES ?? 1_000_000);
const OBJECTIFS = { millionSecondes: 10, millionMo: 500, bombeSecondes: 1, validationSecondes: 2, referentielSecondes: 15 };
/** Size of the big referential (issue 9: "a valid 10 MB referential"). */
const REFERENTIEL_OCTETS = Number(process.env.QUALITE_BENCH_REFERENTIEL_MO ?? 10) * 1024 * 1024;

/** GNU time, when installed: CPU time (user + sys) and peak memory of the child, exactly. */
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/**
 * Runs a command: wall time, CPU time (user + sys: the machine may be shared, CPU time is what the
 * command itself cost) and peak memory.
 */
function mesurer(commande: string, args: string[]): Promise<{ secondes: number; cpuSecondes: number | null; memoireMo: number; sortie: string; code: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const enfant = TIME ? spawn(TIME, ["-f", "QEPS_TEMPS %U %S %M", commande, ...args], { stdio: ["ignore", "pipe", "pipe"] }) : spawn(commande, args, { stdio: ["ignore", "pipe", "pipe"] });
    let sortie = "";
    let max = 0;
    enfant.stdout.on("data", (d) => (sortie += d));
    enfant.stderr.on("data", (d) => (sortie += d));
    const minuterie = setInterval(() => {
      try {
        max = Math.max(max, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${enfant.pid}/status`, "utf8"))?.[1] ?? 0));
      } catch {
        /* ended */
      }
    }, 25);
    enfant.on("exit", (code) => {
      clearInterval(minuterie);
      let cpuSecondes: number | null = null;
      const t = /QEPS_TEMPS ([\d.]+) ([\d.]+) (\d+)\n?$/.exec(sortie);
      if (t) {
        cpuSecondes = +(Number(t[1]) + Number(t[2])).toFixed(2);
        max = Number(t[3]);
        sortie = sortie.slice(0, t.index);
      }
      resolve({ secondes: (performance.now() - t0) / 1000, cpuSecondes, memoireMo: Math.round(max / 1024), sortie, code: code ?? 1 });
    });
  });
}

/** Deflates pieces of text as they come, without holding the whole part. */
async function deflaterMorceaux(morceaux: Iterable<string>, niveau = 6): Promise<{ deflate: Uint8Array; crc: number; taille: number }> {
  const z = createDeflateRaw({ level: niveau });
  const sortie: Buffer[] = [];
  z.on("data", (b: Buffer) => sortie.push(b));
  const fini = new Promise((r) => z.on("end", r));
  let crc = 0;
  let taille = 0;
  for (const m of morceaux) {
    const b = Buffer.from(m, "utf8");
    crc = crc32(b, crc);
    taille += b.length;
    if (!z.write(b)) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await fini;
  return { deflate: Buffer.concat(sortie), crc, taille };
}

/** Our real grid, whose rows are repeated down to `n` rows (a grid pasted again and again). */
async function grilleGeante(n: number): Promise<Uint8Array> {
  const c = nouveauClasseur("geante.xlsx");
  await injecterDansClasseur(c, { referentiel: referentielLivre("eps-maroc"), source: "geante.xlsx", etablissement: "EPS Géant", periode: "2026" });
  const octets = await ecrireClasseur(c);
  const lu = await ClasseurLu.ouvrir(octets, "geante.xlsx");
  const chemin = lu.feuille(FEUILLE_GRILLE)!.chemin;
  const xml = await lu.paquet.texte(chemin);
  const debut = xml.indexOf("<sheetData>") + "<sheetData>".length;
  const fin = xml.indexOf("</sheetData>");
  const lignes = xml.slice(debut, fin).split("</row>").filter(Boolean).map((l) => `${l}</row>`);
  const [entete, ...modeles] = lignes;
  // Bench-side text edits of our own output: a note in J, new row numbers.
  const gabarits = modeles.map((l, i) => l.replace(/<c r="J\d+"( s="\d+")?\/>/, `<c r="J@"$1><v>${1 + (i % 4)}</v></c>`).replace(/ r="([A-Z]+)\d+"/g, ' r="$1@"').replace(/<row r="@?\d+"/, '<row r="@"'));
  function* morceaux() {
    yield xml.slice(0, debut) + entete;
    let bloc: string[] = [];
    for (let r = 2; r <= n; r++) {
      bloc.push(gabarits[(r - 2) % gabarits.length]!.replaceAll("@", String(r)));
      if (bloc.length === 5000) {
        yield bloc.join("");
        bloc = [];
      }
    }
    yield bloc.join("") + xml.slice(fin);
  }
  const feuille = await deflaterMorceaux(morceaux());
  const entrees: EntreeAEcrire[] = [...lu.paquet.entrees.keys()].map((nom) => (nom === chemin ? { nom, ...feuille } : { nom, depuis: lu.paquet }));
  return ecrireZip(entrees);
}

/** A 4 GiB part of spaces deflated to a few MB, as the metadata sheet (always read). */
async function bombe(): Promise<Uint8Array> {
  const base = await paquetFabrique([{ nom: "QualiteEPS_meta", lignes: [["qualite-eps", 1]] }]);
  const p = new Paquet(base, "bombe");
  const Mo = " ".repeat(1024 * 1024);
  function* morceaux() {
    for (let i = 0; i < 4096; i++) yield Mo;
  }
  const feuille = await deflaterMorceaux(morceaux(), 9);
  // It announces 40 MB: only the checks made while inflating can catch it.
  return ecrireZip([...p.entrees.keys()].map((nom) => (nom === "xl/worksheets/sheet1.xml" ? { nom, ...feuille, taille: 40 * 1024 * 1024 } : { nom, depuis: p })));
}

async function principal() {
  if (!existsSync(join(RACINE, "dist", "cli", "qualite.cjs"))) throw new Error("Lancez d'abord npm run build:cli.");
  mkdirSync(SORTIE, { recursive: true });
  const echecs: string[] = [];
  const resultats: Record<string, unknown> = {};

  // 1. A million rows.
  const geante = join(SORTIE, `grille-${LIGNES}.xlsx`);
  if (!existsSync(geante)) {
    const t0 = performance.now();
    writeFileSync(geante, await grilleGeante(LIGNES));
    console.log(`Grille de ${LIGNES} lignes générée en ${((performance.now() - t0) / 1000).toFixed(1)} s (${(readFileSync(geante).length / 1024 / 1024).toFixed(1)} Mo)`);
  }
  const m = await mesurer(process.execPath, [join(RACINE, "bin", "qualite.cjs"), "score", geante, "--json"]);
  if (m.code !== 0) echecs.push(`score de ${LIGNES} lignes : code ${m.code} ${m.sortie.slice(0, 300)}`);
  else {
    const j = JSON.parse(m.sortie);
    resultats.million = { lignes: LIGNES, octets: readFileSync(geante).length, secondes: +m.secondes.toFixed(2), cpuSecondes: m.cpuSecondes, memoireMo: m.memoireMo, evalues: j.evalues, anomalies: j.anomaliesTotal };
  }
  if (m.secondes > OBJECTIFS.millionSecondes) echecs.push(`score de ${LIGNES} lignes en ${m.secondes.toFixed(1)} s > ${OBJECTIFS.millionSecondes} s`);
  if (m.memoireMo > OBJECTIFS.millionMo) echecs.push(`score de ${LIGNES} lignes : ${m.memoireMo} Mo > ${OBJECTIFS.millionMo} Mo`);

  // 2. The bomb.
  const fBombe = join(SORTIE, "bombe.xlsx");
  if (!existsSync(fBombe)) writeFileSync(fBombe, await bombe());
  const b = await mesurer(process.execPath, [join(RACINE, "bin", "qualite.cjs"), "score", fBombe]);
  resultats.bombe = { octets: readFileSync(fBombe).length, annonce: "4 Gio", secondes: +b.secondes.toFixed(2), cpuSecondes: b.cpuSecondes, memoireMo: b.memoireMo, code: b.code, message: b.sortie.trim().split("\n")[0] };
  if (b.code !== 1 || !/bombe\.xlsx/.test(b.sortie)) echecs.push(`bombe : code ${b.code}, ${b.sortie.slice(0, 200)}`);
  if (b.secondes > OBJECTIFS.bombeSecondes) echecs.push(`bombe refusée en ${b.secondes.toFixed(2)} s > ${OBJECTIFS.bombeSecondes} s`);

  // 3. Whole-sheet and whole-column validations.
  const apresDonnees = { Budget: '<dataValidations count="2"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation><dataValidation type="whole" sqref="C:E"><formula1>0</formula1></dataValidation></dataValidations>' };
  const fValidation = join(SORTIE, "validation-feuille-entiere.xlsx");
  writeFileSync(fValidation, await paquetFabrique([{ nom: "Budget", lignes: [["Poste", 12]] }], { apresDonnees }));
  const v = await mesurer(process.execPath, [join(RACINE, "bin", "qualite.cjs"), "inject", "-r", "eps-maroc", "-o", fValidation]);
  resultats.validationFeuilleEntiere = { secondes: +v.secondes.toFixed(2), cpuSecondes: v.cpuSecondes, memoireMo: v.memoireMo, code: v.code };
  if (v.code !== 0) echecs.push(`validation sur toute la feuille : code ${v.code} ${v.sortie.slice(0, 200)}`);
  if (v.secondes > OBJECTIFS.validationSecondes) echecs.push(`insertion à côté d'une validation sur toute la feuille en ${v.secondes.toFixed(1)} s > ${OBJECTIFS.validationSecondes} s`);
  // The same check in this process, reader and writer alone (no Node start-up).
  const t0 = performance.now();
  const c = await ouvrirClasseur(readFileSync(fValidation), "v.xlsx");
  await injecterDansClasseur(c, { referentiel: referentielLivre("eps-maroc"), source: "v.xlsx" });
  resultats.validationEnProcessusMs = Math.round(performance.now() - t0);

  // 4. A 10 MB referential (the shipped one, its criteria repeated): read and validated, planned,
  // then injected by the command.
  type Brut = { id: string; chapitres: { thematiques: { objectifs: { criteres: { id: string; elements?: { id: string }[] }[] }[] }[] }[] };
  const grossi = (copies: number): Brut => {
    const d = structuredClone(eps) as Brut;
    d.id = "eps-maroc-10mo";
    for (const ch of d.chapitres)
      for (const th of ch.thematiques)
        for (const ob of th.objectifs) {
          const base = ob.criteres;
          ob.criteres = [];
          for (let k = 0; k < copies; k++) for (const cr of base) ob.criteres.push({ ...structuredClone(cr), id: k ? `${cr.id}-${k}` : cr.id, elements: cr.elements?.map((e) => ({ ...e, id: k ? `${e.id}-${k}` : e.id })) });
        }
    return d;
  };
  const copies = Math.max(1, Math.round(REFERENTIEL_OCTETS / JSON.stringify(grossi(1)).length));
  const json = JSON.stringify(grossi(copies));
  const fRef = join(SORTIE, "referentiel-10mo.json");
  writeFileSync(fRef, json);
  const t1 = performance.now();
  const ref = lireReferentielJson(json, "referentiel-10mo.json");
  const t2 = performance.now();
  planifierInjection({ referentiel: ref, etat: { feuilles: [], meta: null, grille: null }, maintenant: "2026-01-01", source: "x" });
  const t3 = performance.now();
  const fRefXlsx = join(SORTIE, "referentiel-10mo.xlsx");
  rmSync(fRefXlsx, { force: true });
  const ri = await mesurer(process.execPath, [join(RACINE, "bin", "qualite.cjs"), "inject", "-r", fRef, "-o", fRefXlsx]);
  const criteres = ref.chapitres.reduce((n, ch) => n + ch.thematiques.reduce((m, th) => m + th.objectifs.reduce((k, o) => k + o.criteres.length, 0), 0), 0);
  resultats.referentiel10Mo = { octets: json.length, criteres, lectureMs: Math.round(t2 - t1), planMs: Math.round(t3 - t2), injectSecondes: +ri.secondes.toFixed(1), injectCpuSecondes: ri.cpuSecondes, injectMo: ri.memoireMo, code: ri.code };
  if (ri.code !== 0) echecs.push(`inject du référentiel de 10 Mo : code ${ri.code} ${ri.sortie.slice(0, 200)}`);
  if (ri.secondes > OBJECTIFS.referentielSecondes) echecs.push(`inject du référentiel de 10 Mo (${criteres} critères) en ${ri.secondes.toFixed(1)} s > ${OBJECTIFS.referentielSecondes} s`);

  console.table(Object.entries(resultats).map(([cas, r]) => ({ cas, ...(typeof r === "object" ? r : { ms: r }) })));
  writeFileSync(join(SORTIE, "fichiers.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, resultats, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
