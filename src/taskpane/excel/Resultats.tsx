import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Badge, Button, Caption1, Card, Field, Input, Link, makeStyles, ProgressBar, Spinner, Subtitle2, Switch, Text, tokens } from "@fluentui/react-components";
import { plageLigneCritere, type Note, type ResultatCritere, type Resultats as R } from "../../core/scores";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { Radar } from "../commun/Radar";
import { LangueContexte, useT } from "../i18n";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { criteresAplatis, type Critere } from "../../core/referential";

/** What the results panel needs from a workbook, in Excel or in file mode. */
export interface SourceResultats {
  calculer(): Promise<R>;
  /** Shows a row or cell in the sheet; absent in file mode. */
  selectionner?: (feuille: string, adresse: string) => Promise<void>;
  genererPaq(seuil: number): Promise<string>;
  /** Calls back when the grid changes (even once re-inserted); returns how to stop listening. */
  surChangement?: (rappel: () => void) => Promise<() => void>;
}

const useStyles = makeStyles({
  cartes: { display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: tokens.spacingHorizontalS },
  carte: { padding: tokens.spacingHorizontalS, textAlign: "center" },
  chiffre: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  barre: { display: "grid", gridTemplateColumns: "3.5em 1fr 3em", alignItems: "center", gap: tokens.spacingHorizontalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
  guide: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, marginBlockStart: tokens.spacingVerticalXXS },
});

const nombre = (x: Note | null) => (x === null ? "—" : typeof x === "string" ? x : x.toFixed(2).replace(".", ","));
const DELAI_ACTUALISATION = 800;
/** « Amina 4 · Youssef 4 · Khadija 1 »: which evaluator gave which note. */
const notesEvaluateurs = (r: R, c: ResultatCritere) => c.evaluateurs.map((n, i) => [r.evaluateurs[i], nombre(n)].filter(Boolean).join(" ")).join(" · ");

export function Resultats({ source }: { source: SourceResultats }) {
  const t = useT();
  const styles = useStyles();
  const [r, setR] = useState<R | null>(null);
  const [occupe, setOccupe] = useState(false);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  /** The PAQ threshold typed by the user; until then, the scale's maximum minus one (3 on 1–4). */
  const [seuil, setSeuil] = useState<string | null>(null);
  const [auto, setAuto] = useState(false);
  const minuterie = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const calculer = useCallback(async () => {
    setOccupe(true);
    setErreur(null);
    try {
      setR(await source.calculer());
    } catch (e) {
      setErreur(erreurVolet(e, t("calculer")));
    } finally {
      setOccupe(false);
    }
  }, [source]);

  // Live refresh: debounced, so a burst of edits costs one read.
  useEffect(() => {
    if (!auto || !source.surChangement) return;
    let arreter: (() => void) | undefined;
    let actif = true;
    void source
      .surChangement(() => {
        clearTimeout(minuterie.current);
        minuterie.current = setTimeout(() => void calculer(), DELAI_ACTUALISATION);
      })
      .then((stop) => (actif ? (arreter = stop) : stop()))
      .catch((e) => setErreur(erreurVolet(e, t("calculer.auto"))));
    return () => {
      actif = false;
      clearTimeout(minuterie.current);
      arreter?.();
    };
  }, [auto, source, calculer]);

  // The threshold lives on the referential's scale, known once results are computed.
  const echelle = r?.echelle;
  const seuilTexte = seuil ?? (echelle ? String(echelle.max - 1) : "");
  const seuilNombre = Number(seuilTexte.replace(",", "."));
  const seuilValide = !!echelle && Number.isFinite(seuilNombre) && seuilNombre > echelle.min && seuilNombre <= echelle.max;

  async function paq() {
    setOccupe(true);
    setErreur(null);
    try {
      setInfo(await source.genererPaq(seuilNombre));
    } catch (e) {
      setErreur(erreurVolet(e, t("paq.generer")));
    } finally {
      setOccupe(false);
    }
  }

  const criteres = new Map((r?.criteres ?? []).map((c) => [c.id, c]));
  const langue = useContext(LangueContexte);
  /** « 1 200 » in French; in Arabic the digits alone, like the pane's other counts (ar-MA would write « 1.200 »). */
  const entier = (n: number) => (langue === "ar" ? String(n) : n.toLocaleString("fr-FR"));
  // Evaluation guidance of the shipped referential, when the workbook is on the same version.
  const guides = useMemo(() => {
    const ref = r ? referentielLivreSiConnu(r.referentiel.id) : null;
    return new Map<string, Critere>(ref && ref.version === r?.referentiel.version ? criteresAplatis(ref).map(({ critere }) => [critere.id, critere] as const) : []);
  }, [r]);
  /** « Ce qu'on regarde » and « Exemples de preuves » of a listed criterion, folded. */
  const guide = (id: string) => {
    const c = guides.get(id);
    if (!c?.regarder && !c?.preuves) return null;
    return (
      <details className={styles.guide} data-testid={`guide-${id}`}>
        <summary>{t("resultats.guide")}</summary>
        {c.regarder && (
          <div>
            <strong>{t("resultats.regarder")}</strong> {c.regarder[langue] ?? c.regarder.fr}
          </div>
        )}
        {c.preuves && (
          <div>
            <strong>{t("resultats.preuves")}</strong> {c.preuves[langue] ?? c.preuves.fr}
          </div>
        )}
      </details>
    );
  };
  /** A link that shows a range of the workbook (Excel), or plain text (file mode). */
  const lien = (feuille: string, adresse: string, contenu: string, titre?: string) =>
    source.selectionner ? (
      <Link as="button" onClick={() => void source.selectionner!(feuille, adresse).catch((e) => setErreur(erreurVolet(e)))} title={titre}>
        {contenu}
      </Link>
    ) : (
      <span title={titre}>{contenu}</span>
    );
  // The grid's real sheet (« Grille qualité (2) » when the name was taken) and last column (one per evaluator).
  const lienCritere = (c: ResultatCritere, contenu: string) => lien(r!.grille.feuille, plageLigneCritere(r!, c.ligne), contenu, c.libelle);

  return (
    <section aria-label={t("resultats.titre")} style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM }}>
      <div className={styles.ligne}>
        <Button appearance="primary" onClick={() => void calculer()} disabled={occupe}>
          {t("calculer")}
        </Button>
        {source.surChangement && <Switch checked={auto} onChange={(_, d) => setAuto(d.checked)} label={t("calculer.auto")} />}
        {occupe && <Spinner size="tiny" />}
      </div>
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {r && (
        <>
          <div className={styles.cartes}>
            <Card className={styles.carte}>
              <Caption1>{t("resultats.global")}</Caption1>
              <span className={styles.chiffre} data-testid="score-global">
                {nombre(r.global)}
              </span>
              <Caption1>/ {r.echelle.max}</Caption1>
            </Card>
            <Card className={styles.carte}>
              <Caption1>{t("resultats.completion")}</Caption1>
              <span className={styles.chiffre}>{Math.round(r.completion * 100)} %</span>
              <Caption1>{t("resultats.criteresNotes", { n: r.evalues, nc: r.nc, ri: r.ri, total: r.total })}</Caption1>
            </Card>
            <Card className={styles.carte}>
              <Caption1>{t("resultats.imperatifs")}</Caption1>
              <span className={styles.chiffre} style={{ color: r.imperatifsNonAtteints.length ? tokens.colorPaletteRedForeground1 : undefined }}>
                {r.imperatifsNonAtteints.length}
              </span>
              <Caption1>{t("resultats.nonAtteints")}</Caption1>
            </Card>
          </div>

          <Subtitle2>{t("resultats.thematiques")}</Subtitle2>
          <Radar axes={r.thematiques.map((x) => ({ id: x.id, libelle: x.libelle, score: x.score }))} min={r.echelle.min} max={r.echelle.max} titre={t("resultats.thematiques")} />

          <Subtitle2>{t("resultats.chapitres")}</Subtitle2>
          {r.chapitres.map((c) => (
            <div key={c.id} className={styles.barre} title={c.libelle}>
              <Text weight="semibold">{c.id}</Text>
              <ProgressBar value={c.score === null ? 0 : (c.score - r.echelle.min) / (r.echelle.max - r.echelle.min)} thickness="large" aria-label={`${c.libelle} : ${nombre(c.score)}`} />
              <Text>{nombre(c.score)}</Text>
            </div>
          ))}

          <Subtitle2>{t("resultats.imperatifsListe", { n: r.imperatifsNonAtteints.length })}</Subtitle2>
          {r.imperatifsNonAtteints.length === 0 ? (
            <Text>{t("resultats.aucun")}</Text>
          ) : (
            <ul className={styles.liste} data-testid="imperatifs">
              {r.imperatifsNonAtteints.map((id) => {
                const c = criteres.get(id)!;
                return (
                  <li key={id} data-a-discuter={c.aDiscuter || undefined}>
                    {lienCritere(c, id)} <Badge color="danger">{nombre(c.score)}</Badge> {c.libelle}
                    {c.aDiscuter && (
                      <div title={t("resultats.aDiscuterAide")}>
                        <Badge color="warning">{t("resultats.aDiscuter")}</Badge> <Caption1 data-testid={`notes-${id}`}>{notesEvaluateurs(r, c)}</Caption1>
                      </div>
                    )}
                    {guide(id)}
                  </li>
                );
              })}
            </ul>
          )}

          {r.desaccords.length > 0 && (
            <>
              <Subtitle2>{t("resultats.desaccords", { n: r.desaccords.length })}</Subtitle2>
              <ul className={styles.liste} data-testid="desaccords">
                {r.desaccords.map((id) => {
                  const c = criteres.get(id)!;
                  return (
                    <li key={id}>
                      {lienCritere(c, id)} <Badge color="warning">{t("resultats.ecart", { e: nombre(c.ecart) })}</Badge> {notesEvaluateurs(r, c)}
                    </li>
                  );
                })}
              </ul>
            </>
          )}

          <Subtitle2>{t("resultats.plusFaibles")}</Subtitle2>
          <ul className={styles.liste}>
            {r.plusFaibles.map((id) => (
              <li key={id}>
                {lienCritere(criteres.get(id)!, id)} <Badge appearance="outline">{nombre(criteres.get(id)!.score)}</Badge> {criteres.get(id)!.libelle}
                {guide(id)}
              </li>
            ))}
          </ul>

          {r.anomalies.length > 0 && (
            <Message
              type="warning"
              titre={
                t("resultats.anomalies", { n: entier(r.anomaliesTotal) }) + (r.anomaliesTotal > r.anomalies.length ? ` — ${t("resultats.anomaliesListees", { n: entier(r.anomalies.length) })}` : "")
              }
              texte={r.anomalies
                .slice(0, 20)
                .map((a) => `${a.feuille}!${a.cellule} : ${a.message}`)
                .join("\n")}
            />
          )}
          {r.anomalies.length > 0 && source.selectionner && (
            <Caption1>
              {r.anomalies.slice(0, 20).map((a) => (
                <span key={`${a.feuille}!${a.cellule}`}>{lien(a.feuille, a.cellule, a.cellule)} </span>
              ))}
            </Caption1>
          )}

          <Subtitle2>{t("paq.titre")}</Subtitle2>
          <div className={styles.ligne}>
            <Field label={t("paq.seuil")} validationState={seuilValide ? "none" : "error"} validationMessage={seuilValide ? undefined : t("paq.seuilInvalide", { min: r.echelle.min, max: r.echelle.max })}>
              <Input value={seuilTexte} onChange={(_, d) => setSeuil(d.value)} style={{ width: "5em" }} data-testid="seuil-paq" />
            </Field>
            <Button onClick={() => void paq()} disabled={occupe || !seuilValide}>
              {t("paq.generer")}
            </Button>
          </div>
          {info && <Message type="success" texte={info} onFermer={() => setInfo(null)} />}
        </>
      )}
    </section>
  );
}
