/**
 * The « Suivi » tab: what is late first (actions past their deadline, indicators behind their
 * path), then this semester's values to type, saved into the follow-up workbook. Loaded when the
 * tab is first opened.
 */
import { useCallback, useContext, useEffect, useMemo, useState } from "react";
import { Badge, Button, Caption1, Field, Input, Link, makeStyles, Select, Spinner, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { actionEnRetard, etatIndicateur, tableauDeBord, type StatutIndicateur } from "../../core/suivi/calculs";
import { FEUILLE_ACTIONS, FEUILLE_INDICATEURS, semestresDuSuivi, type PositionsSuivi } from "../../core/suivi/classeur";
import type { Suivi as ModeleSuivi } from "../../core/suivi/modele";
import { formaterDate } from "../../core/dates";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";
import type { Cle } from "../i18n/fr";
import type { EnvironnementVolet } from "../commun/office";
import type { ClasseurOuvert } from "./AppExcel";
import { sourceSuiviFichier, sourceSuiviOffice } from "./sources";

export interface DonneesSuivi {
  suivi: ModeleSuivi;
  periode: string;
  positions: PositionsSuivi;
}

/** What the tab needs from a follow-up workbook, in Excel or in file mode. */
export interface SourceSuivi {
  lire(): Promise<DonneesSuivi>;
  /** Writes a semester's values (null empties a cell); the dashboard follows that semester. */
  enregistrer(periode: string, valeurs: Record<string, number | null>): Promise<void>;
  /** Shows a row of a sheet; absent in file mode. */
  selectionner?: (feuille: string, adresse: string) => Promise<void>;
}

const useStyles = makeStyles({
  pile: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  cartes: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
});

const COULEUR: Record<StatutIndicateur, "success" | "informative" | "danger" | "warning" | "subtle" | "brand"> = {
  "en avance": "brand",
  "dans les temps": "success",
  "en retard": "danger",
  atteint: "success",
  abandonné: "subtle",
  "non renseigné": "informative",
};
const ORDRE: StatutIndicateur[] = ["en retard", "non renseigné", "dans les temps", "en avance", "atteint"];
const cleStatut = (s: StatutIndicateur) => `suivi.statut.${s.replace(/ /g, "-")}` as Cle;
/** « 12,5 » or « 12.5 » → 12.5; empty → null; anything else → undefined (refused). */
export function lireNombre(t: string): number | null | undefined {
  const x = t.trim().replace(/\s/g, "").replace(",", ".");
  if (x === "") return null;
  return /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : undefined;
}
/** A semester or a number inside Arabic text: isolated left to right (« 2026-S2 », not « S2-2026 »). */
const isoler = (x: string) => `\u2066${x}\u2069`;
const afficher = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v).replace(".", ","));

/** The tab as the pane mounts it: the open workbook in Excel, or the file opened in file mode. */
export function SuiviClasseur({ env, classeur, ecrit }: { env: EnvironnementVolet; classeur: ClasseurOuvert | null; ecrit: (octets: Uint8Array, nom: string) => void }) {
  const source = useMemo(
    () => (env.mode === "office" ? sourceSuiviOffice() : classeur ? sourceSuiviFichier(classeur.wb, classeur.nom, (octets) => ecrit(octets, classeur.nom)) : null),
    [env.mode, classeur],
  );
  return source ? <Suivi source={source} /> : null;
}

export function Suivi({ source }: { source: SourceSuivi }) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const [donnees, setDonnees] = useState<DonneesSuivi | null>(null);
  const [periode, setPeriode] = useState("");
  const [saisie, setSaisie] = useState<Record<string, string>>({});
  const [occupe, setOccupe] = useState(false);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [info, setInfo] = useState<string | null>(null);

  const lire = useCallback(async (semestre?: string) => {
    setOccupe(true);
    setErreur(null);
    try {
      const d = await source.lire();
      setDonnees(d);
      setPeriode(semestre ?? d.periode);
    } catch (e) {
      setErreur(erreurVolet(e, t("suivi.lecture")));
    } finally {
      setOccupe(false);
    }
  }, [source]);

  useEffect(() => void lire(), [lire]);

  const suivi = donnees?.suivi ?? null;
  const tdb = useMemo(() => (suivi && periode ? tableauDeBord(suivi, periode) : null), [suivi, periode]);
  // The typed values start from what the workbook holds for the semester.
  useEffect(() => {
    if (!suivi || !periode) return;
    setSaisie(Object.fromEntries(suivi.indicateurs.map((i) => [i.id, afficher(i.valeurs[periode])])));
  }, [suivi, periode]);

  if (!suivi || !tdb) {
    return (
      <section className={styles.pile} aria-label={t("suivi.titre")}>
        {occupe && <Spinner size="small" label={t("suivi.lecture")} />}
        {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
        {!occupe && (
          <Button appearance="primary" onClick={() => void lire()}>
            {t("suivi.relire")}
          </Button>
        )}
      </section>
    );
  }

  const etats = new Map(tdb.indicateurs.map((e) => [e.id, e]));
  const retards = suivi.actions.filter((a) => actionEnRetard(a, periode)).sort((a, b) => (a.echeance ?? "").localeCompare(b.echeance ?? ""));
  const horsPiste = suivi.indicateurs.filter((i) => etats.get(i.id)?.statut === "en retard");
  const aSaisir = suivi.indicateurs.filter((i) => !i.abandonne).sort((a, b) => ORDRE.indexOf(etats.get(a.id)!.statut) - ORDRE.indexOf(etats.get(b.id)!.statut));
  const lues = Object.fromEntries(Object.entries(saisie).map(([id, v]) => [id, lireNombre(v)]));
  const changes = Object.fromEntries(Object.entries(lues).filter(([id, v]) => v !== undefined && v !== (suivi.indicateurs.find((i) => i.id === id)?.valeurs[periode] ?? null))) as Record<string, number | null>;
  const invalides = Object.values(lues).some((v) => v === undefined);
  const libelle = (i: ModeleSuivi["indicateurs"][number]) => (langue === "ar" && i.libelleAr ? i.libelleAr : i.libelle);
  const lien = (feuille: string, ligne: number | undefined, contenu: string) =>
    source.selectionner && ligne ? (
      <Link as="button" onClick={() => void source.selectionner!(feuille, `A${ligne}`).catch((e) => setErreur(erreurVolet(e)))}>
        {contenu}
      </Link>
    ) : (
      <span>{contenu}</span>
    );

  async function enregistrer() {
    setOccupe(true);
    setErreur(null);
    try {
      await source.enregistrer(periode, changes);
      setInfo(t("suivi.enregistre", { n: Object.keys(changes).length, periode: isoler(periode) }));
      await lire(periode);
    } catch (e) {
      setErreur(erreurVolet(e, t("suivi.enregistrer")));
    } finally {
      setOccupe(false);
    }
  }

  return (
    <section className={styles.pile} aria-label={t("suivi.titre")}>
      <div className={styles.ligne}>
        <Field label={t("suivi.semestre")}>
          <Select value={periode} onChange={(_, d) => setPeriode(d.value)} data-testid="suivi-semestre" dir="ltr">
            {semestresDuSuivi(suivi).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => void lire(periode)} disabled={occupe}>
          {t("suivi.relire")}
        </Button>
        {occupe && <Spinner size="tiny" />}
      </div>
      <div className={styles.cartes} data-testid="suivi-statuts">
        {(["en retard", "dans les temps", "en avance", "atteint", "non renseigné"] as StatutIndicateur[]).map((st) => (
          <Badge key={st} appearance="tint" color={COULEUR[st]}>
            {t(cleStatut(st))} {tdb.statuts[st]}
          </Badge>
        ))}
      </div>
      <Caption1>{t("suivi.actions", { faites: tdb.actions.faites, total: tdb.actions.total, retard: tdb.actions.enRetard })}</Caption1>

      <Subtitle2>{t("suivi.actionsRetard", { n: retards.length })}</Subtitle2>
      {retards.length ? (
        <ul className={styles.liste} data-testid="suivi-actions-retard">
          {retards.map((a) => (
            <li key={a.id}>
              {lien(FEUILLE_ACTIONS, donnees!.positions.actions[a.id], a.libelle)}
              <Caption1>
                {" "}
                · {isoler(formaterDate(a.echeance!))}
                {a.responsable ? ` · ${a.responsable}` : ""}
                {a.motif ? ` · ${a.motif}` : ""}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : (
        <Text>{t("suivi.aucuneActionRetard")}</Text>
      )}

      <Subtitle2>{t("suivi.indicateursRetard", { n: horsPiste.length })}</Subtitle2>
      {horsPiste.length ? (
        <ul className={styles.liste} data-testid="suivi-indicateurs-retard">
          {horsPiste.map((i) => {
            const e = etats.get(i.id)!;
            return (
              <li key={i.id}>
                {lien(FEUILLE_INDICATEURS, donnees!.positions.indicateurs[i.id], libelle(i))}
                <Caption1> · {t("suivi.progression", { p: Math.round((e.progression ?? 0) * 100), attendue: Math.round((e.attendue ?? 0) * 100) })}</Caption1>
              </li>
            );
          })}
        </ul>
      ) : (
        <Text>{t("suivi.aucunIndicateurRetard")}</Text>
      )}

      <Subtitle2>{t("suivi.valeurs", { semestre: isoler(periode) })}</Subtitle2>
      <Caption1>{t("suivi.valeursAide")}</Caption1>
      {aSaisir.map((i) => {
        const e = etatIndicateur(i, periode);
        const v = lues[i.id];
        return (
          <Field
            key={i.id}
            label={libelle(i)}
            hint={[e.precedente !== null || e.periodeValeur !== periode ? t("suivi.derniere", { valeur: afficher(e.periodeValeur === periode ? e.precedente : e.valeur) || "—" }) : "", t(cleStatut(e.statut))].filter(Boolean).join(" · ")}
            validationState={v === undefined ? "error" : "none"}
            validationMessage={v === undefined ? t("suivi.nombreInvalide") : undefined}
          >
            <Input value={saisie[i.id] ?? ""} inputMode="decimal" contentAfter={<Caption1>{i.unite}</Caption1>} onChange={(_, d) => setSaisie((s) => ({ ...s, [i.id]: d.value }))} data-testid={`valeur-${i.id}`} />
          </Field>
        );
      })}
      <div className={styles.ligne}>
        <Button appearance="primary" onClick={() => void enregistrer()} disabled={occupe || invalides || Object.keys(changes).length === 0}>
          {t("suivi.enregistrer")}
        </Button>
      </div>
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {info && <Message type="success" texte={info} onFermer={() => setInfo(null)} />}
    </section>
  );
}
