/**
 * The Grille tab: choose a referential, say who is assessed and by whom, insert the grid (in the
 * open workbook, or in the file being edited), download the method guide. Loaded just after the
 * pane's first paint: the shipped referentials, the schema validator and the injection engine
 * stay out of the pane's initial download.
 */
import { useContext, useEffect, useMemo, useState } from "react";
import { Button, Caption1, Checkbox, Field, Input, Label, makeStyles, Radio, RadioGroup, Select, Spinner, tokens } from "@fluentui/react-components";
import { lirePeriode } from "../../core/periode";
import { referentielsLivres } from "../../core/catalogue";
import { compterReferentiel, lireReferentielJson, type Referentiel } from "../../core/referential";
import { resumeInjection } from "../../core/grille";
import { injecterDansExcel } from "../../hosts/excel/injection";
import type { EnvironnementVolet } from "../commun/office";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { slug, telecharger, TYPE_DOCX } from "../commun/telechargement";
import { Message } from "../commun/Messages";
import { LISTE_PLEINE_LARGEUR } from "../commun/liste";
import { BoutonFichier } from "../commun/BoutonFichier";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";
import type { Consensus } from "../../core/scores";
import { listeEvaluateurs, type IdentiteGrille } from "./identite";
import type { ClasseurOuvert } from "./AppExcel";

const useStyles = makeStyles({
  formulaire: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  groupe: { display: "flex", flexDirection: "column", color: tokens.colorNeutralForeground1 },
});

export interface ProprietesGrille {
  env: EnvironnementVolet;
  identite: IdentiteGrille;
  modifier: (p: Partial<IdentiteGrille>) => void;
  /** File mode: the workbook being edited (null until one is opened or started). */
  classeur: ClasseurOuvert | null;
  /** The referential the opened workbook carries (JSON), for one the pane does not ship. */
  referentielClasseur?: string;
  /** The pane is busy elsewhere (opening a file). */
  occupeAilleurs: boolean;
  /** File mode: the bytes written, to download. */
  ecrit: (octets: Uint8Array, nom: string) => void;
}

export function Grille({ env, identite, modifier, classeur, referentielClasseur, occupeAilleurs, ecrit }: ProprietesGrille) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const [referentiels, setReferentiels] = useState<Referentiel[]>(() => referentielsLivres());
  const [occupeIci, setOccupe] = useState<string | null>(null);
  const [resultat, setResultat] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const occupe = occupeIci ?? (occupeAilleurs ? t("chargement.fichier") : null);

  // A workbook carrying a referential the pane does not ship: offer it too.
  useEffect(() => {
    if (!referentielClasseur) return;
    try {
      const ref = lireReferentielJson(referentielClasseur, `référentiel du classeur ${classeur?.nom ?? ""}`.trim());
      setReferentiels((liste) => (liste.some((r) => r.id === ref.id && r.version === ref.version) ? liste : [...liste.filter((r) => r.id !== ref.id), ref]));
    } catch (e) {
      setErreur(erreurVolet(e));
    }
  }, [referentielClasseur]);

  const referentiel = referentiels.find((r) => r.id === identite.referentielId) ?? referentiels[0]!;
  // The pane keeps the referential shown here (a blank workbook is named after it).
  useEffect(() => {
    if (identite.referentielId === "") modifier({ referentielId: referentiel.id });
  }, [identite.referentielId]);
  const n = useMemo(() => compterReferentiel(referentiel), [referentiel]);
  const nomReferentiel = (r: Referentiel) => `${r.titre[langue] ?? r.titre.fr} (${r.id} ${r.version})`;
  const periodeValide = identite.periode.trim() === "" || lirePeriode(identite.periode) !== null;
  const fichier = env.mode === "fichier";
  const pret = !occupe && periodeValide && (!fichier || classeur !== null);

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
      modifier({ referentielId: ref.id });
    } catch (e) {
      setErreur(erreurVolet(e, t("fichier.ouverture", { nom: f.name })));
    } finally {
      setOccupe(null);
    }
  }

  async function inserer() {
    commencer(t("inserer.encours"));
    const evaluateurs = listeEvaluateurs(identite.evaluateurs);
    const connues = identite.categories.filter((c) => referentiel.categories?.some((x) => x.id === c));
    const options = {
      referentiel,
      etablissement: identite.etablissement.trim() || undefined,
      periode: identite.periode.trim() || undefined,
      campagne: identite.campagne.trim() || undefined,
      evaluateurs: evaluateurs.length ? evaluateurs : undefined,
      consensus: identite.consensus,
      // Only the categories the chosen referential knows; none chosen keeps the workbook's own.
      categories: connues.length ? connues : undefined,
      etape: (e: string) => setOccupe(e),
    };
    try {
      if (env.mode === "office") {
        const rapport = await Excel.run({ delayForCellEdit: true }, (context) => injecterDansExcel(context, { ...options, source: "Le classeur" }));
        setResultat(resumeInjection(rapport, referentiel));
      } else if (classeur) {
        const { injecterDansClasseur, ecrireClasseur } = await import("../../hosts/xlsx/classeur");
        const rapport = await injecterDansClasseur(classeur.wb, { ...options, source: classeur.nom });
        const nom = /^grille(-|\.)/.test(classeur.nom) && identite.etablissement.trim() ? `grille-${referentiel.id}-${slug(identite.etablissement)}.xlsx` : classeur.nom;
        ecrit(await ecrireClasseur(classeur.wb), nom);
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
      const choisies = identite.categories.filter((c) => referentiel.categories?.some((x) => x.id === c));
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

  return (
    <>
      <section className={styles.formulaire}>
        <Field label={t("referentiel.label")} hint={t("referentiel.detail", n)}>
          {/* A native list: lighter than a Fluent Dropdown, and the system's own picker on touch screens. */}
          <Select {...LISTE_PLEINE_LARGEUR} value={referentiel.id} onChange={(_, d) => modifier({ referentielId: d.value })} disabled={!!occupe}>
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
          <Input value={identite.etablissement} onChange={(_, d) => modifier({ etablissement: d.value })} maxLength={120} dir="auto" />
        </Field>
        <Field
          label={t("periode.label")}
          hint={periodeValide ? t("periode.aide") : undefined}
          validationState={periodeValide ? "none" : "error"}
          validationMessage={periodeValide ? undefined : t("periode.invalide")}
        >
          {/* Digits and dashes: always left to right, even in the Arabic pane. */}
          <Input value={identite.periode} onChange={(_, d) => modifier({ periode: d.value })} maxLength={10} dir="ltr" />
        </Field>
        <Field label={t("campagne.label")} hint={t("campagne.aide")}>
          <Input value={identite.campagne} onChange={(_, d) => modifier({ campagne: d.value })} maxLength={60} data-testid="campagne" dir="auto" />
        </Field>
        {referentiel.categories?.length ? (
          // A group rather than a Field: a Field gives its one id to every checkbox inside it.
          <div role="group" aria-labelledby="titre-categories" className={styles.groupe}>
            <Label id="titre-categories">{t("categories.label")}</Label>
            {referentiel.categories.map((c) => (
              <Checkbox
                key={c.id}
                label={c.libelle[langue] ?? c.libelle.fr}
                checked={identite.categories.includes(c.id)}
                onChange={(_, d) => modifier({ categories: d.checked ? [...identite.categories, c.id] : identite.categories.filter((x) => x !== c.id) })}
                disabled={!!occupe}
              />
            ))}
            <Caption1>{t("categories.aide")}</Caption1>
          </div>
        ) : null}
        <Field label={t("evaluateurs.label")} hint={t("evaluateurs.aide")}>
          <Input value={identite.evaluateurs} onChange={(_, d) => modifier({ evaluateurs: d.value })} placeholder="Amina, Youssef, Khadija" dir="auto" />
        </Field>
        {identite.evaluateurs.includes(",") && (
          <Field label={t("consensus.label")}>
            <RadioGroup layout="horizontal" value={identite.consensus} onChange={(_, d) => modifier({ consensus: d.value as Consensus })}>
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
      {/* The insertion's messages belong to this tab. */}
      {erreur && <Message type="error" titre={t("erreur.titre")} texte={erreur.message} details={erreur.details} onFermer={() => setErreur(null)} />}
      {resultat && <Message type="success" titre={t("resultat.titre")} texte={resultat} onFermer={() => setResultat(null)} />}
    </>
  );
}
