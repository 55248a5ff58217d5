/** `qualite guide`: writes the guide of a referential's assessment method (.docx). Heavy modules are loaded inside the action, only when it runs. */
import type { Command } from "commander";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { ecrireAtomique, resoudreReferentiel, type Contexte, type Sorties } from "../main";

export function enregistrerGuide(programme: Command, s: Sorties, _ctx: Contexte): void {
  programme
    .command("guide")
    .description("écrit le guide de la méthode d'évaluation d'un référentiel (.docx) : méthodes, guides d'entretien, critères par méthode avec ce qu'on regarde et les preuves")
    .requiredOption("-r, --referentiel <id-ou-fichier>", "identifiant d'un référentiel livré ou chemin d'un fichier JSON")
    .requiredOption("-o, --out <guide.docx>", "document à écrire")
    .option("--categories <ids>", "seulement les critères qui s'appliquent à ces catégories d'établissement (ex. prf)")
    .action(async (opts: { referentiel: string; out: string; categories?: string }) => {
      const { verifierCategories } = await import("../../core/referential");
      const { planifierGuideMethode, MODELE_GUIDE } = await import("../../core/pe/guide-methode");
      const { ecrireDocx } = await import("../../hosts/docx/document");
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      const referentiel = await resoudreReferentiel(opts.referentiel);
      const categories = verifierCategories(referentiel, opts.categories?.split(","));
      const plan = planifierGuideMethode(referentiel, { categories });
      ecrireAtomique(opts.out, await ecrireDocx(plan, { modele: MODELE_GUIDE, version: referentiel.version, variables: {}, sections: {} }));
      for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      s.out(`Guide de la méthode d'évaluation de « ${referentiel.id} » ${referentiel.version} écrit : ${opts.out}\n`);
    });

}
