import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Button, Caption1, makeStyles, Spinner, Tab, TabList, Text, tokens } from "@fluentui/react-components";
import type { Classeur } from "../../hosts/xlsx/classeur";
import { exigenceManquante, type EnvironnementVolet } from "../commun/office";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { telecharger } from "../commun/telechargement";
import { Message } from "../commun/Messages";
import { BoutonFichier } from "../commun/BoutonFichier";
import { useT } from "../i18n";
import { useTI } from "../i18n/isole";
import { identiteDuClasseur, identiteInitiale, type IdentiteGrille } from "./identite";
import type { CibleConsolidation } from "./Consolidation";
import { sourceClassementFichier, sourceClassementOffice } from "./sources-classement";

/**
 * Every tab's component loads on its own, after the pane's first paint: the shipped
 * referentials, the schema validator and the engines never weigh on the pane's start. The Grille
 * tab, shown first, starts loading as soon as this module runs (while Office answers).
 */
const chargerGrille = () => import("./Grille");
const prechargement = chargerGrille();
const Grille = lazy(() => prechargement.catch(chargerGrille).then((m) => ({ default: m.Grille })));
const Resultats = lazy(() => import("./Resultats").then((m) => ({ default: m.ResultatsClasseur })));
const Consolidation = lazy(() => import("./Consolidation").then((m) => ({ default: m.Consolidation })));
const Classer = lazy(() => import("./Classer").then((m) => ({ default: m.Classer })));
const Competences = lazy(() => import("./Competences").then((m) => ({ default: m.Competences })));
const Enquetes = lazy(() => import("./Enquetes").then((m) => ({ default: m.Enquetes })));
const Suivi = lazy(() => import("./Suivi").then((m) => ({ default: m.SuiviClasseur })));

/** The tabs, in order. A new tab: one value here, one <Tab> line and one render line below. */
type Onglet = "grille" | "resultats" | "consolider" | "suivi" | "classer" | "competences" | "enquetes";

const useStyles = makeStyles({
  formulaire: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
});

/** The file adapter (ExcelJS) is loaded only in file mode: Excel never downloads it. */
const adaptateurFichier = () => import("../../hosts/xlsx/classeur");

export interface ClasseurOuvert {
  nom: string;
  wb: Classeur;
}

export function AppExcel({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  const ti = useTI();
  const styles = useStyles();
  const [identite, setIdentite] = useState<IdentiteGrille>(() => identiteInitiale());
  const [onglet, setOnglet] = useState<Onglet>("grille");
  const [ouverture, setOuverture] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [classeur, setClasseur] = useState<ClasseurOuvert | null>(null);
  const [sortie, setSortie] = useState<{ octets: Uint8Array; nom: string } | null>(null);
  // The workbook as it is now, for reads that outlive a render (the Classer tab reads right after creating).
  const classeurCourant = useRef<ClasseurOuvert | null>(null);
  classeurCourant.current = classeur;

  const fichier = env.mode === "fichier";
  const modifier = (p: Partial<IdentiteGrille>) => setIdentite((i) => ({ ...i, ...p }));
  const ecrit = (octets: Uint8Array, nom: string) => setSortie({ octets, nom });

  // In Excel, the open workbook's own identity fills the form, as a file's does in file mode.
  useEffect(() => {
    if (env.mode !== "office" || env.hote !== "Excel") return;
    let actif = true;
    void import("../../hosts/excel/injection")
      .then(({ lireMetaExcel }) => Excel.run((context) => lireMetaExcel(context, "Le classeur")))
      .then((meta) => actif && setIdentite((i) => identiteDuClasseur(meta, i)))
      .catch((e) => actif && setErreur(erreurVolet(e, t("chargement.identite"))));
    return () => {
      actif = false;
    };
  }, [env]);

  async function ouvrirXlsx(octets: Uint8Array, nom: string) {
    setOuverture(t("fichier.ouverture", { nom }));
    setErreur(null);
    setSortie(null);
    try {
      const { ouvrirClasseur } = await adaptateurFichier();
      const wb = await ouvrirClasseur(octets, nom);
      setClasseur({ nom, wb });
      // A workbook of ours says who and when: the form shows it, as Excel would.
      setIdentite((i) => identiteDuClasseur(wb.etat.meta, i));
    } catch (e) {
      setErreur(erreurVolet(e, t("fichier.ouverture", { nom })));
    } finally {
      setOuverture(null);
    }
  }

  async function classeurVierge() {
    const { nouveauClasseur } = await adaptateurFichier();
    setSortie(null);
    setErreur(null);
    const nom = identite.referentielId ? `grille-${identite.referentielId}.xlsx` : "grille.xlsx";
    setClasseur({ nom, wb: nouveauClasseur(nom) });
  }

  if (env.mode === "office" && env.hote !== "Excel") return <Message type="error" texte={t("hote.mauvais", { volet: "Excel", hote: env.nomHote })} />;
  // The decision grid (Classer tab): its modules load with the tab, never at start.
  const sourceClassement = useMemo(
    () =>
      env.mode === "office"
        ? sourceClassementOffice()
        : sourceClassementFichier(
            () => classeurCourant.current,
            (cree, octets) => {
              classeurCourant.current = cree;
              setClasseur(cree);
              setSortie({ octets, nom: cree.nom });
            },
          ),
    [env.mode, classeur],
  );

  const manque = env.mode === "office" ? exigenceManquante((api, v) => Office.context.requirements.isSetSupported(api, v), "Excel") : null;
  if (manque) return <Message type="error" titre={t("erreur.titre")} texte={t("hote.tropAncien", { hote: "Excel", api: manque.api, version: manque.version })} />;

  const cibleConsolidation: CibleConsolidation =
    env.mode === "office"
      ? {
          ecrire: async (plan) => {
            const { ecrireConsolidationExcel } = await import("../../hosts/excel/injection");
            await Excel.run({ delayForCellEdit: true }, (context) => ecrireConsolidationExcel(context, plan));
          },
        }
      : {
          ecrire: async (plan) => {
            const { nouveauClasseur, appliquerPlan, ecrireClasseur } = await adaptateurFichier();
            const cible = classeur ?? { nom: "consolidation.xlsx", wb: nouveauClasseur("consolidation.xlsx") };
            await appliquerPlan(cible.wb, plan(cible.wb.etat.feuilles));
            setClasseur(cible);
            setSortie({ octets: await ecrireClasseur(cible.wb), nom: cible.nom });
          },
        };
  const meta = classeur?.wb.etat.meta;

  return (
    <>
      {fichier && <Message type="info" texte={t(env.expire ? "mode.office.expire" : "mode.fichier")} />}

      {fichier && (
        <section className={styles.formulaire} aria-label={t("fichier.ouvrir")}>
          <div className={styles.ligne}>
            <BoutonFichier
              appearance="secondary"
              disabled={!!ouverture}
              libelle={t("fichier.ouvrir")}
              testId="entree-xlsx"
              accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12"
              onFichier={async (f) => ouvrirXlsx(new Uint8Array(await f.arrayBuffer()), f.name)}
            />
            <Button appearance="secondary" onClick={() => void classeurVierge()} disabled={!!ouverture}>
              {t("fichier.vierge")}
            </Button>
          </div>
          <Caption1 data-testid="classeur-courant">
            {classeur ? (
              <>
                {ti("fichier.courant", { nom: classeur.nom })}
                {meta && (
                  <>
                    {" — "}
                    {/* Names, periods and codes mixed with the pane's language: each one isolated. */}
                    {[meta.etablissement, meta.periode, `${meta.referentielId} ${meta.referentielVersion}`]
                      .filter(Boolean)
                      .map((x, i) => (
                        <span key={i}>
                          {i > 0 && " · "}
                          <bdi>{x}</bdi>
                        </span>
                      ))}
                    {meta.evaluateurs?.length ? (
                      <>
                        {" · "}
                        {ti("fichier.evaluateurs", { noms: meta.evaluateurs.join(", ") })}
                      </>
                    ) : null}
                  </>
                )}
              </>
            ) : (
              t("fichier.aucun")
            )}
          </Caption1>
          {ouverture && <Spinner size="tiny" label={ouverture} />}
        </section>
      )}
      {erreur && <Message type="error" titre={t("erreur.titre")} texte={erreur.message} details={erreur.details} onFermer={() => setErreur(null)} />}

      {/* Seven tabs wrap onto a second line rather than widen or hide in a 320 px pane. */}
      <TabList size="small" style={{ flexWrap: "wrap" }} selectedValue={onglet} onTabSelect={(_, d) => setOnglet(d.value as Onglet)}>
        <Tab value="grille">{t("onglet.grille")}</Tab>
        <Tab value="resultats" disabled={fichier && !classeur}>
          {t("onglet.resultats")}
        </Tab>
        <Tab value="consolider">{t("onglet.consolider")}</Tab>
        <Tab value="suivi" disabled={fichier && !classeur}>
          {t("onglet.suivi")}
        </Tab>
        <Tab value="classer">{t("onglet.classer")}</Tab>
        <Tab value="competences">{t("onglet.competences")}</Tab>
        <Tab value="enquetes">{t("onglet.enquetes")}</Tab>
      </TabList>
      {/* One tab at a time: a tab's form and messages never show under another. */}
      <Suspense fallback={<Spinner size="small" label={t("chargement.onglet")} />}>
        {onglet === "grille" && (
          <Grille env={env} identite={identite} modifier={modifier} classeur={classeur} referentielClasseur={meta?.referentielJson} occupeAilleurs={!!ouverture} ecrit={ecrit} />
        )}
        {onglet === "resultats" && <Resultats env={env} classeur={classeur} ecrit={ecrit} />}
        {onglet === "consolider" && <Consolidation cible={cibleConsolidation} />}
        {onglet === "suivi" && <Suivi env={env} classeur={classeur} ecrit={ecrit} />}
        {onglet === "classer" && <Classer source={sourceClassement} />}
        {onglet === "competences" && <Competences env={env} />}
        {onglet === "enquetes" && <Enquetes env={env} />}
      </Suspense>

      {sortie && (
        <div>
          <Button appearance="primary" onClick={() => telecharger(sortie.octets, sortie.nom)}>
            {ti("fichier.telecharger", { nom: sortie.nom })}
          </Button>
        </div>
      )}
      <Text size={100} style={{ color: tokens.colorNeutralForeground3 }}>
        v{process.env.QUALITE_VERSION}
      </Text>
    </>
  );
}
