import { useContext, useMemo, useState } from "react";
import { Badge, Button, Caption1, Checkbox, Field, Input, makeStyles, ProgressBar, Spinner, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { COMPLETION_MIN_DEFAUT, consolider, fichiersEcartes, type Consolidation as C, type SourceConsolidation } from "../../core/consolidation";
import { planifierConsolidation } from "../../core/consolidation-plan";
import { nomCampagne } from "../../core/periode";
import type { WorkbookPlan } from "../../core/workbook-plan";
import { BoutonFichier } from "../commun/BoutonFichier";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { slug, telecharger, TYPE_DOCX } from "../commun/telechargement";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { useTI } from "../i18n/isole";

/** Where the consolidated sheets go: the open workbook (Office.js) or the file being edited. */
export interface CibleConsolidation {
  ecrire(plan: (feuillesExistantes: string[]) => WorkbookPlan): Promise<void>;
}

const useStyles = makeStyles({
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  // The preview scrolls inside itself: never wider than the pane.
  apercu: { maxWidth: "100%", overflowX: "auto" },
  tableau: {
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    width: "100%",
    "& th, & td": { padding: `2px ${tokens.spacingHorizontalXS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, textAlign: "start" },
    "& td.n": { textAlign: "end", whiteSpace: "nowrap" },
  },
});

const COULEURS = { ok: "success", migre: "informative", refuse: "danger", doublon: "warning", "periode-anterieure": "subtle" } as const;
/** Establishments shown in the preview before « N autres ». */
const APERCU = 5;

export function Consolidation({ cible }: { cible: CibleConsolidation }) {
  const t = useT();
  const ti = useTI();
  const styles = useStyles();
  const [avance, setAvance] = useState<{ fait: number; total: number } | null>(null);
  const [resultat, setResultat] = useState<C | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [completionMin, setCompletionMin] = useState(String(COMPLETION_MIN_DEFAUT * 100));
  const [anonymiser, setAnonymiser] = useState(false);
  const [organisme, setOrganisme] = useState("");
  const [occupe, setOccupe] = useState<string | null>(null);
  const [fait, setFait] = useState<string | null>(null);
  const min = Number(completionMin.replace(",", ".").replace(/\s*%$/, ""));
  const minValide = completionMin.trim() !== "" && Number.isFinite(min) && min >= 0 && min <= 100;
  const pourcent = (x: number) => String(Math.round(x * 100));
  const langue = useContext(LangueContexte);
  // Thematic names in the pane's language, from the shipped referential when the consolidation is on its version.
  const nomsThematiques = useMemo(() => {
    const ref = resultat ? referentielLivreSiConnu(resultat.referentiel.id) : null;
    return new Map(ref && ref.version === resultat?.referentiel.version ? ref.chapitres.flatMap((ch) => ch.thematiques.map((th) => [th.id, th.libelle[langue] ?? th.libelle.fr] as const)) : []);
  }, [resultat, langue]);
  const deux = (x: number | null) => (x === null ? "—" : x.toFixed(2).replace(".", ","));

  async function lancer(fichiers: File[]) {
    setErreur(null);
    setResultat(null);
    setFait(null);
    try {
      const { lireSourceConsolidation } = await import("../../hosts/xlsx/classeur");
      const sources: SourceConsolidation[] = [];
      for (const [i, f] of fichiers.entries()) {
        setAvance({ fait: i, total: fichiers.length });
        // One file at a time: only its answers are kept, memory stays bounded.
        sources.push(await lireSourceConsolidation(new Uint8Array(await f.arrayBuffer()), f.name));
      }
      setAvance({ fait: fichiers.length, total: fichiers.length });
      // Shown first; written only when asked.
      setResultat(consolider(sources, { completionMin: min / 100, anonymiser }));
    } catch (e) {
      setErreur(erreurVolet(e, t("conso.titre")));
    } finally {
      setAvance(null);
    }
  }

  async function ecrire(c: C) {
    setOccupe(t("conso.ecriture"));
    setErreur(null);
    setFait(null);
    try {
      await cible.ecrire((existantes) => planifierConsolidation(c, existantes));
      setFait(t("conso.ecrit"));
    } catch (e) {
      setErreur(erreurVolet(e, t("conso.ecriture")));
    } finally {
      setOccupe(null);
    }
  }

  /** The capitalisation report, built here by the same code as `qualite consolider --rapport`, then downloaded. */
  async function rapport(c: C) {
    setOccupe(t("conso.rapportEncours"));
    setErreur(null);
    setFait(null);
    try {
      const { ecrireRapportCapitalisation } = await import("../../hosts/docx/capitalisation");
      const octets = await ecrireRapportCapitalisation(c, { organisme });
      const nom = `capitalisation-${c.referentiel.id}${organisme.trim() ? `-${slug(organisme)}` : ""}.docx`;
      telecharger(octets, nom, TYPE_DOCX);
      setFait(t("conso.rapportFait", { nom }));
    } catch (e) {
      setErreur(erreurVolet(e, t("conso.rapportEncours")));
    } finally {
      setOccupe(null);
    }
  }

  return (
    <section style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM }} aria-label={t("conso.titre")}>
      <Text>{t("conso.aide")}</Text>
      <div>
        <Field label={t("conso.completionMin")} validationState={minValide ? "none" : "error"} validationMessage={minValide ? undefined : t("conso.completionInvalide")}>
          <Input value={completionMin} onChange={(_, d) => setCompletionMin(d.value)} style={{ width: "6em" }} inputMode="decimal" data-testid="completion-min" dir="ltr" />
        </Field>
        <Checkbox checked={anonymiser} onChange={(_, d) => setAnonymiser(d.checked === true)} label={t("conso.anonymiser")} data-testid="anonymiser" />
      </div>
      <div>
        <BoutonFichier appearance="primary" libelle={t("conso.choisir")} testId="entree-consolidation" accept=".xlsx,.xlsm" onFichiers={lancer} disabled={avance !== null || !minValide || !!occupe} />
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
                ? t("conso.fini", { n: resultat.etablissements.length, moyenne: deux(resultat.global.moyenne), refuses: fichiersEcartes(resultat).length })
                : t("conso.aucun")
            }
          />
          {resultat.etablissements.length > 0 && (
            <>
              {/* The matrix before it is written: first establishments, then the national means by thematic. */}
              <Subtitle2>{t("conso.apercu")}</Subtitle2>
              <div className={styles.apercu} data-testid="apercu-matrice">
                <table className={styles.tableau}>
                  <thead>
                    <tr>
                      <th>{t("conso.colEtablissement")}</th>
                      <th>{t("resultats.global")}</th>
                      <th>{t("resultats.completion")}</th>
                      <th>{t("conso.colImperatifs")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {resultat.etablissements.slice(0, APERCU).map((e) => (
                      <tr key={`${e.etablissement}|${e.periode}|${e.campagne ?? ""}`}>
                        <td>
                          <bdi>{e.etablissement}</bdi> <Caption1><bdi>{nomCampagne(e.periode, e.campagne)}</bdi></Caption1>
                        </td>
                        <td className="n">{deux(e.resultats.global)}</td>
                        <td className="n">{pourcent(e.resultats.completion)} %</td>
                        <td className="n">{e.tauxImperatifs === null ? "—" : `${pourcent(e.tauxImperatifs)} %`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {resultat.etablissements.length > APERCU && <Caption1>{t("conso.apercuAutres", { vus: APERCU, n: resultat.etablissements.length })}</Caption1>}
              <div className={styles.apercu}>
                <table className={styles.tableau} data-testid="apercu-thematiques">
                  <thead>
                    <tr>
                      <th>{t("conso.colThematique")}</th>
                      <th>{t("conso.colMoyenne")}</th>
                      <th>{t("conso.colEtendue")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {resultat.thematiques.map((x) => (
                      <tr key={x.id}>
                        <td>
                          <bdi>{nomsThematiques.get(x.id) ?? x.libelle}</bdi>
                        </td>
                        <td className="n">{deux(x.moyenne)}</td>
                        <td className="n">
                          <bdi>{`${deux(x.min)} – ${deux(x.max)}`}</bdi>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>

              <Subtitle2>{t("conso.classement", { min: pourcent(resultat.completionMin) })}</Subtitle2>
              <ol className={styles.liste} data-testid="classement">
                {resultat.classement.map((e) => (
                  <li key={`${e.etablissement}|${e.periode}`} value={e.rang}>
                    <Text weight="semibold">
                      <bdi>{e.etablissement}</bdi>
                    </Text>{" "}
                    <Caption1>
                      {t("conso.ligneClassement", { score: deux(e.global), completion: pourcent(e.completion), imperatifs: e.imperatifsNonAtteints })}
                    </Caption1>
                  </li>
                ))}
              </ol>
              {resultat.horsClassement.length > 0 && (
                <Caption1 data-testid="hors-classement">
                  {ti("conso.horsClassement", { liste: resultat.horsClassement.map((e) => `${e.etablissement} (${pourcent(e.completion)} %)`).join(", ") })}
                </Caption1>
              )}
              {resultat.tousImperatifs.part !== null && (
                <Text data-testid="tous-imperatifs">
                  {t("conso.tousImperatifs", { n: resultat.tousImperatifs.n, total: resultat.etablissements.length, part: pourcent(resultat.tousImperatifs.part) })}
                </Text>
              )}

              <div className={styles.ligne}>
                <Button appearance="primary" onClick={() => void ecrire(resultat)} disabled={!!occupe} data-testid="ecrire-consolidation">
                  {t("conso.ecrire")}
                </Button>
              </div>
              <Field label={t("conso.organisme")} hint={t("conso.organismeAide")}>
                <Input value={organisme} onChange={(_, d) => setOrganisme(d.value)} maxLength={120} dir="auto" data-testid="organisme" />
              </Field>
              <div className={styles.ligne}>
                <Button onClick={() => void rapport(resultat)} disabled={!!occupe} data-testid="rapport-capitalisation">
                  {t("conso.rapport")}
                </Button>
                {occupe && <Spinner size="tiny" label={occupe} />}
              </div>
              {fait && <Message type="success" texte={fait} onFermer={() => setFait(null)} />}
            </>
          )}
          <Subtitle2>{t("conso.fichiers")}</Subtitle2>
          <ul className={styles.liste} data-testid="statuts">
            {resultat.fichiers.map((f) => (
              <li key={f.fichier}>
                <Badge color={COULEURS[f.statut]}>{t(`conso.statut.${f.statut}`)}</Badge> <bdi>{f.fichier}</bdi>
                {f.raison && (
                  <Caption1>
                    {" — "}
                    <bdi>{f.raison}</bdi>
                  </Caption1>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
