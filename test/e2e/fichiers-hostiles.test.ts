/**
 * The built `qualite` command against the hostile corpus (test/hostiles/corpus.ts, generated
 * here, never stored): each case runs in a child process under a 10 s limit and a 1 GiB memory
 * limit (peak resident memory, native allocations included, polled from /proc and reported by
 * the child at exit). Every refusal is exit 1 with a French message naming the file; never a
 * stack trace, an engine's English, a full path or an unexpected error; every file that was
 * there before is byte-identical afterwards unless the case's success is meant to change it.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { genererClasseurs } from "../../bench/classeurs";
import { genererCorpus, type Bases, type Cas, type Resultat } from "../hostiles/corpus";

const RACINE = join(__dirname, "..", "..");
const LANCEUR = join(RACINE, "test", "hostiles", "lanceur.cjs");
const DELAI_MS = 10_000;
const MEMOIRE_KIO = 1024 * 1024;

interface Mesure extends Resultat {
  duree: number;
  rssKio: number;
  arret: "delai" | "memoire" | null;
}

/** Peak resident memory of a live process, from /proc (Linux); 0 elsewhere. */
function picRss(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function lancer(args: string[], dossier: string): Promise<Mesure> {
  const mesure = join(dossier, "..", `${dossier.split("/").pop()}.rss`);
  const debut = Date.now();
  return new Promise((fini) => {
    const enfant = spawn(process.execPath, [LANCEUR, ...args], { cwd: dossier, env: { ...process.env, QE_MESURE_RSS: mesure, NODE_OPTIONS: "" } });
    let out = "";
    let err = "";
    let pic = 0;
    let arret: Mesure["arret"] = null;
    enfant.stdout.on("data", (d: Buffer) => (out += d.toString()));
    enfant.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const sonde = setInterval(() => {
      pic = Math.max(pic, picRss(enfant.pid!));
      if (pic > MEMOIRE_KIO * 1.2 && !arret) {
        arret = "memoire";
        enfant.kill("SIGKILL");
      }
    }, 25);
    const minuterie = setTimeout(() => {
      arret = "delai";
      enfant.kill("SIGKILL");
    }, DELAI_MS);
    enfant.on("close", (code) => {
      clearInterval(sonde);
      clearTimeout(minuterie);
      const rapporte = existsSync(mesure) ? Number(readFileSync(mesure, "utf8")) : 0;
      fini({ code, out, err, dossier, duree: Date.now() - debut, rssKio: Math.max(pic, rapporte), arret });
    });
  });
}

function ecrireFichiers(dossier: string, c: Cas): Map<string, Buffer> {
  const avant = new Map<string, Buffer>();
  for (const [nom, v] of Object.entries(c.fichiers)) {
    const chemin = join(dossier, nom);
    mkdirSync(dirname(chemin), { recursive: true });
    if (typeof v === "object" && "dossier" in v) {
      mkdirSync(chemin);
      continue;
    }
    const o = typeof v === "string" ? Buffer.from(v) : Buffer.from("lectureSeule" in v ? v.lectureSeule : v);
    writeFileSync(chemin, o);
    if (typeof v === "object" && "lectureSeule" in v) chmodSync(chemin, 0o444);
    avant.set(nom, o);
  }
  return avant;
}

let bases: Bases;
let corpus: Cas[] = [];
const racine = mkdtempSync(join(tmpdir(), "qualite-hostiles-"));

beforeAll(async () => {
  if (!existsSync(join(RACINE, "dist", "cli", "qualite.cjs"))) throw new Error("dist/cli absent : lancez « npm run build:cli » (npm test le fait).");
  const b = join(racine, "_bases");
  mkdirSync(b);
  const [a, autre] = await genererClasseurs(b, 2, 20261125);
  const JSZip = (await import("jszip")).default;
  const zip = await JSZip.loadAsync(readFileSync(a!));
  zip.file("xl/sharedStrings.xml", (await zip.file("xl/sharedStrings.xml")!.async("string")).replace("<t>EPS 0001</t>", "<t>EPS &lt;Tanger&gt;</t>"));
  const grilleA = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  writeFileSync(join(b, "a.xlsx"), grilleA);
  const score = await lancer(["score", "a.xlsx", "--json"], b);
  expect(score.code).toBe(0);
  const reponses = JSON.stringify(JSON.parse(readFileSync(join(RACINE, "templates", "documents", "exemples", "pe-eps-reponses.json"), "utf8")));
  writeFileSync(join(b, "reponses.json"), reponses);
  expect((await lancer(["pe", "-r", "reponses.json", "-o", "pe.docx"], b)).code).toBe(0);
  writeFileSync(join(b, "guide.json"), JSON.stringify({ modele: "guide-prf", variables: { programme: "PRF Tanger" }, sections: {} }));
  expect((await lancer(["pe", "-t", "guide-prf", "-r", "guide.json", "-o", "guide.docx"], b)).code).toBe(0);
  bases = { grilleA, grilleB: new Uint8Array(readFileSync(autre!)), scoreA: JSON.parse(score.out), docxPe: new Uint8Array(readFileSync(join(b, "pe.docx"))), docxGuide: new Uint8Array(readFileSync(join(b, "guide.docx"))), reponses };
  corpus = await genererCorpus(bases);
}, 120_000);

afterAll(() => rmSync(racine, { recursive: true, force: true }));

it("le corpus compte au moins 60 cas, sur score, paq, inject, pe et consolider, en .xlsx, .docx et JSON", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(60);
  const commandes = new Set(corpus.map((c) => c.args[0]));
  expect([...commandes].sort()).toEqual(["consolider", "inject", "paq", "pe", "score"]);
  for (const ext of ["xlsx", "docx", "json"]) expect(corpus.some((c) => Object.keys(c.fichiers).some((f) => f.endsWith(`.${ext}`)))).toBe(true);
});

/**
 * Jest names the tests before beforeAll generates the corpus: the number of cases is fixed here
 * and checked above, and each test takes its case by index.
 */
const NOMBRE_CAS = 97;
it(`le corpus compte exactement ${NOMBRE_CAS} cas (à mettre à jour avec le corpus)`, () => expect(corpus.length).toBe(NOMBRE_CAS));

describe.each(Array.from({ length: NOMBRE_CAS }, (_, i) => i))("cas hostile %i", (i) => {
  it("message français nommant le fichier, pas de pile, < 10 s, < 1 Gio, fichiers intacts", async () => {
    const c = corpus[i]!;
    const dossier = join(racine, String(i).padStart(3, "0"));
    mkdirSync(dossier);
    const avant = ecrireFichiers(dossier, c);
    const r = await lancer(c.args, dossier);
    const tout = `${r.out}\n${r.err}`;
    const contexte = `[${c.nom}${c.lecteur ? " — dépend du lecteur OOXML" : ""}] code ${r.code}, ${r.duree} ms, ${Math.round(r.rssKio / 1024)} Mio\n${r.err.slice(0, 2000)}`;
    expect({ cas: c.nom, arret: r.arret }).toEqual({ cas: c.nom, arret: null });
    expect({ cas: c.nom, rssKio: r.rssKio < MEMOIRE_KIO }).toEqual({ cas: c.nom, rssKio: true });
    // Never a stack trace, an engine's English, a full path or an unforeseen error.
    expect({ contexte, pile: /^\s+at .+:\d+/m.test(tout) || /\b(TypeError|RangeError|ReferenceError|SyntaxError|Error):|node:internal/.test(tout) }).toEqual({ contexte, pile: false });
    expect({ contexte, anglais: /\b(the|cannot|undefined|is not|failed|unexpected|invalid|error)\b/i.test(r.err) }).toEqual({ contexte, anglais: false });
    expect({ contexte, chemin: tout.includes(racine) }).toEqual({ contexte, chemin: false });
    expect({ contexte, inattendue: r.err.includes("Erreur inattendue") }).toEqual({ contexte, inattendue: false });
    const codes = c.attendu === "refus" ? [1] : c.attendu === "succes" ? [0] : [0, 1];
    expect({ contexte, code: codes.includes(r.code ?? -1) }).toEqual({ contexte, code: true });
    if (r.code === 1) {
      const nomme = c.nomme ?? Object.keys(c.fichiers)[0]!.split("/").pop()!;
      expect(r.err).toMatch(/^Erreur : /);
      expect({ contexte, nomme: r.err.includes(nomme) }).toEqual({ contexte, nomme: true });
      if (c.message && c.attendu === "refus") expect({ contexte, message: c.message.test(r.err) }).toEqual({ contexte, message: true });
    }
    if (c.verifier) await c.verifier(r);
    // Nothing that was there is damaged; no temporary file is left behind.
    for (const [nom, o] of avant) {
      if (c.modifiables?.includes(nom) && r.code === 0) continue;
      expect({ cas: c.nom, fichier: nom, intact: readFileSync(join(dossier, nom)).equals(o) }).toEqual({ cas: c.nom, fichier: nom, intact: true });
    }
    for (const [nom, v] of Object.entries(c.fichiers)) if (typeof v === "object" && "lectureSeule" in v) expect(statSync(join(dossier, nom)).mode & 0o777).toBe(0o444);
    expect(readdirSync(dossier).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 30_000);
});
