/**
 * `qualite suivi`: the follow-up of an establishment project. `init` builds (or regenerates,
 * keeping every typed value) the follow-up workbook from the PE and the assessment workbook;
 * `rapport` writes the semester report. Heavy modules are loaded inside the actions.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { Option, type Command } from "commander";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { etape, ecrireAtomique, lireFichier, proteger, type Contexte, type Sorties } from "../main";

const semestre = (v: string) => {
  const t = v.trim().toUpperCase();
  if (!/^\d{4}-S[12]$/.test(t)) throw new ErreurUtilisateur(`Semestre « ${v} » invalide : attendu la forme 2026-S1 ou 2026-S2.`);
  return t;
};

interface OptionsInit {
  pe: string;
  evaluation?: string;
  out: string;
  periode?: string;
  indicateurs?: string;
  remplacer?: boolean;
}

async function init(opts: OptionsInit, s: Sorties, ctx: Contexte): Promise<void> {
  if (!/\.xls[xm]$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
  const [{ modeleLivre }, { verifierReponses }, { lireReponsesDocx }, { analyserJson }, classeur, { suiviDuClasseur, ecrireSuivi }, construction, modele, { semestreCourant }, { planifierPaq }] = await Promise.all([
    import("../../core/pe/catalogue"),
    import("../../core/pe/document"),
    import("../../hosts/docx/document"),
    import("../../core/json"),
    import("../../hosts/xlsx/classeur"),
    import("../../hosts/xlsx/suivi"),
    import("../../core/suivi/construction"),
    import("../../core/suivi/modele"),
    import("../../core/suivi/classeur"),
    import("../../core/paq"),
  ]);
  etape(ctx, "la lecture du projet d'établissement", opts.pe);
  const modelePe = modeleLivre("pe-eps");
  const brutes = /\.docx$/i.test(opts.pe) ? await lireReponsesDocx(lireFichier(opts.pe), basename(opts.pe)) : analyserJson(new TextDecoder().decode(lireFichier(opts.pe)), basename(opts.pe));
  if (brutes === null) throw new ErreurUtilisateur(`${basename(opts.pe)} ne contient pas de réponses Qualité EPS : assemblez d'abord le projet avec « qualite pe ».`);
  const { reponses } = verifierReponses(modelePe, brutes, `réponses de ${basename(opts.pe)}`);
  if (reponses.modele !== "pe-eps") throw new ErreurUtilisateur(`${basename(opts.pe)} est un document du modèle « ${reponses.modele} », pas un projet d'établissement (pe-eps).`);

  let jeu = modele.indicateursPeLivres();
  if (opts.indicateurs) {
    etape(ctx, "la lecture du jeu d'indicateurs", opts.indicateurs);
    jeu = modele.chargerJeuIndicateurs(analyserJson(new TextDecoder().decode(lireFichier(opts.indicateurs)), basename(opts.indicateurs)), basename(opts.indicateurs));
  }

  let paq: import("../../core/workbook-plan").Valeur[][] | null = null;
  let campagne: import("../../core/suivi/modele").Campagne | null = null;
  let paqEbauche = false;
  const memeFichier = opts.evaluation !== undefined && resolve(opts.evaluation) === resolve(opts.out);
  if (opts.evaluation) {
    etape(ctx, "la lecture de l'évaluation", opts.evaluation);
    const source = basename(opts.evaluation);
    const wb = await classeur.ouvrirClasseur(lireFichier(opts.evaluation), source);
    const { resultats, etat } = classeur.scoresDuClasseur(wb, source);
    paq = etat.paq?.valeurs ?? null;
    if (!paq) {
      // No improvement plan in the workbook yet: the one `qualite paq` would draft.
      const p = planifierPaq({ resultats, existant: null, feuilles: [], maintenant: new Date().toISOString() });
      paq = p.plan.feuilles[0]!.lignes.map((l) => l.map((v) => (typeof v === "object" && v !== null ? null : v)));
      paqEbauche = true;
    }
    campagne = construction.campagneDesResultats(resultats, etat.meta?.periode || String(new Date().getFullYear()), etat.meta?.campagne ?? "");
  }

  etape(ctx, "la lecture du classeur de suivi existant", opts.out);
  let cible = classeur.nouveauClasseur(basename(opts.out));
  let existant: import("../../core/suivi/modele").Suivi | null = null;
  if (existsSync(opts.out) && !opts.remplacer) {
    try {
      cible = await classeur.ouvrirClasseur(lireFichier(opts.out), basename(opts.out));
    } catch (e) {
      if (e instanceof ErreurUtilisateur) throw new ErreurUtilisateur(`${e.message} Il ne sera pas modifié : choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
      throw e;
    }
    existant = await suiviDuClasseur(cible);
    // A follow-up may live in its own file or beside the grid in the assessment workbook.
    if (!existant && !memeFichier && !cible.etat.meta) {
      await proteger(opts.out, { sorte: "un classeur de suivi ou d'évaluation", estNotre: async () => false }, false);
    }
  }
  etape(ctx, "la construction du suivi");
  const neuf = construction.construireSuivi({ reponses, jeu, paq, campagne });
  const suivi = construction.fusionnerSuivi(neuf, existant);
  const periode = opts.periode ?? semestreCourant(suivi, new Date().toISOString().slice(0, 10));
  etape(ctx, "l'écriture du classeur de suivi", opts.out);
  await ecrireSuivi(cible, suivi, periode);
  ecrireAtomique(opts.out, await classeur.ecrireClasseur(cible), { remplacer: opts.remplacer, ctx });
  const duPaq = suivi.actions.filter((a) => a.origine === modele.ORIGINES_ACTION.paq).length;
  s.out(
    `Suivi${suivi.etablissement ? ` de ${suivi.etablissement}` : ""} : ${suivi.objectifs.length} objectifs, ${suivi.actions.length} actions (dont ${duPaq} du plan d'amélioration${paqEbauche ? ", ébauché depuis la grille" : ""}), ${suivi.indicateurs.length} indicateurs, semestres ${suivi.debut}-S1 à ${suivi.fin}-S2, tableau de bord au semestre ${periode}.` +
      (existant ? `\nClasseur existant mis à jour : ${existant.indicateurs.length} indicateurs et ${existant.actions.length} actions gardés tels que saisis.` : "") +
      `\nÉcrit : ${opts.out}\n`,
  );
}

interface OptionsRapport {
  periode?: string;
  out: string;
  organisme?: string;
  remplacer?: boolean;
}

async function rapport(fichier: string, opts: OptionsRapport, s: Sorties, ctx: Contexte): Promise<void> {
  if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le rapport doit finir par .docx : ${opts.out}`);
  const [classeur, { suiviDuClasseur }, { planifierRapportSemestriel, MODELE_RAPPORT, VERSION_RAPPORT }, { ecrireDocx, modeleDuDocx }, { FEUILLE_TDB }] = await Promise.all([
    import("../../hosts/xlsx/classeur"),
    import("../../hosts/xlsx/suivi"),
    import("../../core/suivi/rapport"),
    import("../../hosts/docx/document"),
    import("../../core/suivi/classeur"),
  ]);
  etape(ctx, "la vérification du fichier de sortie", opts.out);
  await proteger(opts.out, { sorte: "un rapport semestriel", estNotre: async (o) => (await modeleDuDocx(o)) === MODELE_RAPPORT }, opts.remplacer);
  etape(ctx, "la lecture du classeur de suivi", fichier);
  const wb = await classeur.ouvrirClasseur(lireFichier(fichier), basename(fichier));
  const suivi = await suiviDuClasseur(wb);
  if (!suivi) throw new ErreurUtilisateur(`${basename(fichier)} n'est pas un classeur de suivi : créez-le avec « qualite suivi init ».`);
  // By default, the semester the dashboard follows.
  const periode = opts.periode ?? semestre(String((await classeur.valeursFeuille(wb, FEUILLE_TDB))?.[2]?.[1] ?? ""));
  etape(ctx, "la rédaction du rapport semestriel", opts.out);
  const plan = planifierRapportSemestriel(suivi, periode, { organisme: opts.organisme, maintenant: new Date().toISOString() });
  const octets = await ecrireDocx(plan, { modele: MODELE_RAPPORT, version: VERSION_RAPPORT, variables: { periode }, sections: {} });
  ecrireAtomique(opts.out, octets, { remplacer: opts.remplacer, ctx });
  for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
  s.out(`Rapport semestriel ${periode}${suivi.etablissement ? ` de ${suivi.etablissement}` : ""} : ${plan.regions.length} sections, ${plan.avertissements.length} points à compléter.\nÉcrit : ${opts.out}\n`);
}

export function enregistrerSuivi(programme: Command, s: Sorties, ctx: Contexte): void {
  const suivi = programme.command("suivi").description("suivi du projet d'établissement : objectifs, actions, indicateurs, rapport semestriel");
  suivi
    .command("init")
    .description("écrit le classeur de suivi (objectifs et actions, indicateurs, tableau de bord) depuis le projet d'établissement et le classeur d'évaluation ; un classeur existant garde chaque valeur saisie")
    .requiredOption("--pe <pe.docx>", "projet d'établissement assemblé par Qualité EPS (.docx), ou ses réponses (JSON)")
    .option("--evaluation <grille.xlsx>", "classeur d'évaluation : son plan d'amélioration donne des actions, ses scores une campagne")
    .requiredOption("-o, --out <suivi.xlsx>", "classeur de suivi à écrire ; s'il existe, nos feuilles sont régénérées sans perdre une valeur saisie (il peut être le classeur d'évaluation lui-même)")
    .addOption(new Option("-p, --periode <semestre>", "semestre suivi par le tableau de bord (par défaut : le semestre en cours)").argParser(semestre))
    .option("--indicateurs <jeu.json>", "jeu d'indicateurs (JSON) à la place du jeu livré pour le projet d'établissement")
    .option("--remplacer", "écrase un fichier --out existant au lieu de le mettre à jour")
    .action((opts: OptionsInit) => init(opts, s, ctx));
  suivi
    .command("rapport")
    .description("écrit le rapport semestriel (.docx) : synthèse, indicateurs et tendances, actions faites et en retard, évolution de l'évaluation, semestre suivant, sources")
    .argument("<suivi.xlsx>", "classeur de suivi")
    .addOption(new Option("-p, --periode <semestre>", "semestre du rapport (par défaut : celui du tableau de bord)").argParser(semestre))
    .requiredOption("-o, --out <rapport.docx>", "rapport à écrire")
    .option("--organisme <nom>", "organisme gestionnaire, sur la page de titre")
    .option("--remplacer", "remplace --out même s'il n'est pas un rapport semestriel écrit par Qualité EPS")
    .action((fichier: string, opts: OptionsRapport) => rapport(fichier, opts, s, ctx));
}
