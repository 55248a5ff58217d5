import { useContext, useState } from "react";
import { Button, Caption1, Field, Input, makeStyles, Radio, RadioGroup, Select, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { lirePeriode } from "../../core/periode";
import { QUESTIONNAIRES_LIVRES, questionnaireLivre } from "../../core/enquetes/catalogue";
import type { ResultatsEnquete } from "../../core/enquetes/resultats";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { BoutonFichier } from "../commun/BoutonFichier";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { telechargementPossible, type EnvironnementVolet } from "../commun/office";
import { telecharger, TYPE_DOCX } from "../commun/telechargement";
import { LISTE_PLEINE_LARGEUR } from "../commun/liste";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";

const useStyles = makeStyles({
  bloc: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/**
 * The « Enquêtes » tab: printable questionnaire and answer workbook to download, then the results
 * of a filled workbook (read on this machine) with their document. Everything runs locally; the
 * heavy modules (docx, ExcelJS) load on the first click.
 */
export function Enquetes({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  const langueVolet = useContext(LangueContexte);
  const styles = useStyles();
  const [modele, setModele] = useState(QUESTIONNAIRES_LIVRES[0]!);
  const [langue, setLangue] = useState<"fr" | "ar">(langueVolet);
  const [etablissement, setEtablissement] = useState("");
  const [periode, setPeriode] = useState(String(new Date().getFullYear()));
  const periodeLue = lirePeriode(periode);
  const periodeOk = periode.trim() === "" || periodeLue !== null;
  const [occupe, setOccupe] = useState(false);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [resultats, setResultats] = useState<{ r: ResultatsEnquete; docx: Uint8Array; nom: string } | null>(null);
  const q = questionnaireLivre(modele);
  const telechargeable = telechargementPossible(env);

  async function faire(travail: () => Promise<void>) {
    setErreur(null);
    setOccupe(true);
    try {
      await travail();
    } catch (e) {
      setErreur(erreurVolet(e, t("enquete.titre")));
    } finally {
      setOccupe(false);
    }
  }

  const questionnaire = () =>
    faire(async () => {
      const { ecrireQuestionnaireDocx } = await import("../../hosts/docx/questionnaire");
      telecharger(await ecrireQuestionnaireDocx(q, langue), `questionnaire-${q.id}-${langue}.docx`, TYPE_DOCX);
    });

  const classeur = () =>
    faire(async () => {
      const { ecrireClasseurEnquete } = await import("../../hosts/xlsx/enquete");
      const referentiel = referentielLivreSiConnu(q.referentiel.id) ?? undefined;
      const p = periodeLue?.texte ?? "";
      const nom = `reponses-${q.id}${p ? `-${p}` : ""}.xlsx`;
      telecharger(await ecrireClasseurEnquete({ questionnaire: q, referentiel, etablissement: etablissement.trim(), periode: p }, nom), nom);
    });

  const lire = (f: File) =>
    faire(async () => {
      setResultats(null);
      const [{ lireClasseurEnquete }, { calculerResultats }, { planifierResultatsEnquete, MODELE_RESULTATS_ENQUETE }, { ecrireDocx }] = await Promise.all([
        import("../../hosts/xlsx/enquete"),
        import("../../core/enquetes/resultats"),
        import("../../core/enquetes/document"),
        import("../../hosts/docx/document"),
      ]);
      const lu = await lireClasseurEnquete(new Uint8Array(await f.arrayBuffer()), f.name);
      const r = calculerResultats(lu.questionnaire, lu.reponses, { seuil: lu.seuil, periode: lu.periode });
      const referentiel = referentielLivreSiConnu(lu.questionnaire.referentiel.id) ?? undefined;
      const plan = planifierResultatsEnquete({ questionnaire: lu.questionnaire, resultats: r, referentiel, etablissement: lu.etablissement });
      const docx = await ecrireDocx(plan, { modele: MODELE_RESULTATS_ENQUETE, version: lu.questionnaire.version, variables: {}, sections: {} });
      setResultats({ r, docx, nom: `resultats-${lu.questionnaire.id}${lu.periode ? `-${lu.periode}` : ""}.docx` });
    });

  const indice = (x: number | null) => (x === null ? "—" : x.toFixed(1).replace(".", ","));

  return (
    <section className={styles.bloc} aria-label={t("enquete.titre")}>
      <Text>{t("enquete.aide")}</Text>
      <Field label={t("enquete.modele")}>
        <Select {...LISTE_PLEINE_LARGEUR} value={modele} onChange={(_, d) => setModele(d.value)} data-testid="modele-enquete">
          {QUESTIONNAIRES_LIVRES.map((id) => {
            const x = questionnaireLivre(id);
            return (
              <option key={id} value={id}>
                {x.public[langueVolet]}
              </option>
            );
          })}
        </Select>
      </Field>
      <Caption1>{t("enquete.resume", { n: q.questions.length, titre: q.titre[langueVolet] })}</Caption1>
      <Field label={t("enquete.langue")}>
        <RadioGroup layout="horizontal" value={langue} onChange={(_, d) => setLangue(d.value as "fr" | "ar")}>
          <Radio value="fr" label="Français" />
          <Radio value="ar" label="العربية" />
        </RadioGroup>
      </Field>
      <Field label={t("etablissement.label")}>
        <Input value={etablissement} onChange={(_, d) => setEtablissement(d.value)} />
      </Field>
      <Field label={t("periode.label")} hint={t("enquete.periodeAide")} validationState={periodeOk ? "none" : "error"} validationMessage={periodeOk ? undefined : t("periode.invalide")}>
        <Input value={periode} onChange={(_, d) => setPeriode(d.value)} style={{ width: "10em" }} input={{ dir: "ltr" }} />
      </Field>
      {telechargeable ? (
        <div className={styles.ligne}>
          <Button appearance="primary" onClick={() => void questionnaire()} disabled={occupe}>
            {t("enquete.questionnaire")}
          </Button>
          <Button onClick={() => void classeur()} disabled={occupe || !periodeOk}>
            {t("enquete.classeur")}
          </Button>
        </div>
      ) : (
        <Caption1>{t("telechargement.mac")}</Caption1>
      )}
      <Subtitle2>{t("enquete.resultats")}</Subtitle2>
      <div>
        <BoutonFichier libelle={t("enquete.ouvrir")} testId="entree-enquete" accept=".xlsx" onFichier={lire} disabled={occupe} />
      </div>
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {resultats && (
        <>
          <Message
            type={resultats.r.affiche ? "success" : "warning"}
            texte={resultats.r.affiche ? t("enquete.lu", { n: resultats.r.repondants }) : t("enquete.sousSeuil", { n: resultats.r.repondants, seuil: resultats.r.seuil })}
          />
          {resultats.r.affiche && (
            <ul className={styles.liste} data-testid="indices-criteres">
              {resultats.r.criteres.map((c) => (
                <li key={c.id}>
                  <Text weight="semibold">{c.id}</Text> <Text>{indice(c.indice)}</Text> <Caption1 dir="ltr">{c.reference}</Caption1>
                </li>
              ))}
            </ul>
          )}
          {telechargeable && (
            <div>
              <Button appearance="primary" onClick={() => telecharger(resultats.docx, resultats.nom, TYPE_DOCX)}>
                {t("enquete.telechargerResultats")}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
