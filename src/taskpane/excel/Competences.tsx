import { useContext, useState } from "react";
import { Button, Caption1, Field, Input, makeStyles, Spinner, Subtitle2, Text, tokens } from "@fluentui/react-components";
import type { AnalyseCompetences, DonneesCompetences } from "../../core/competences/besoins";
import { telechargementPossible, type EnvironnementVolet } from "../commun/office";
import { BoutonFichier } from "../commun/BoutonFichier";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { slug, telecharger, TYPE_DOCX } from "../commun/telechargement";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";
import { lirePeriode } from "../../core/periode";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/** The next month, « AAAA-MM »: where the training calendar starts. */
function moisProchain(d = new Date()): string {
  const m = d.getMonth() + 1;
  return m === 12 ? `${d.getFullYear() + 1}-01` : `${d.getFullYear()}-${String(m + 1).padStart(2, "0")}`;
}

/**
 * The « Compétences » tab: a staff list (CSV) becomes a competence workbook to download; a filled
 * competence workbook gives its needs and the training plan (.docx). Everything is read and built
 * on this computer; files go out only as downloads.
 */
export function Competences({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const [etablissement, setEtablissement] = useState("");
  const [periode, setPeriode] = useState(String(new Date().getFullYear()));
  const [occupe, setOccupe] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [fait, setFait] = useState<string | null>(null);
  const [lu, setLu] = useState<{ nom: string; donnees: DonneesCompetences; analyse: AnalyseCompetences; anomalies: string[] } | null>(null);
  const periodeValide = periode.trim() === "" || lirePeriode(periode) !== null;
  const peutTelecharger = telechargementPossible(env);

  async function tache(message: string, travail: () => Promise<void>) {
    setOccupe(message);
    setErreur(null);
    setFait(null);
    try {
      await travail();
    } catch (e) {
      setErreur(erreurVolet(e, message));
    } finally {
      setOccupe(null);
    }
  }

  const creer = (f: File) =>
    tache(t("comp.creation", { nom: f.name }), async () => {
      const [{ referentielCompetencesLivre }, { lirePersonnel }, { planifierClasseurCompetences }, { appliquerPlan, ecrireClasseur, nouveauClasseur }, { ErreurUtilisateur }] = await Promise.all([
        import("../../core/competences/catalogue"),
        import("../../core/competences/personnel"),
        import("../../core/competences/classeur"),
        import("../../hosts/xlsx/classeur"),
        import("../../core/referential"),
      ]);
      let texte: string;
      try {
        texte = new TextDecoder("utf-8", { fatal: true }).decode(await f.arrayBuffer());
      } catch {
        throw new ErreurUtilisateur(`${f.name} n'est pas un texte UTF-8 : dans le tableur, enregistrez-le en « CSV UTF-8 ».`);
      }
      const referentiel = referentielCompetencesLivre("competences-eps");
      const personnes = lirePersonnel(texte, referentiel, { source: f.name, etablissement: etablissement.trim() });
      const nom = `competences${etablissement.trim() ? `-${slug(etablissement)}` : ""}.xlsx`;
      const wb = nouveauClasseur(nom);
      await appliquerPlan(wb, planifierClasseurCompetences({ referentiel, personnes, etablissement: etablissement.trim(), periode: periode.trim(), maintenant: new Date().toISOString() }));
      telecharger(await ecrireClasseur(wb), nom);
      setFait(t("comp.cree", { n: personnes.length, nom }));
    });

  const lire = (f: File) =>
    tache(t("fichier.ouverture", { nom: f.name }), async () => {
      setLu(null);
      const [{ lireClasseurCompetences }, { analyser }] = await Promise.all([import("../../hosts/xlsx/competences"), import("../../core/competences/besoins")]);
      const { donnees, anomalies } = await lireClasseurCompetences(new Uint8Array(await f.arrayBuffer()), f.name);
      setLu({ nom: f.name, donnees, analyse: analyser(donnees), anomalies });
    });

  const plan = () =>
    tache(t("comp.plan.encours"), async () => {
      if (!lu) return;
      const [{ planifierPlanFormation, MODELE_PLAN_FORMATION }, { ecrireDocx }] = await Promise.all([import("../../core/competences/plan-formation"), import("../../hosts/docx/document")]);
      const p = planifierPlanFormation(lu.donnees, { debut: moisProchain(), anomalies: lu.anomalies });
      const octets = await ecrireDocx(p, { modele: MODELE_PLAN_FORMATION, version: lu.donnees.referentiel.version, variables: {}, sections: {} });
      telecharger(octets, `plan-formation${lu.donnees.etablissement ? `-${slug(lu.donnees.etablissement)}` : ""}.docx`, TYPE_DOCX);
      setFait(t("comp.plan.fait"));
    });

  const a = lu?.analyse;
  const pourcent = (x: number | null) => (x === null ? "—" : String(Math.round(x * 100)));
  const libelle = (id: string) => {
    const c = lu?.donnees.referentiel.domaines.flatMap((d) => d.competences).find((x) => x.id === id);
    return c ? (c.libelle[langue] ?? c.libelle.fr) : id;
  };

  return (
    <section className={styles.section} aria-label={t("onglet.competences")}>
      {!peutTelecharger && <Message type="warning" texte={t("comp.mac")} />}
      <Subtitle2>{t("comp.creer.titre")}</Subtitle2>
      <Text>{t("comp.creer.aide")}</Text>
      <Field label={t("etablissement.label")}>
        <Input value={etablissement} onChange={(_, d) => setEtablissement(d.value)} maxLength={120} data-testid="comp-etablissement" />
      </Field>
      <Field label={t("periode.label")} validationState={periodeValide ? "none" : "error"} validationMessage={periodeValide ? undefined : t("periode.invalide")}>
        <Input value={periode} onChange={(_, d) => setPeriode(d.value)} maxLength={10} />
      </Field>
      <div>
        <BoutonFichier appearance="primary" libelle={t("comp.creer.bouton")} testId="entree-personnel" accept=".csv,.txt,text/csv" onFichier={creer} disabled={!!occupe || !periodeValide || !peutTelecharger} />
      </div>

      <Subtitle2>{t("comp.plan.titre")}</Subtitle2>
      <Text>{t("comp.plan.aide")}</Text>
      <div>
        <BoutonFichier appearance="secondary" libelle={t("comp.ouvrir")} testId="entree-competences" accept=".xlsx" onFichier={lire} disabled={!!occupe} />
      </div>
      {occupe && <Spinner size="tiny" label={occupe} />}
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {fait && <Message type="success" texte={fait} onFermer={() => setFait(null)} />}
      {lu && a && (
        <>
          <Caption1>{t("fichier.courant", { nom: lu.nom })}</Caption1>
          <Text data-testid="comp-qualite">{t("comp.qualite", { n: a.total.formesQualite, total: a.total.effectif, part: pourcent(a.total.part) })}</Text>
          {a.tableauBord.length > 1 && (
            <ul className={styles.liste}>
              {a.tableauBord.map((l) => (
                <li key={l.etablissement}>
                  <Caption1>{t("comp.qualiteEps", { eps: l.etablissement || "—", n: l.formesQualite, total: l.effectif, part: pourcent(l.part) })}</Caption1>
                </li>
              ))}
            </ul>
          )}
          <Subtitle2>{t("comp.besoins")}</Subtitle2>
          <ol className={styles.liste} data-testid="comp-besoins">
            {[...a.competences]
              .filter((c) => c.sousRequis > 0)
              .sort((x, y) => y.sousRequis - x.sousRequis)
              .slice(0, 5)
              .map((c) => (
                <li key={c.competence}>
                  <Text weight="semibold">{c.competence}</Text> <Text>{libelle(c.competence)}</Text>{" "}
                  <Caption1>{t("comp.ligneBesoin", { n: c.sousRequis, total: c.positionnes })}</Caption1>
                </li>
              ))}
          </ol>
          {lu.anomalies.length > 0 && <Message type="warning" texte={t("comp.anomalies", { n: lu.anomalies.length, premiere: lu.anomalies[0]! })} />}
          <div>
            <Button appearance="primary" onClick={() => void plan()} disabled={!!occupe || !peutTelecharger} data-testid="comp-plan">
              {t("comp.plan.bouton")}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
