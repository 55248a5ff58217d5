/**
 * `qualite`: the command line for quality referents and automation. Same core as the panes,
 * file adapters underneath. Every user error is a French message and a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import { ErreurUtilisateur } from "../core/erreur-utilisateur";
import type { Referentiel } from "../core/referential";
import { TAILLE_MAX_OCTETS } from "../hosts/ooxml/zip";
import { enregistrerReferentiels } from "./commandes/referentiels";
import { enregistrerInject } from "./commandes/inject";
import { enregistrerGuide } from "./commandes/guide";
import { enregistrerScore } from "./commandes/score";
import { enregistrerPaq } from "./commandes/paq";
import { enregistrerPe } from "./commandes/pe";
import { enregistrerConsolider } from "./commandes/consolider";
import { enregistrerSuivi } from "./commandes/suivi";
import { enregistrerClasser } from "./commandes/classer";
import { enregistrerCompetences } from "./commandes/competences";
import { enregistrerEnquete } from "./commandes/enquete";
import { version } from "../../package.json";

export interface Sorties {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * What the command is doing, so that an unexpected error names the operation and the file.
 * `ecrits` lists what was already written (atomically) when it happened.
 */
export interface Contexte {
  operation: string;
  fichier?: string;
  ecrits: string[];
}

/** Moves the context to a new step; files are named by their base name, never a full path. */
export function etape(ctx: Contexte, operation: string, fichier?: string): void {
  ctx.operation = operation;
  ctx.fichier = fichier === undefined ? undefined : basename(fichier);
}

/** An id of a shipped referential, or a path to a JSON file (validation loaded only when asked). */
export async function resoudreReferentiel(valeur: string): Promise<Referentiel> {
  if (/\.json$/i.test(valeur) || valeur.includes("/") || valeur.includes("\\")) {
    const chemin = resolve(valeur);
    if (!existsSync(chemin)) throw new ErreurUtilisateur(`Fichier de référentiel introuvable : ${valeur}`);
    const { lireReferentielJson } = await import("../core/referential");
    return lireReferentielJson(new TextDecoder().decode(lireFichier(chemin)), `fichier ${basename(chemin)}`);
  }
  const { referentielLivre } = await import("../core/catalogue");
  return referentielLivre(valeur);
}

/** Reads a regular file of at most `limite` bytes (a FIFO or /dev/zero would never end). */
export function lireFichier(chemin: string, limite = TAILLE_MAX_OCTETS): Uint8Array {
  try {
    const st = statSync(chemin);
    if (st.isDirectory()) throw new ErreurUtilisateur(`${chemin} est un dossier, pas un fichier.`);
    if (!st.isFile()) throw new ErreurUtilisateur(`${chemin} n'est pas un fichier ordinaire (périphérique, tube…) : il n'est pas lu.`);
    if (st.size > limite) throw new ErreurUtilisateur(`${basename(chemin)} pèse ${(st.size / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${limite / 1024 / 1024} Mo.`);
    return new Uint8Array(readFileSync(chemin));
  } catch (e) {
    if (e instanceof ErreurUtilisateur) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ErreurUtilisateur(`Fichier introuvable : ${chemin}`);
    if (code === "EACCES" || code === "EPERM") throw new ErreurUtilisateur(`Impossible de lire ${chemin} : accès refusé.`);
    throw new ErreurUtilisateur(`Impossible de lire ${chemin} (${code ?? "erreur du système"}).`);
  }
}

const RAISONS_ECRITURE: Record<string, string> = {
  ENOSPC: "le disque est plein",
  EDQUOT: "le quota du disque est atteint",
  EACCES: "accès refusé au dossier",
  EPERM: "opération refusée par le système",
  EROFS: "le disque est en lecture seule",
  ENOENT: "le dossier n'existe pas",
  EBUSY: "le fichier est ouvert dans un autre programme",
};

/**
 * Writes through a temporary file in the same folder, flushed then renamed over the target: a
 * failure never leaves half a file, and the old file stays whole until the last instant. An
 * existing read-only file is refused unless the user asked (`remplacer`); the new file keeps the
 * old one's permissions, read-only bit included.
 */
export function ecrireAtomique(chemin: string, octets: Uint8Array, o: { remplacer?: boolean; ctx?: Contexte } = {}): void {
  const avant = statSync(chemin, { throwIfNoEntry: false });
  if (avant?.isDirectory()) throw new ErreurUtilisateur(`${chemin} est un dossier : rien n'a été écrit.`);
  if (avant && (avant.mode & 0o222) === 0 && !o.remplacer) {
    throw new ErreurUtilisateur(`${chemin} est en lecture seule : rien n'a été écrit. Retirez la lecture seule, ou relancez avec --remplacer (le fichier restera en lecture seule).`);
  }
  const tmp = join(dirname(chemin), `.${basename(chemin)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx", avant ? avant.mode & 0o777 : 0o666);
    for (let fait = 0; fait < octets.byteLength; ) fait += writeSync(fd, octets, fait);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, chemin);
    o.ctx?.ecrits.push(basename(chemin));
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new ErreurUtilisateur(`Impossible d'écrire ${chemin} : ${RAISONS_ECRITURE[code] ?? `erreur du système ${code}`.trim()}. Le fichier existant n'a pas été modifié.`);
  }
}

/**
 * Output files are protected like inputs: an existing file is replaced only when it is ours and
 * of the expected kind (recognised by its identity), or when the user says so with --remplacer.
 */
export async function proteger(chemin: string, attendu: { sorte: string; estNotre: (octets: Uint8Array) => Promise<boolean> }, remplacer?: boolean): Promise<void> {
  if (remplacer || !existsSync(chemin)) return;
  let notre = false;
  try {
    notre = await attendu.estNotre(lireFichier(chemin));
  } catch {
    notre = false;
  }
  if (!notre) {
    throw new ErreurUtilisateur(
      `${chemin} existe et n'est pas ${attendu.sorte} écrit par Qualité EPS : il ne sera pas remplacé. Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`,
    );
  }
}

/** Commander speaks English; referents read French. */
const TRADUCTIONS: [RegExp, string][] = [
  [/required option '(.+)' not specified/, "option obligatoire manquante : $1"],
  [/unknown option '(.+)'/, "option inconnue : $1"],
  [/unknown command '(.+)'/, "commande inconnue : $1"],
  [/missing required argument '(.+)'/, "argument obligatoire manquant : $1"],
  [/option '(.+)' argument missing/, "il manque la valeur de l'option $1"],
  [/too many arguments.*/, "trop d'arguments"],
  [/option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./, "valeur « $2 » invalide pour $1 : choix possibles $3"],
  [/^error: /, "Erreur : "],
  [/\(Did you mean (.+)\?\)/, "(vouliez-vous dire $1 ?)"],
];
const TITRES: Record<string, string> = { "Usage:": "Utilisation :", "Options:": "Options :", "Commands:": "Commandes :", "Arguments:": "Arguments :" };

export function traduireErreur(message: string): string {
  return TRADUCTIONS.reduce((m, [motif, fr]) => m.replace(motif, fr), message);
}

export function creerProgramme(s: Sorties, ctx: Contexte = { operation: "la commande", ecrits: [] }): Command {
  const programme = new Command()
    .name("qualite")
    .description("Qualité EPS : démarche qualité et projet d'établissement des EPS, en ligne de commande.")
    .version(version, "-V, --version", "affiche la version")
    .helpOption("-h, --help", "affiche l'aide")
    .helpCommand("help [commande]", "affiche l'aide d'une commande")
    .configureOutput({ writeOut: s.out, writeErr: s.err, outputError: (m, ecrire) => ecrire(traduireErreur(m)) })
    .configureHelp({ styleTitle: (t) => TITRES[t] ?? t })
    .option("--debug", "en cas d'erreur inattendue, affiche aussi le détail technique")
    .exitOverride()
    .showHelpAfterError("(qualite --help pour l'aide)");
  programme.hook("preAction", (_, commande) => etape(ctx, `la commande « qualite ${commande.name()} »`));

  // One line per command; each lives in commandes/<nom>.ts and loads its heavy modules only when it runs.
  enregistrerReferentiels(programme, s, ctx);
  enregistrerInject(programme, s, ctx);
  enregistrerGuide(programme, s, ctx);
  enregistrerScore(programme, s, ctx);
  enregistrerPaq(programme, s, ctx);
  enregistrerPe(programme, s, ctx);
  enregistrerConsolider(programme, s, ctx);
  enregistrerSuivi(programme, s, ctx);
  enregistrerClasser(programme, s, ctx);
  enregistrerCompetences(programme, s, ctx);
  enregistrerEnquete(programme, s, ctx);

  return programme;
}

/** The French name of what went wrong, without the engine's English or any path. */
function causeInattendue(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || code === "ENOMEM" || /allocation failed|Invalid (typed )?(string|array|typed array) length|out of memory/i.test(m)) {
    return "la mémoire ne suffit pas (fichier trop volumineux, ou qui se décompresse en une taille démesurée)";
  }
  if (e instanceof RangeError && /call stack/i.test(m)) return "structure trop profondément imbriquée";
  return "défaut interne de Qualité EPS";
}

/**
 * The one message for an error nobody foresaw: French, naming the operation and the file,
 * saying what was already written; the technical detail (stack, paths) only with --debug.
 */
export function messageInattendu(e: unknown, ctx: Contexte, debug: boolean): string {
  const quoi = `${ctx.operation}${ctx.fichier ? ` (${ctx.fichier})` : ""}`;
  const ecrits = ctx.ecrits.length ? `Fichiers déjà écrits, complets : ${ctx.ecrits.join(", ")}. Aucun autre fichier n'a été modifié.` : "Aucun fichier n'a été modifié.";
  const detail = debug
    ? `\nDétail technique :\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
    : "\nPour le détail technique, relancez la commande avec --debug.";
  return `Erreur inattendue pendant ${quoi} : ${causeInattendue(e)}. ${ecrits}${detail}\n`;
}

/**
 * Runs the CLI; returns the exit code instead of exiting, for tests: 0 done, 1 input refused
 * (a French message saying why), 2 unexpected error.
 */
export async function executer(argv: string[], s: Sorties, ctx: Contexte = { operation: "la commande", ecrits: [] }): Promise<number> {
  // --debug is read here, wherever it stands, so that even an error while parsing honours it.
  const debug = argv.includes("--debug");
  const programme = creerProgramme(s, ctx);
  try {
    await programme.parseAsync(argv.filter((a) => a !== "--debug"), { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof ErreurUtilisateur) {
      s.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    s.err(messageInattendu(e, ctx, debug));
    return 2;
  }
}
