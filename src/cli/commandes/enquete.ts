/**
 * `qualite enquete`: satisfaction surveys of the people served. A printable questionnaire
 * (.docx, French or Arabic), an anonymous answer workbook with live results, and a results
 * document that the PE and the assessment grid can cite. Heavy modules load inside the actions.
 */
import { Option, type Command } from "commander";
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { ecrireAtomique, etape, lireFichier, proteger, type Contexte, type Sorties } from "../main";

async function resoudreQuestionnaire(valeur: string) {
  const { questionnaireLivre } = await import("../../core/enquetes/catalogue");
  const { lireQuestionnaireJson } = await import("../../core/enquetes/questionnaire");
  if (/\.json$/i.test(valeur) || valeur.includes("/") || valeur.includes("\\")) {
    const chemin = resolve(valeur);
    if (!existsSync(chemin)) throw new ErreurUtilisateur(`Fichier de questionnaire introuvable : ${valeur}`);
    return lireQuestionnaireJson(new TextDecoder().decode(lireFichier(chemin)), `fichier ${basename(chemin)}`);
  }
  return questionnaireLivre(valeur);
}

/** The referential the questionnaire cites, when shipped: every criterion it names must exist. */
async function referentielVerifie(q: Awaited<ReturnType<typeof resoudreQuestionnaire>>) {
  const { referentielLivreSiConnu } = await import("../../core/catalogue");
  const { verifierCriteres } = await import("../../core/enquetes/questionnaire");
  const ref = referentielLivreSiConnu(q.referentiel.id);
  if (ref) verifierCriteres(q, ref);
  return ref ?? undefined;
}

function entier(valeur: string, quoi: string, min: number, max: number): number {
  const n = Number(valeur);
  if (!Number.isInteger(n) || n < min || n > max) throw new ErreurUtilisateur(`${quoi} « ${valeur} » invalide : attendu un entier de ${min} à ${max}.`);
  return n;
}

export function enregistrerEnquete(programme: Command, s: Sorties, ctx: Contexte): void {
  const enquete = programme
    .command("enquete")
    .description("enquêtes de satisfaction des personnes accompagnées : questionnaire imprimable, classeur de réponses anonyme, résultats citables")
    .helpOption("-h, --help", "affiche l'aide");

  enquete
    .command("modeles")
    .description("liste les questionnaires livrés")
    .action(async () => {
      const { QUESTIONNAIRES_LIVRES, questionnaireLivre } = await import("../../core/enquetes/catalogue");
      for (const id of QUESTIONNAIRES_LIVRES) {
        const q = questionnaireLivre(id);
        s.out(`${id.padEnd(14)} ${q.public.fr} — ${q.questions.length} questions, ${q.presentation === "visages" ? "visages" : "cases à cocher"}\n`);
      }
    });

  enquete
    .command("questionnaire")
    .description("écrit le questionnaire imprimable (.docx) : gros caractères, visages dessinés pour les enfants, place pour écrire, arabe de droite à gauche")
    .requiredOption("-m, --modele <id-ou-fichier>", "questionnaire livré (qualite enquete modeles) ou fichier JSON")
    .addOption(new Option("-l, --langue <langue>", "langue du questionnaire (fr par défaut)").choices(["fr", "ar"]))
    .requiredOption("-o, --out <questionnaire.docx>", "document à écrire")
    .option("--remplacer", "remplace --out même s'il n'est pas un questionnaire écrit par Qualité EPS")
    .action(async (opts: { modele: string; langue?: "fr" | "ar"; out: string; remplacer?: boolean }) => {
      const langue = opts.langue ?? "fr";
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      etape(ctx, "la lecture du questionnaire", /\.json$/i.test(opts.modele) ? opts.modele : undefined);
      const q = await resoudreQuestionnaire(opts.modele);
      await referentielVerifie(q);
      const { ecrireQuestionnaireDocx, MODELE_QUESTIONNAIRE } = await import("../../hosts/docx/questionnaire");
      const { modeleDuDocx } = await import("../../hosts/docx/document");
      await proteger(opts.out, { sorte: "un questionnaire", estNotre: async (o) => (await modeleDuDocx(o)) === MODELE_QUESTIONNAIRE }, opts.remplacer);
      etape(ctx, "l'écriture du questionnaire", opts.out);
      ecrireAtomique(opts.out, await ecrireQuestionnaireDocx(q, langue), { remplacer: opts.remplacer, ctx });
      s.out(`Questionnaire « ${q.id} » (${q.questions.length} questions, ${langue === "ar" ? "arabe" : "français"}) écrit : ${opts.out}\n`);
    });

  enquete
    .command("init")
    .description("crée le classeur de saisie des réponses (.xlsx) : une ligne par personne, sans nom, listes déroulantes, résultats et graphiques en formules")
    .requiredOption("-m, --modele <id-ou-fichier>", "questionnaire livré ou fichier JSON")
    .requiredOption("-o, --out <reponses.xlsx>", "classeur à écrire")
    .option("-e, --etablissement <nom>", "nom de l'établissement")
    .option("-p, --periode <periode>", "période de l'enquête (2026, 2026-S1…) : elle entre dans la référence de chaque résultat")
    .option("--lignes <n>", "nombre de lignes de réponses (par défaut 200)")
    .option("--seuil <n>", "taille minimale du groupe avant de montrer un résultat (par défaut 5)")
    .option("--remplacer", "remplace un fichier --out existant (ses réponses seraient perdues)")
    .action(async (opts: { modele: string; out: string; etablissement?: string; periode?: string; lignes?: string; seuil?: string; remplacer?: boolean }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      const lignes = entier(opts.lignes ?? "200", "Nombre de lignes", 5, 5000);
      const seuil = entier(opts.seuil ?? "5", "Taille minimale du groupe", 1, 1000);
      if (existsSync(opts.out) && !opts.remplacer) {
        throw new ErreurUtilisateur(`${opts.out} existe déjà : rien n'a été écrit (ses réponses seraient perdues). Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
      }
      let periode = opts.periode;
      if (periode !== undefined) {
        const { periodeValide } = await import("../../core/periode");
        periode = periodeValide(periode);
      }
      etape(ctx, "la lecture du questionnaire", /\.json$/i.test(opts.modele) ? opts.modele : undefined);
      const q = await resoudreQuestionnaire(opts.modele);
      const referentiel = await referentielVerifie(q);
      const { ecrireClasseurEnquete } = await import("../../hosts/xlsx/enquete");
      etape(ctx, "l'écriture du classeur de réponses", opts.out);
      const octets = await ecrireClasseurEnquete({ questionnaire: q, referentiel, etablissement: opts.etablissement, periode, lignes, seuil }, basename(opts.out));
      ecrireAtomique(opts.out, octets, { remplacer: opts.remplacer, ctx });
      s.out(`Classeur de réponses « ${q.id} » : ${lignes} lignes, ${q.questions.length} questions, résultats montrés à partir de ${seuil} répondants.\nÉcrit : ${opts.out}\n`);
    });

  enquete
    .command("resultats")
    .description("lit un classeur de réponses rempli et écrit les résultats (.docx) à présenter et à citer dans le projet d'établissement")
    .argument("<reponses.xlsx>", "classeur de réponses (qualite enquete init)")
    .option("-o, --out <resultats.docx>", "document à écrire")
    .option("--json", "résultats en JSON sur la sortie standard")
    .option("--remplacer", "remplace --out même s'il n'est pas un document de résultats d'enquête")
    .action(async (fichier: string, opts: { out?: string; json?: boolean; remplacer?: boolean }) => {
      if (!opts.out && !opts.json) throw new ErreurUtilisateur("Indiquez --out resultats.docx, --json, ou les deux.");
      if (opts.out && !/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      const source = basename(fichier);
      etape(ctx, "la lecture du classeur de réponses", fichier);
      const { lireClasseurEnquete } = await import("../../hosts/xlsx/enquete");
      const { calculerResultats } = await import("../../core/enquetes/resultats");
      const lu = await lireClasseurEnquete(lireFichier(fichier), source);
      const referentiel = await referentielVerifie(lu.questionnaire);
      const r = calculerResultats(lu.questionnaire, lu.reponses, { seuil: lu.seuil, periode: lu.periode });
      if (opts.out) {
        const { planifierResultatsEnquete, MODELE_RESULTATS_ENQUETE } = await import("../../core/enquetes/document");
        const { ecrireDocx, modeleDuDocx } = await import("../../hosts/docx/document");
        await proteger(opts.out, { sorte: "un document de résultats d'enquête", estNotre: async (o) => (await modeleDuDocx(o)) === MODELE_RESULTATS_ENQUETE }, opts.remplacer);
        etape(ctx, "l'écriture des résultats", opts.out);
        const plan = planifierResultatsEnquete({ questionnaire: lu.questionnaire, resultats: r, referentiel, etablissement: lu.etablissement });
        const octets = await ecrireDocx(plan, { modele: MODELE_RESULTATS_ENQUETE, version: lu.questionnaire.version, variables: {}, sections: {} });
        ecrireAtomique(opts.out, octets, { remplacer: opts.remplacer, ctx });
        for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      }
      if (opts.json) {
        s.out(JSON.stringify({ ...r, etablissement: lu.etablissement }, null, 2) + "\n");
      } else {
        s.out(
          `${r.repondants} répondants${r.affiche ? "" : ` : moins que la taille minimale (${r.seuil}), aucun résultat n'est montré`}.\n` +
            (r.affiche ? r.criteres.map((c) => `  ${c.id.padEnd(8)} ${c.indice === null ? "—" : c.indice.toFixed(1).replace(".", ",")}  ${c.reference}\n`).join("") : "") +
            `Écrit : ${opts.out}\n`,
        );
      }
    });

  enquete
    .command("citer")
    .description("cite les résultats d'une enquête dans la colonne « Preuves » d'une grille d'évaluation, sur la ligne de chaque critère qu'elle renseigne (ajouté après le texte existant)")
    .argument("<reponses.xlsx>", "classeur de réponses rempli")
    .requiredOption("-g, --grille <grille.xlsx>", "grille d'évaluation (qualite inject) à compléter ; ses notes et ses autres textes restent tels quels")
    .action(async (fichier: string, opts: { grille: string }) => {
      const source = basename(fichier);
      etape(ctx, "la lecture du classeur de réponses", fichier);
      const { lireClasseurEnquete } = await import("../../hosts/xlsx/enquete");
      const { calculerResultats } = await import("../../core/enquetes/resultats");
      const { citation } = await import("../../core/enquetes/document");
      const { citerDansGrille } = await import("../../core/enquetes/citer");
      const lu = await lireClasseurEnquete(lireFichier(fichier), source);
      const r = calculerResultats(lu.questionnaire, lu.reponses, { seuil: lu.seuil, periode: lu.periode });
      if (!r.affiche) throw new ErreurUtilisateur(`${source} : ${r.repondants} répondants, moins que la taille minimale du groupe (${r.seuil}) : aucun résultat ne peut être cité. La grille n'a pas été modifiée.`);
      const citations = r.criteres.filter((c) => c.indice !== null).map((c) => ({ critere: c.id, reference: c.reference, texte: citation(lu.questionnaire, r, c.reference, lu.etablissement) }));
      const nomGrille = basename(opts.grille);
      etape(ctx, "la lecture de la grille", opts.grille);
      const { ouvrirClasseur, injecterDansClasseur, ecrireClasseur } = await import("../../hosts/xlsx/classeur");
      const { referentielDuClasseur } = await import("../../core/metadata");
      const { referentielLivreSiConnu } = await import("../../core/catalogue");
      const wb = await ouvrirClasseur(lireFichier(opts.grille), nomGrille);
      const meta = wb.etat.meta;
      const referentiel = meta ? (referentielDuClasseur(meta, nomGrille) ?? referentielLivreSiConnu(meta.referentielId)) : null;
      if (meta && referentiel && referentiel.id !== lu.questionnaire.referentiel.id) {
        throw new ErreurUtilisateur(`${nomGrille} est une grille du référentiel « ${referentiel.id} », le questionnaire « ${lu.questionnaire.id} » se rapporte à « ${lu.questionnaire.referentiel.id} » : rien n'a été écrit.`);
      }
      if (meta && !referentiel) throw new ErreurUtilisateur(`${nomGrille} : le référentiel « ${meta.referentielId} » de la grille est introuvable : rien n'a été écrit.`);
      const { etat, rapport } = citerDansGrille(wb.etat, referentiel!, citations, nomGrille);
      if (rapport.ajoutees.length) {
        etape(ctx, "l'écriture de la grille", opts.grille);
        wb.etat = etat;
        await injecterDansClasseur(wb, { referentiel: referentiel!, source: nomGrille });
        ecrireAtomique(opts.grille, await ecrireClasseur(wb), { ctx });
      }
      if (rapport.absents.length) s.err(`Attention : critères absents de la grille, non cités : ${rapport.absents.join(", ")}.\n`);
      s.out(
        `${rapport.ajoutees.length} critère${rapport.ajoutees.length > 1 ? "s" : ""} cité${rapport.ajoutees.length > 1 ? "s" : ""} dans la colonne « Preuves »${rapport.ajoutees.length ? ` (${rapport.ajoutees.join(", ")})` : ""}` +
          `${rapport.deja.length ? `, ${rapport.deja.length} l'étaient déjà` : ""}.\n${rapport.ajoutees.length ? `Écrit : ${opts.grille}\n` : "La grille n'a pas été modifiée.\n"}`,
      );
    });
}
