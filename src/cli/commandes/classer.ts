/**
 * `qualite classer`: a multi-criteria decision grid (init), then the ranking and sensitivity of a
 * filled one, and its .docx annex. Heavy modules (ExcelJS, docx) load inside the actions.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { Command, Option } from "commander";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { MODELES_DECISION } from "../../core/classement/livres";
import { ecrireAtomique, etape, lireFichier, proteger, type Contexte, type Sorties } from "../main";

export function enregistrerClasser(programme: Command, s: Sorties, ctx: Contexte): void {
  const classer = programme
    .command("classer")
    .description("classe des options sur des critères pondérés (grille de décision) : rangs, scores et sensibilité du premier rang ; « classer init » crée la grille")
    .argument("<choix.xlsx>", "grille de classement remplie")
    .option("--json", "sortie JSON : options avec score et rang, critères avec poids et changement de poids qui fait basculer le premier rang")
    .option("--annexe <annexe.docx>", "écrit aussi l'annexe de la décision (méthode, poids, tableau, sensibilité, option retenue et raisons)")
    .option("--retenue <option>", "option retenue par le comité, si ce n'est pas la première du classement (nom exact)")
    .option("--motif <texte>", "motif du choix, écrit dans l'annexe")
    .option("--etablissement <nom>", "établissement ou organisme, sur la page de titre de l'annexe")
    .option("--remplacer", "remplace --annexe même s'il existe et n'est pas une annexe de classement")
    .action(async (fichier: string, opts: { json?: boolean; annexe?: string; retenue?: string; motif?: string; etablissement?: string; remplacer?: boolean }) => {
      if (opts.annexe && !/\.docx$/i.test(opts.annexe)) throw new ErreurUtilisateur(`L'annexe doit finir par .docx : ${opts.annexe}`);
      const [{ ouvrirClasseur }, { decisionDuClasseur }, { classer: calculer }, rapport] = await Promise.all([
        import("../../hosts/xlsx/classeur"),
        import("../../hosts/xlsx/classement"),
        import("../../core/classement/calcul"),
        import("../../core/classement/rapport"),
      ]);
      const source = basename(fichier);
      etape(ctx, "la lecture de la grille de classement", fichier);
      const wb = await ouvrirClasseur(lireFichier(fichier), source);
      const { identite, decision } = await decisionDuClasseur(wb);
      etape(ctx, "le calcul du classement", fichier);
      const r = calculer(decision);
      if (opts.annexe) {
        const [{ planifierAnnexe, MODELE_ANNEXE }, { ecrireDocx, modeleDuDocx }] = await Promise.all([import("../../core/classement/annexe"), import("../../hosts/docx/document")]);
        etape(ctx, "la vérification de l'annexe", opts.annexe);
        await proteger(opts.annexe, { sorte: "une annexe de classement", estNotre: async (o) => (await modeleDuDocx(o)) === MODELE_ANNEXE }, opts.remplacer);
        etape(ctx, "l'écriture de l'annexe", opts.annexe);
        const modele = { id: identite.modeleId, version: identite.modeleVersion };
        const plan = planifierAnnexe(decision, r, { titre: identite.titre, modele, source, retenue: opts.retenue, motif: opts.motif, etablissement: opts.etablissement, maintenant: new Date().toISOString() });
        ecrireAtomique(opts.annexe, await ecrireDocx(plan, { modele: MODELE_ANNEXE, version: identite.modeleVersion, variables: {}, sections: {} }), { remplacer: opts.remplacer, ctx });
        for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      }
      if (opts.json) s.out(JSON.stringify(rapport.jsonClassement({ id: identite.modeleId, version: identite.modeleVersion, titre: identite.titre }, r), null, 2) + "\n");
      else s.out(rapport.texteClassementDecision(r, { titre: identite.titre, source }) + (opts.annexe ? `Annexe écrite : ${opts.annexe}\n` : ""));
    });

  classer
    .command("init")
    .description("crée une grille de classement (.xlsx) d'un modèle livré, avec formules de scores et de rangs ; --paq y met les actions d'un plan d'amélioration")
    .addOption(new Option("-m, --modele <id>", "modèle de classement").choices(MODELES_DECISION))
    .option("--paq <grille.xlsx>", "classeur d'évaluation dont le plan d'amélioration donne les options (modèle par défaut : priorites-actions)")
    .requiredOption("-o, --out <choix.xlsx>", "grille à écrire (un fichier existant n'est remplacé qu'avec --remplacer)")
    .option("--remplacer", "remplace le fichier --out s'il existe (ses valeurs seraient perdues)")
    .action(async (opts: { modele?: string; paq?: string; out: string; remplacer?: boolean }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      if (!opts.modele && !opts.paq) throw new ErreurUtilisateur(`Indiquez le modèle : --modele ${MODELES_DECISION.join(" ou --modele ")} (ou --paq grille.xlsx pour classer les actions d'un plan d'amélioration).`);
      if (existsSync(opts.out) && !opts.remplacer) {
        throw new ErreurUtilisateur(`${opts.out} existe : rien n'a été écrit (une grille remplie y perdrait ses valeurs). Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
      }
      const [{ modeleDecisionLivre }, { planifierClassement, optionsDepuisPaq }, { ouvrirClasseur, nouveauClasseur, appliquerPlan, ecrireClasseur }] = await Promise.all([
        import("../../core/classement/modele"),
        import("../../core/classement/classeur"),
        import("../../hosts/xlsx/classeur"),
      ]);
      const modele = modeleDecisionLivre(opts.modele ?? "priorites-actions");
      let options: ReturnType<typeof optionsDepuisPaq> = [];
      if (opts.paq) {
        etape(ctx, "la lecture du plan d'amélioration", opts.paq);
        const source = basename(opts.paq);
        const paq = (await ouvrirClasseur(lireFichier(opts.paq), source)).etat.paq;
        if (!paq) throw new ErreurUtilisateur(`${source} n'a pas de plan d'amélioration (tableau QE_PAQ). Rédigez-le d'abord avec « qualite paq ${source} ».`);
        options = optionsDepuisPaq(paq.valeurs, modele);
        if (!options.length) throw new ErreurUtilisateur(`${source}, feuille « ${paq.feuille} » : le plan d'amélioration n'a aucune ligne à classer.`);
      }
      etape(ctx, "l'écriture de la grille de classement", opts.out);
      const wb = nouveauClasseur(basename(opts.out));
      await appliquerPlan(wb, planifierClassement({ modele, options, maintenant: new Date().toISOString() }));
      ecrireAtomique(opts.out, await ecrireClasseur(wb), { remplacer: opts.remplacer, ctx });
      s.out(
        `Grille de classement « ${modele.titre.fr} » : ${modele.criteres.length} critères, ${options.length ? `${options.length} actions du plan d'amélioration` : "options à saisir"}.\nÉcrit : ${opts.out}\nRemplissez les valeurs de la feuille « Classement », ajustez les poids de « Critères », puis : qualite classer ${basename(opts.out)}\n`,
      );
    });
}
