import { lazy, Suspense, useContext, useMemo, useState } from "react";
import { lirePeriode } from "../../core/periode";
import { Button, Caption1, Checkbox, Label, Field, Input, makeStyles, Radio, RadioGroup, Select, Spinner, Tab, TabList, Text, tokens } from "@fluentui/react-components";
import type { Classeur } from "../../hosts/xlsx/classeur";
import { referentielsLivres } from "../../core/catalogue";
import { compterReferentiel, lireReferentielJson, type Referentiel } from "../../core/referential";
import { resumeInjection } from "../../core/grille";
import { injecterDansExcel } from "../../hosts/excel/injection";
import { exigenceManquante, type EnvironnementVolet } from "../commun/office";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { slug, telecharger, TYPE_DOCX } from "../commun/telechargement";
import { Message } from "../commun/Messages";
import { LISTE_PLEINE_LARGEUR } from "../commun/liste";
import { BoutonFichier } from "../commun/BoutonFichier";
import { LangueContexte, useT } from "../i18n";
import type { Consensus } from "../../core/scores";
import type { CibleConsolidation } from "./Consolidation";

// The Résultats and Consolider tabs (charts, scores, consolidation engine) load when first opened.
const Resultats = lazy(() => import("./Resultats").then((m) => ({ default: m.Resultats })));
const Consolidation = lazy(() => import("./Consolidation").then((m) => ({ default: m.Consolidation })));
const Suivi = lazy(() => import("./Suivi").then((m) => ({ default: m.Suivi })));
import { ecrireConsolidationExcel } from "../../hosts/excel/injection";
import { sourceFichier, sourceOffice, sourceSuiviFichier, sourceSuiviOffice } from "./sources";

const useStyles = makeStyles({
  formulaire: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  groupe: { display: "flex", flexDirection: "column", color: tokens.colorNeutralForeground1 },
});

/** The file adapter (ExcelJS) is loaded only in file mode: Excel never downloads it. */
const adaptateurFichier = () => import("../../hosts/xlsx/classeur");

interface ClasseurOuvert {
  nom: string;
  wb: Classeur;
}

export function AppExcel({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const nomReferentiel = (r: Referentiel) => `${r.titre[langue] ?? r.titre.fr} (${r.id} ${r.version})`;
  const [referentiels, setReferentiels] = useState<Referentiel[]>(() => referentielsLivres());
  const [choix, setChoix] = useState(referentiels[0]!.id);
  const [etablissement, setEtablissement] = useState("");
  const [periode, setPeriode] = useState(String(new Date().getFullYear()));
  const [campagne, setCampagne] = useState("");
  const [evaluateurs, setEvaluateurs] = useState("");
  const [consensus, setConsensus] = useState<Consensus>("mediane");
  const [categories, setCategories] = useState<string[]>([]);
  const [onglet, setOnglet] = useState<"grille" | "resultats" | "consolider" | "suivi">("grille");
  const [occupe, setOccupe] = useState<string | null>(null);
  const [resultat, setResultat] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [classeur, setClasseur] = useState<ClasseurOuvert | null>(null);
  const [sortie, setSortie] = useState<{ octets: Uint8Array; nom: string } | null>(null);

  const fichier = env.mode === "fichier";
  const referentiel = referentiels.find((r) => r.id === choix) ?? referentiels[0]!;
  const n = useMemo(() => compterReferentiel(referentiel), [referentiel]);
  const periodeValide = periode.trim() === "" || lirePeriode(periode) !== null;
  const manque =
    env.mode === "office" && env.hote === "Excel"
      ? exigenceManquante((api, v) => Office.context.requirements.isSetSupported(api, v), "Excel")
      : null;

  const commencer = (message: string) => {
    setOccupe(message);
    setErreur(null);
    setResultat(null);
  };

  async function chargerJson(f: File) {
    commencer(t("fichier.ouverture", { nom: f.name }));
    try {
      const ref = lireReferentielJson(await f.text(), `fichier ${f.name}`);
      setReferentiels((liste) => [...liste.filter((r) => r.id !== ref.id), ref]);
      setChoix(ref.id);
    } catch (e) {
      setErreur(erreurVolet(e, t("fichier.ouverture", { nom: f.name })));
    } finally {
      setOccupe(null);
    }
  }

  async function ouvrirXlsx(octets: Uint8Array, nom: string) {
    commencer(t("fichier.ouverture", { nom }));
    setSortie(null);
    try {
      const { ouvrirClasseur } = await adaptateurFichier();
      setClasseur({ nom, wb: await ouvrirClasseur(octets, nom) });
    } catch (e) {
      setErreur(erreurVolet(e, t("fichier.ouverture", { nom })));
    } finally {
      setOccupe(null);
    }
  }

  async function classeurVierge() {
    const { nouveauClasseur } = await adaptateurFichier();
    setSortie(null);
    setErreur(null);
    setClasseur({ nom: `grille-${referentiel.id}.xlsx`, wb: nouveauClasseur(`grille-${referentiel.id}.xlsx`) });
  }

  async function inserer() {
    commencer(t("inserer.encours"));
    const options = {
      referentiel,
      etablissement: etablissement.trim() || undefined,
      periode: periode.trim() || undefined,
      campagne: campagne.trim() || undefined,
      evaluateurs: evaluateurs.trim() ? evaluateurs.split(",").map((e) => e.trim()).filter(Boolean) : undefined,
      consensus,
      // Only the categories the chosen referential knows; none chosen keeps the workbook's own.
      categories: categories.some((c) => referentiel.categories?.some((x) => x.id === c)) ? categories.filter((c) => referentiel.categories?.some((x) => x.id === c)) : undefined,
      etape: (e: string) => setOccupe(e),
    };
    try {
      if (env.mode === "office") {
        const rapport = await Excel.run({ delayForCellEdit: true }, (context) => injecterDansExcel(context, { ...options, source: "Le classeur" }));
        setResultat(resumeInjection(rapport, referentiel));
      } else if (classeur) {
        const { injecterDansClasseur, ecrireClasseur } = await adaptateurFichier();
        const rapport = await injecterDansClasseur(classeur.wb, { ...options, source: classeur.nom });
        const nom = classeur.nom.startsWith("grille-") && etablissement.trim() ? `grille-${referentiel.id}-${slug(etablissement)}.xlsx` : classeur.nom;
        setSortie({ octets: await ecrireClasseur(classeur.wb), nom });
        setResultat(resumeInjection(rapport, referentiel));
      }
    } catch (e) {
      setErreur(erreurVolet(e, t("inserer.encours")));
    } finally {
      setOccupe(null);
    }
  }

  /** The method guide (.docx) of the chosen referential, for the chosen categories: built here, downloaded, nothing sent anywhere. */
  async function guide() {
    commencer(t("guide.encours"));
    try {
      const [{ planifierGuideMethode, MODELE_GUIDE }, { ecrireDocx }] = await Promise.all([import("../../core/pe/guide-methode"), import("../../hosts/docx/document")]);
      const choisies = categories.filter((c) => referentiel.categories?.some((x) => x.id === c));
      const plan = planifierGuideMethode(referentiel, { categories: choisies });
      const octets = await ecrireDocx(plan, { modele: MODELE_GUIDE, version: referentiel.version, variables: {}, sections: {} });
      telecharger(octets, `guide-methode-${referentiel.id}${choisies.length ? `-${choisies.join("-")}` : ""}.docx`, TYPE_DOCX);
      setResultat(t("guide.fait"));
    } catch (e) {
      setErreur(erreurVolet(e, t("guide.encours")));
    } finally {
      setOccupe(null);
    }
  }

  if (env.mode === "office" && env.hote !== "Excel") return <Message type="error" texte={t("hote.mauvais", { volet: "Excel", hote: env.nomHote })} />;
  if (manque) return <Message type="error" titre={t("erreur.titre")} texte={t("hote.tropAncien", { hote: "Excel", api: manque.api, version: manque.version })} />;

  const pret = !occupe && periodeValide && (!fichier || classeur !== null);
  const cibleConsolidation: CibleConsolidation =
    env.mode === "office"
      ? { ecrire: (plan) => Excel.run({ delayForCellEdit: true }, (context) => ecrireConsolidationExcel(context, plan)) }
      : {
          ecrire: async (plan) => {
            const { nouveauClasseur, appliquerPlan, ecrireClasseur } = await adaptateurFichier();
            const cible = classeur ?? { nom: "consolidation.xlsx", wb: nouveauClasseur("consolidation.xlsx") };
            await appliquerPlan(cible.wb, plan(cible.wb.etat.feuilles));
            setClasseur(cible);
            setSortie({ octets: await ecrireClasseur(cible.wb), nom: cible.nom });
          },
        };
  const source = useMemo(
    () =>
      env.mode === "office"
        ? sourceOffice()
        : classeur
          ? sourceFichier(classeur.wb, classeur.nom, (octets) => setSortie({ octets, nom: classeur.nom }))
          : null,
    [env.mode, classeur],
  );
  const sourceSuivi = useMemo(
    () =>
      env.mode === "office"
        ? sourceSuiviOffice()
        : classeur
          ? sourceSuiviFichier(classeur.wb, classeur.nom, (octets) => setSortie({ octets, nom: classeur.nom }))
          : null,
    [env.mode, classeur],
  );

  return (
    <>
      {fichier && <Message type="info" texte={t(env.expire ? "mode.office.expire" : "mode.fichier")} />}

      {fichier && (
        <section className={styles.formulaire} aria-label={t("fichier.ouvrir")}>
          <div className={styles.ligne}>
            <BoutonFichier
              appearance="secondary"
              disabled={!!occupe}
              libelle={t("fichier.ouvrir")}
              testId="entree-xlsx"
              accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12"
              onFichier={async (f) => ouvrirXlsx(new Uint8Array(await f.arrayBuffer()), f.name)}
            />
            <Button appearance="secondary" onClick={() => void classeurVierge()} disabled={!!occupe}>
              {t("fichier.vierge")}
            </Button>
          </div>
          <Caption1>{classeur ? t("fichier.courant", { nom: classeur.nom }) : t("fichier.aucun")}</Caption1>
        </section>
      )}

      <TabList selectedValue={onglet} onTabSelect={(_, d) => setOnglet(d.value as "grille" | "resultats" | "consolider" | "suivi")}>
        <Tab value="grille">{t("onglet.grille")}</Tab>
        <Tab value="resultats" disabled={!source}>
          {t("onglet.resultats")}
        </Tab>
        <Tab value="consolider">{t("onglet.consolider")}</Tab>
        <Tab value="suivi" disabled={!sourceSuivi}>
          {t("onglet.suivi")}
        </Tab>
      </TabList>
      <Suspense fallback={<Spinner size="small" />}>
        {onglet === "resultats" && source && <Resultats source={source} />}
        {onglet === "consolider" && <Consolidation cible={cibleConsolidation} />}
        {onglet === "suivi" && sourceSuivi && <Suivi source={sourceSuivi} />}
      </Suspense>

      {/* Rendered only on its tab: a `hidden` attribute would lose to the class's display:flex. */}
      {onglet === "grille" && (
      <section className={styles.formulaire}>
        <Field label={t("referentiel.label")} hint={t("referentiel.detail", n)}>
          {/* A native list: lighter than a Fluent Dropdown, and the system's own picker on touch screens. */}
          <Select {...LISTE_PLEINE_LARGEUR} value={referentiel.id} onChange={(_, d) => setChoix(d.value)} disabled={!!occupe}>
            {referentiels.map((r) => (
              <option key={r.id} value={r.id}>
                {nomReferentiel(r)}
              </option>
            ))}
          </Select>
        </Field>
        <div>
          <BoutonFichier appearance="subtle" size="small" disabled={!!occupe} libelle={t("referentiel.charger")} testId="entree-json" accept=".json,application/json" onFichier={chargerJson} />
        </div>
        <Field label={t("etablissement.label")} hint={t("etablissement.aide")}>
          <Input value={etablissement} onChange={(_, d) => setEtablissement(d.value)} maxLength={120} />
        </Field>
        <Field
          label={t("periode.label")}
          hint={periodeValide ? t("periode.aide") : undefined}
          validationState={periodeValide ? "none" : "error"}
          validationMessage={periodeValide ? undefined : t("periode.invalide")}
        >
          <Input value={periode} onChange={(_, d) => setPeriode(d.value)} maxLength={10} />
        </Field>
        <Field label={t("campagne.label")} hint={t("campagne.aide")}>
          <Input value={campagne} onChange={(_, d) => setCampagne(d.value)} maxLength={60} data-testid="campagne" />
        </Field>
        {referentiel.categories?.length ? (
          // A group rather than a Field: a Field gives its one id to every checkbox inside it.
          <div role="group" aria-labelledby="titre-categories" className={styles.groupe}>
            <Label id="titre-categories">{t("categories.label")}</Label>
            {referentiel.categories.map((c) => (
              <Checkbox
                key={c.id}
                label={c.libelle[langue] ?? c.libelle.fr}
                checked={categories.includes(c.id)}
                onChange={(_, d) => setCategories((liste) => (d.checked ? [...liste, c.id] : liste.filter((x) => x !== c.id)))}
                disabled={!!occupe}
              />
            ))}
            <Caption1>{t("categories.aide")}</Caption1>
          </div>
        ) : null}
        <Field label={t("evaluateurs.label")} hint={t("evaluateurs.aide")}>
          <Input value={evaluateurs} onChange={(_, d) => setEvaluateurs(d.value)} placeholder="Amina, Youssef, Khadija" />
        </Field>
        {evaluateurs.includes(",") && (
          <Field label={t("consensus.label")}>
            <RadioGroup layout="horizontal" value={consensus} onChange={(_, d) => setConsensus(d.value as Consensus)}>
              <Radio value="mediane" label={t("consensus.mediane")} />
              <Radio value="moyenne" label={t("consensus.moyenne")} />
            </RadioGroup>
          </Field>
        )}
        <div className={styles.ligne}>
          <Button appearance="primary" onClick={() => void inserer()} disabled={!pret}>
            {t("inserer")}
          </Button>
          <Button onClick={() => void guide()} disabled={!!occupe} data-testid="guide-methode">
            {t("guide.bouton")}
          </Button>
          {occupe && <Spinner size="tiny" label={occupe} />}
        </div>
      </section>
      )}

      {/* The insertion's messages belong to its tab. */}
      {onglet === "grille" && erreur && (
        <Message
          type="error"
          titre={t("erreur.titre")}
          texte={erreur.message}
          details={erreur.details}
          onFermer={() => setErreur(null)}
        />
      )}
      {onglet === "grille" && resultat && <Message type="success" titre={t("resultat.titre")} texte={resultat} onFermer={() => setResultat(null)} />}
      {sortie && (
        <div>
          <Button appearance="primary" onClick={() => telecharger(sortie.octets, sortie.nom)}>
            {t("fichier.telecharger", { nom: sortie.nom })}
          </Button>
        </div>
      )}
      <Text size={100} style={{ color: tokens.colorNeutralForeground3 }}>
        v{process.env.QUALITE_VERSION}
      </Text>
    </>
  );
}
