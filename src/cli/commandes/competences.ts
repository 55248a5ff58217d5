/**
 * `qualite competences …`: the staff × competence workbook (init), the training plan (plan), a
 * summary of the needs (besoins) and the national view of several establishments (consolider).
 * Heavy modules are loaded inside the actions.
 */
import { Option, type Command } from "commander";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { periodeValide } from "../../core/periode";
import { ecrireAtomique, etape, lireFichier, proteger, type Contexte, type Sorties } from "../main";

/** Staff lists are small: 5 Mo is thousands of people. */
const TAILLE_MAX_CSV = 5 * 1024 * 1024;

const moisValide = (v: string) => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new ErreurUtilisateur(`Mois de début « ${v} » invalide : attendu AAAA-MM, par exemple 2027-01.`);
  return v;
};

/** Workbooks under the given paths (folders walked recursively), the outputs left out. */
function classeursSous(chemins: string[], exclus: string[]): string[] {
  const sortie = new Set(exclus.map((e) => resolve(e)));
  const out: string[] = [];
  for (const c of chemins) {
    const st = statSync(c, { throwIfNoEntry: false });
    if (!st) throw new ErreurUtilisateur(`Introuvable : ${c}`);
    const liste = st.isDirectory() ? (readdirSync(c, { recursive: true }) as string[]).map((f) => join(c, f)).sort() : [c];
    for (const f of liste) if (/\.xlsx$/i.test(f) && !basename(f).startsWith("~$") && !sortie.has(resolve(f)) && statSync(f).isFile()) out.push(f);
  }
  return out;
}

export function enregistrerCompetences(programme: Command, s: Sorties, ctx: Contexte): void {
  const competences = programme.command("competences").description("compétences du personnel et plan de formation : positionnement, besoins, plan, consolidation nationale");

  competences
    .command("init")
    .description("crée le classeur de positionnement des compétences d'une équipe (personnes × compétences, besoins de formation, registre des formations, tableau de bord)")
    .option("-r, --referentiel <id-ou-fichier>", "référentiel de compétences livré ou chemin d'un fichier JSON", "competences-eps")
    .requiredOption("--personnel <equipe.csv>", "liste du personnel en CSV (séparateur « ; », « , » ou tabulation) : colonnes nom, métier, service, et au choix établissement")
    .requiredOption("-o, --out <competences.xlsx>", "classeur à écrire")
    .option("-e, --etablissement <nom>", "établissement (pour les lignes du CSV sans colonne établissement)")
    .addOption(new Option("-p, --periode <periode>", "période du positionnement : 2026, 2026-S1, 2026-T1…").argParser((v) => periodeValide(v)))
    .option("--remplacer", "remplace --out s'il existe (les niveaux déjà saisis y seraient perdus)")
    .action(async (opts: { referentiel: string; personnel: string; out: string; etablissement?: string; periode?: string; remplacer?: boolean }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      if (existsSync(opts.out) && !opts.remplacer) {
        throw new ErreurUtilisateur(`${opts.out} existe : un nouveau classeur effacerait les niveaux déjà saisis. Rien n'a été écrit. Choisissez un autre nom, ou relancez avec --remplacer.`);
      }
      const { lireReferentielCompetencesJson } = await import("../../core/competences/referentiel");
      const { referentielCompetencesLivre } = await import("../../core/competences/catalogue");
      const { lirePersonnel } = await import("../../core/competences/personnel");
      const { planifierClasseurCompetences } = await import("../../core/competences/classeur");
      const { appliquerPlan, ecrireClasseur, nouveauClasseur } = await import("../../hosts/xlsx/classeur");
      etape(ctx, "la lecture du référentiel de compétences", opts.referentiel);
      const referentiel = /\.json$/i.test(opts.referentiel) || /[\\/]/.test(opts.referentiel)
        ? lireReferentielCompetencesJson(new TextDecoder().decode(lireFichier(opts.referentiel)), `fichier ${basename(opts.referentiel)}`)
        : referentielCompetencesLivre(opts.referentiel);
      etape(ctx, "la lecture de la liste du personnel", opts.personnel);
      const octets = lireFichier(opts.personnel, TAILLE_MAX_CSV);
      let texte: string;
      try {
        texte = new TextDecoder("utf-8", { fatal: true }).decode(octets);
      } catch {
        throw new ErreurUtilisateur(`${basename(opts.personnel)} n'est pas un texte UTF-8 : dans le tableur, enregistrez-le en « CSV UTF-8 ».`);
      }
      const personnes = lirePersonnel(texte, referentiel, { source: basename(opts.personnel), etablissement: opts.etablissement });
      etape(ctx, "l'écriture du classeur de compétences", opts.out);
      const wb = nouveauClasseur(basename(opts.out));
      await appliquerPlan(wb, planifierClasseurCompetences({ referentiel, personnes, etablissement: opts.etablissement ?? "", periode: opts.periode ?? "", maintenant: new Date().toISOString() }));
      ecrireAtomique(opts.out, await ecrireClasseur(wb), { remplacer: opts.remplacer, ctx });
      const n = referentiel.domaines.reduce((k, d) => k + d.competences.length, 0);
      s.out(`${personnes.length} personnes × ${n} compétences (${referentiel.id} ${referentiel.version}).\nÉcrit : ${opts.out}\n`);
    });

  competences
    .command("besoins")
    .description("résume les besoins de formation d'un classeur de compétences rempli")
    .argument("<competences.xlsx>", "classeur de compétences")
    .option("--json", "sortie JSON")
    .action(async (fichier: string, opts: { json?: boolean }) => {
      const { lireClasseurCompetences } = await import("../../hosts/xlsx/competences");
      const { analyser } = await import("../../core/competences/besoins");
      etape(ctx, "la lecture du classeur de compétences", fichier);
      const { donnees, anomalies } = await lireClasseurCompetences(lireFichier(fichier), basename(fichier));
      const a = analyser(donnees);
      for (const x of anomalies) s.err(`Attention : ${x}\n`);
      if (opts.json) {
        s.out(
          JSON.stringify(
            {
              referentiel: { id: donnees.referentiel.id, version: donnees.referentiel.version },
              competences: a.competences,
              personnes: a.personnes.map((p) => ({ nom: p.personne.nom, metier: p.personne.metier, service: p.personne.service, etablissement: p.personne.etablissement, positionnees: p.positionnees, sousRequis: p.sousRequis, deficit: p.deficit, priorites: p.priorites, formeQualite: p.formeQualite })),
              tableauBord: a.tableauBord,
              total: a.total,
              anomalies,
            },
            null,
            2,
          ) + "\n",
        );
        return;
      }
      const pc = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);
      s.out(`${a.total.effectif} personnes, ${a.total.besoins} écarts au niveau requis ; formées à la démarche qualité : ${a.total.formesQualite}/${a.total.effectif} (${pc(a.total.part)}).\n`);
      for (const c of [...a.competences].sort((x, y) => y.sousRequis - x.sousRequis).filter((c) => c.sousRequis > 0)) s.out(`  ${c.competence.padEnd(6)} ${String(c.sousRequis).padStart(3)} sous le requis sur ${c.positionnes} positionnées\n`);
    });

  competences
    .command("plan")
    .description("écrit le plan de formation (.docx) d'après un classeur de compétences rempli : sessions collectives, priorités individuelles, calendrier")
    .argument("<competences.xlsx>", "classeur de compétences rempli")
    .requiredOption("-o, --out <plan-formation.docx>", "document à écrire")
    .addOption(new Option("--debut <AAAA-MM>", "premier mois du calendrier (par défaut : le mois prochain)").argParser(moisValide))
    .option("--seuil <n>", "nombre de personnes sous le niveau requis à partir duquel une session collective est proposée", "3")
    .option("--remplacer", "remplace --out même s'il n'est pas un plan de formation écrit par Qualité EPS")
    .action(async (fichier: string, opts: { out: string; debut?: string; seuil: string; remplacer?: boolean }) => {
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      const seuil = Number(opts.seuil);
      if (!Number.isInteger(seuil) || seuil < 1 || seuil > 1000) throw new ErreurUtilisateur(`Seuil « ${opts.seuil} » invalide : attendu un nombre entier de personnes, 1 ou plus.`);
      const { lireClasseurCompetences } = await import("../../hosts/xlsx/competences");
      const { planifierPlanFormation, MODELE_PLAN_FORMATION } = await import("../../core/competences/plan-formation");
      const { ecrireDocx, modeleDuDocx } = await import("../../hosts/docx/document");
      etape(ctx, "la vérification du fichier de sortie", opts.out);
      await proteger(opts.out, { sorte: "un plan de formation", estNotre: async (o) => (await modeleDuDocx(o)) === MODELE_PLAN_FORMATION }, opts.remplacer);
      etape(ctx, "la lecture du classeur de compétences", fichier);
      const { donnees, anomalies } = await lireClasseurCompetences(lireFichier(fichier), basename(fichier));
      const maintenant = new Date();
      const debut = opts.debut ?? `${maintenant.getMonth() === 11 ? maintenant.getFullYear() + 1 : maintenant.getFullYear()}-${String(((maintenant.getMonth() + 1) % 12) + 1).padStart(2, "0")}`;
      etape(ctx, "l'écriture du plan de formation", opts.out);
      const plan = planifierPlanFormation(donnees, { debut, seuil, anomalies });
      ecrireAtomique(opts.out, await ecrireDocx(plan, { modele: MODELE_PLAN_FORMATION, version: donnees.referentiel.version, variables: {}, sections: {} }), { remplacer: opts.remplacer, ctx });
      for (const x of anomalies) s.err(`Attention : ${x}\n`);
      s.out(`Plan de formation de ${donnees.etablissement || basename(fichier)} écrit : ${opts.out}\n`);
    });

  competences
    .command("consolider")
    .description("consolide les classeurs de compétences de plusieurs établissements : besoins nationaux par compétence et par métier, formation à la démarche qualité par établissement")
    .argument("<chemins...>", "classeurs de compétences .xlsx ou dossiers qui en contiennent")
    .requiredOption("-o, --out <national.xlsx>", "classeur national à écrire")
    .option("--json", "résumé JSON sur la sortie standard")
    .option("--remplacer", "remplace --out même s'il n'est pas une consolidation des compétences")
    .action(async (chemins: string[], opts: { out: string; json?: boolean; remplacer?: boolean }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      const { lireClasseurCompetences } = await import("../../hosts/xlsx/competences");
      const { consoliderCompetences, planifierConsolidationCompetences, SIGNATURE_CONSOLIDATION_COMPETENCES } = await import("../../core/competences/consolidation");
      const { appliquerPlan, ecrireClasseur, nouveauClasseur, ouvrirClasseur, valeursFeuille } = await import("../../hosts/xlsx/classeur");
      etape(ctx, "la vérification du fichier de sortie", opts.out);
      await proteger(
        opts.out,
        {
          sorte: "une consolidation des compétences",
          estNotre: async (o) => String((await valeursFeuille(await ouvrirClasseur(o, "sortie"), "QualiteEPS_competences_national"))?.[0]?.[0] ?? "") === SIGNATURE_CONSOLIDATION_COMPETENCES,
        },
        opts.remplacer,
      );
      const fichiers = classeursSous(chemins, [opts.out]);
      if (!fichiers.length) throw new ErreurUtilisateur(`Aucun classeur .xlsx trouvé dans : ${chemins.join(", ")}`);
      const sources = [];
      for (const f of fichiers) {
        etape(ctx, "la lecture des classeurs de compétences", f);
        try {
          sources.push({ fichier: basename(f), donnees: (await lireClasseurCompetences(lireFichier(f), basename(f))).donnees });
        } catch (e) {
          if (!(e instanceof ErreurUtilisateur)) throw e;
          sources.push({ fichier: basename(f), erreur: e.message.replace(`${basename(f)} : `, "").replace(`${basename(f)} `, "") });
        }
      }
      const c = consoliderCompetences(sources);
      const retenus = c?.fichiers.filter((x) => x.statut === "retenu").length ?? 0;
      if (!c || !retenus) {
        for (const x of sources) if (x.erreur) s.err(`Écarté : ${x.fichier} — ${x.erreur}\n`);
        throw new ErreurUtilisateur("Aucun classeur de compétences n'a pu être retenu : rien n'a été écrit.");
      }
      etape(ctx, "l'écriture du classeur national", opts.out);
      const wb = nouveauClasseur(basename(opts.out));
      await appliquerPlan(wb, planifierConsolidationCompetences(c));
      ecrireAtomique(opts.out, await ecrireClasseur(wb), { remplacer: opts.remplacer, ctx });
      if (opts.json) {
        s.out(JSON.stringify({ referentiel: { id: c.referentiel.id, version: c.referentiel.version }, fichiers: c.fichiers, besoins: c.besoins, etablissements: c.etablissements, total: c.total }, null, 2) + "\n");
        return;
      }
      for (const x of c.fichiers) if (x.statut === "refuse") s.err(`Écarté : ${x.fichier} — ${x.raison}\n`);
      s.out(`${fichiers.length} classeurs lus : ${retenus} établissements retenus, ${c.total.effectif} personnes, ${c.total.besoins} écarts au niveau requis ; formées à la démarche qualité : ${c.total.formesQualite}/${c.total.effectif}.\nÉcrit : ${opts.out}\n`);
    });
}
