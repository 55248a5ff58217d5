/** `qualite pe`: assembles a document (establishment project…) from a template and answers. Heavy modules are loaded inside the action, only when it runs. */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import type { EvaluationPourDocument } from "../../core/pe/document";
import { ecrireAtomique, etape, lireFichier, type Contexte, type Sorties } from "../main";

export function enregistrerPe(programme: Command, s: Sorties, ctx: Contexte): void {
  programme
    .command("pe")
    .description("assemble un document (projet d'établissement…) à partir d'un modèle et de réponses ; un document existant garde le texte écrit à la main")
    .option("-t, --template <id-ou-fichier>", "modèle livré (pe-eps, guide-prf) ou fichier JSON de modèle", "pe-eps")
    .requiredOption("-r, --reponses <fichier>", "réponses (JSON), ou un .docx déjà assemblé dont on reprend les réponses")
    .option("--evaluation <grille.xlsx|scores.json>", "classeur d'évaluation, ou JSON de « qualite score --json », dont les résultats vont dans la section « Démarche qualité »")
    .requiredOption("-o, --out <fichier.docx>", "document à écrire ; s'il existe, seules les parties générées sont mises à jour")
    .option("--remplacer", "remplace un fichier --out existant qui n'est pas un document de ce modèle écrit par Qualité EPS, au lieu de le mettre à jour")
    .action(async (opts: { template: string; reponses: string; evaluation?: string; out: string; remplacer?: boolean }) => {
      const { chargerModele } = await import("../../core/pe/modele");
      const { modeleLivre } = await import("../../core/pe/catalogue");
      const { planifierDocument, verifierReponses } = await import("../../core/pe/document");
      const { ecrireDocx, fusionnerDocx, identiteDocx, lireReponsesDocx } = await import("../../hosts/docx/document");
      const { ouvrirClasseur, scoresDuClasseur } = await import("../../hosts/xlsx/classeur");
      const { lireJson, resultatsJson } = await import("../resultats-json");
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      etape(ctx, "la lecture du modèle", /\.json$/i.test(opts.template) ? opts.template : undefined);
      const modele = /\.json$/i.test(opts.template) ? chargerModele(lireJson(opts.template), `modèle ${basename(opts.template)}`) : modeleLivre(opts.template);
      // An existing document is updated only when it is one of ours for the same template:
      // merging another template's document would drop every region of the old one.
      const existe = existsSync(opts.out) && !opts.remplacer;
      if (existe) {
        etape(ctx, "la lecture du document existant", opts.out);
        let autre: string | null;
        try {
          autre = await identiteDocx(lireFichier(opts.out), basename(opts.out));
        } catch (e) {
          if (e instanceof ErreurUtilisateur) throw new ErreurUtilisateur(`${e.message} Il ne sera pas modifié : choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
          throw e;
        }
        if (autre !== modele.id) {
          throw new ErreurUtilisateur(
            `${opts.out} existe et ${autre ? `est un document du modèle « ${autre} », pas « ${modele.id} »` : "n'est pas un document écrit par Qualité EPS"} : il ne sera pas modifié. Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`,
          );
        }
      }
      etape(ctx, "la lecture des réponses", opts.reponses);
      const brutes = /\.docx$/i.test(opts.reponses) ? await lireReponsesDocx(lireFichier(opts.reponses), basename(opts.reponses)) : lireJson(opts.reponses);
      if (brutes === null) throw new ErreurUtilisateur(`${basename(opts.reponses)} ne contient pas de réponses Qualité EPS.`);
      const { reponses, avertissements } = verifierReponses(modele, brutes, `réponses de ${basename(opts.reponses)}`);
      let evaluation: EvaluationPourDocument | null = null;
      if (opts.evaluation) etape(ctx, "la lecture de l'évaluation", opts.evaluation);
      if (opts.evaluation && /\.json$/i.test(opts.evaluation)) {
        // The JSON of `qualite score --json`.
        evaluation = { resultats: resultatsJson(lireJson(opts.evaluation), basename(opts.evaluation)) };
      } else if (opts.evaluation) {
        const source = basename(opts.evaluation);
        const wb = await ouvrirClasseur(lireFichier(opts.evaluation), source);
        const { resultats, etat } = scoresDuClasseur(wb, source);
        evaluation = { resultats, etablissement: etat.meta?.etablissement, periode: etat.meta?.periode, paq: etat.paq?.valeurs ?? null };
      }
      etape(ctx, "l'assemblage du document", opts.out);
      const plan = planifierDocument(modele, reponses, evaluation, avertissements);
      const nouveau = await ecrireDocx(plan, reponses);
      const manuels = new Set(plan.regions.filter((r) => r.manuel).map((r) => r.tag));
      const octets = existe ? await fusionnerDocx(lireFichier(opts.out), nouveau, manuels, basename(opts.out)) : nouveau;
      ecrireAtomique(opts.out, octets, { remplacer: opts.remplacer, ctx });
      for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      s.out(
        `${plan.titre} « ${modele.id} » : ${plan.regions.length} sections${existe ? " mises à jour (texte écrit à la main conservé)" : ""}, ${plan.avertissements.length} points à compléter.\nÉcrit : ${opts.out}\n`,
      );
    });

}
