import { useState } from "react";
import { Badge, Caption1, Checkbox, Field, Input, makeStyles, ProgressBar, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { COMPLETION_MIN_DEFAUT, consolider, fichiersEcartes, type Consolidation as C, type SourceConsolidation } from "../../core/consolidation";
import { planifierConsolidation } from "../../core/consolidation-plan";
import type { WorkbookPlan } from "../../core/workbook-plan";
import { BoutonFichier } from "../commun/BoutonFichier";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { useT } from "../i18n";

/** Where the consolidated sheets go: the open workbook (Office.js) or the file being edited. */
export interface CibleConsolidation {
  ecrire(plan: (feuillesExistantes: string[]) => WorkbookPlan): Promise<void>;
}

const useStyles = makeStyles({
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

const COULEURS = { ok: "success", migre: "informative", refuse: "danger", doublon: "warning", "periode-anterieure": "subtle" } as const;

export function Consolidation({ cible }: { cible: CibleConsolidation }) {
  const t = useT();
  const styles = useStyles();
  const [avance, setAvance] = useState<{ fait: number; total: number } | null>(null);
  const [resultat, setResultat] = useState<C | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [completionMin, setCompletionMin] = useState(String(COMPLETION_MIN_DEFAUT * 100));
  const [anonymiser, setAnonymiser] = useState(false);
  const min = Number(completionMin.replace(",", ".").replace(/\s*%$/, ""));
  const minValide = completionMin.trim() !== "" && Number.isFinite(min) && min >= 0 && min <= 100;
  const pourcent = (x: number) => String(Math.round(x * 100));

  async function lancer(fichiers: File[]) {
    setErreur(null);
    setResultat(null);
    try {
      const { lireSourceConsolidation } = await import("../../hosts/xlsx/classeur");
      const sources: SourceConsolidation[] = [];
      for (const [i, f] of fichiers.entries()) {
        setAvance({ fait: i, total: fichiers.length });
        // One file at a time: only its answers are kept, memory stays bounded.
        sources.push(await lireSourceConsolidation(new Uint8Array(await f.arrayBuffer()), f.name));
      }
      setAvance({ fait: fichiers.length, total: fichiers.length });
      const c = consolider(sources, { completionMin: min / 100, anonymiser });
      if (c.etablissements.length) await cible.ecrire((existantes) => planifierConsolidation(c, existantes));
      setResultat(c);
    } catch (e) {
      setErreur(erreurVolet(e, t("conso.titre")));
    } finally {
      setAvance(null);
    }
  }

  return (
    <section style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM }} aria-label={t("conso.titre")}>
      <Text>{t("conso.aide")}</Text>
      <div>
        <Field label={t("conso.completionMin")} validationState={minValide ? "none" : "error"} validationMessage={minValide ? undefined : t("conso.completionInvalide")}>
          <Input value={completionMin} onChange={(_, d) => setCompletionMin(d.value)} style={{ width: "6em" }} inputMode="decimal" data-testid="completion-min" />
        </Field>
        <Checkbox checked={anonymiser} onChange={(_, d) => setAnonymiser(d.checked === true)} label={t("conso.anonymiser")} data-testid="anonymiser" />
      </div>
      <div>
        <BoutonFichier appearance="primary" libelle={t("conso.choisir")} testId="entree-consolidation" accept=".xlsx,.xlsm" onFichiers={lancer} disabled={avance !== null || !minValide} />
      </div>
      {avance && <ProgressBar value={avance.total ? avance.fait / avance.total : 0} aria-label={t("conso.progression", { fait: avance.fait, total: avance.total })} />}
      {avance && <Caption1>{t("conso.progression", { fait: avance.fait, total: avance.total })}</Caption1>}
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {resultat && (
        <>
          <Message
            type={resultat.etablissements.length ? "success" : "error"}
            texte={
              resultat.etablissements.length
                ? t("conso.fini", { n: resultat.etablissements.length, moyenne: resultat.global.moyenne?.toFixed(2).replace(".", ",") ?? "—", refuses: fichiersEcartes(resultat).length })
                : t("conso.aucun")
            }
          />
          {resultat.etablissements.length > 0 && (
            <>
              <Subtitle2>{t("conso.classement", { min: pourcent(resultat.completionMin) })}</Subtitle2>
              <ol className={styles.liste} data-testid="classement">
                {resultat.classement.map((e) => (
                  <li key={e.etablissement} value={e.rang}>
                    <Text weight="semibold">{e.etablissement}</Text>{" "}
                    <Caption1>
                      {t("conso.ligneClassement", { score: e.global.toFixed(2).replace(".", ","), completion: pourcent(e.completion), imperatifs: e.imperatifsNonAtteints })}
                    </Caption1>
                  </li>
                ))}
              </ol>
              {resultat.horsClassement.length > 0 && (
                <Caption1 data-testid="hors-classement">
                  {t("conso.horsClassement", { liste: resultat.horsClassement.map((e) => `${e.etablissement} (${pourcent(e.completion)} %)`).join(", ") })}
                </Caption1>
              )}
              {resultat.tousImperatifs.part !== null && (
                <Text data-testid="tous-imperatifs">
                  {t("conso.tousImperatifs", { n: resultat.tousImperatifs.n, total: resultat.etablissements.length, part: pourcent(resultat.tousImperatifs.part) })}
                </Text>
              )}
            </>
          )}
          <Subtitle2>{t("conso.fichiers")}</Subtitle2>
          <ul className={styles.liste} data-testid="statuts">
            {resultat.fichiers.map((f) => (
              <li key={f.fichier}>
                <Badge color={COULEURS[f.statut]}>{t(`conso.statut.${f.statut}`)}</Badge> {f.fichier}
                {f.raison && <Caption1> — {f.raison}</Caption1>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
