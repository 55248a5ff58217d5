import { useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Badge, Button, Caption1, Card, Field, Input, Link, makeStyles, ProgressBar, Spinner, Subtitle2, Switch, Text, tokens } from "@fluentui/react-components";
import { plageLigneCritere, type Note, type ResultatCritere, type Resultats as R } from "../../core/scores";
import { ORIGINES, planifierPaq, seuilParDefaut } from "../../core/paq";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { Radar } from "../commun/Radar";
import { LangueContexte, useT, type Langue } from "../i18n";
import "../i18n/excel";
import { useTI } from "../i18n/isole";
import type { Cle } from "../i18n/fr";
import { referentielLivreSiConnu } from "../../core/catalogue";
import { criteresAplatis, type Critere } from "../../core/referential";
import type { EnvironnementVolet } from "../commun/office";
import type { ClasseurOuvert } from "./AppExcel";
import { sourceFichier, sourceOffice } from "./sources";

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
  cartes: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: tokens.spacingHorizontalS },
  carte: { padding: tokens.spacingHorizontalS, textAlign: "center" },
  chiffre: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  compacte: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, fontSize: tokens.fontSizeBase200 },
  niveau: { display: "flex", flexDirection: "column", gap: "2px" },
  barre: { display: "grid", gridTemplateColumns: "1fr 3em", alignItems: "center", gap: tokens.spacingHorizontalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  guide: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, marginBlockStart: tokens.spacingVerticalXXS },
  // Griffel turns left into right in the Arabic pane.
  corriger: { borderLeftWidth: "3px", borderLeftStyle: "solid", borderLeftColor: tokens.colorPaletteRedBorder2, paddingLeft: tokens.spacingHorizontalS, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

const nombre = (x: Note | null) => (x === null ? "—" : typeof x === "string" ? x : x.toFixed(2).replace(".", ","));
const DELAI_ACTUALISATION = 800;
/** How many cells to correct are listed before « N autres ». */
const CORRIGER_VISIBLES = 5;
const APERCU_PAQ = 6;

/** A date of the plan as the reader says it: « 25 février 2027 » or its Arabic form. */
function dateLisible(iso: string, langue: Langue): string {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(langue === "ar" ? "ar-MA" : "fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/** The key of an improvement-plan origin (« Impératif non atteint »), for its translation. */
const CLES_ORIGINE = new Map(Object.entries(ORIGINES).map(([k, v]) => [v as string, `paq.origine.${k}` as Cle]));

/** The Résultats tab on the open workbook (Office.js) or the file being edited. */
export function ResultatsClasseur({ env, classeur, ecrit }: { env: EnvironnementVolet; classeur: ClasseurOuvert | null; ecrit: (octets: Uint8Array, nom: string) => void }) {
  const source = useMemo(
    () => (env.mode === "office" ? sourceOffice() : classeur ? sourceFichier(classeur.wb, classeur.nom, (octets) => ecrit(octets, classeur.nom)) : null),
    [env.mode, classeur],
  );
  return source ? <Resultats source={source} /> : null;
}

export function Resultats({ source }: { source: SourceResultats }) {
  const t = useT();
  const ti = useTI();
  const styles = useStyles();
  const langue = useContext(LangueContexte);
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
    setInfo(null);
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
  const seuilTexte = seuil ?? (echelle ? String(seuilParDefaut(echelle.max)) : "");
  const seuilNombre = Number(seuilTexte.replace(",", "."));
  const seuilValide = !!echelle && Number.isFinite(seuilNombre) && seuilNombre > echelle.min && seuilNombre <= echelle.max;

  // The plan as it would be written (rows a user already worked on are kept on writing, not shown here).
  const apercuPaq = useMemo(() => {
    if (!r || !seuilValide) return null;
    const { plan } = planifierPaq({ resultats: r, seuil: seuilNombre, existant: null, feuilles: [], maintenant: new Date().toISOString() });
    const lignes = plan.feuilles[0]!.lignes.slice(1).filter((l) => l[0] !== null);
    return lignes.map((l) => ({ ref: String(l[0]), origine: String(l[2]), priorite: Number(l[3]), score: typeof l[4] === "number" ? l[4] : null, echeance: String(l[7] ?? "") }));
  }, [r, seuilValide, seuilNombre]);

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
  /** « 1 200 » in French; in Arabic the digits alone, like the pane's other counts (ar-MA would write « 1.200 »). */
  const entier = (n: number) => (langue === "ar" ? String(n) : n.toLocaleString("fr-FR"));
  // Names and guidance of the shipped referential in the pane's language, when the workbook is on the same version.
  const referentiel = useMemo(() => {
    const ref = r ? referentielLivreSiConnu(r.referentiel.id) : null;
    if (!ref || ref.version !== r?.referentiel.version) return null;
    const criteresRef = new Map<string, Critere>(criteresAplatis(ref).map(({ critere }) => [critere.id, critere] as const));
    const niveaux = new Map<string, Record<string, string | undefined>>();
    for (const ch of ref.chapitres) {
      niveaux.set(`ch:${ch.id}`, ch.libelle);
      for (const th of ch.thematiques) niveaux.set(`th:${th.id}`, th.libelle);
    }
    return { criteres: criteresRef, niveaux };
  }, [r]);
  const nomNiveau = (genre: "ch" | "th", id: string, francais: string) => referentiel?.niveaux.get(`${genre}:${id}`)?.[langue] ?? francais;
  const nomCritere = (c: ResultatCritere) => referentiel?.criteres.get(c.id)?.libelle[langue] ?? c.libelle;
  const nomEvaluateur = (i: number) => r?.evaluateurs[i] || t("evaluateur.numero", { n: i + 1 });
  /** « Amina 4,00 · Youssef 1,00 »: which evaluator gave which note, each name isolated. */
  const notesNommees = (notes: (Note | null)[]) =>
    notes.map((n, i) => (
      <span key={i}>
        {i > 0 && " · "}
        <bdi>{nomEvaluateur(i)}</bdi> <bdi>{nombre(n)}</bdi>
      </span>
    ));

  /** « Ce qu'on regarde » and « Exemples de preuves » of a listed criterion, folded. */
  const guide = (id: string) => {
    const c = referentiel?.criteres.get(id);
    if (!c?.regarder && !c?.preuves) return null;
    return (
      <details className={styles.guide} data-testid={`guide-${id}`}>
        <summary>{t("resultats.guide")}</summary>
        {c.regarder && (
          <div dir="auto">
            <strong>{t("resultats.regarder")}</strong> {c.regarder[langue] ?? c.regarder.fr}
          </div>
        )}
        {c.preuves && (
          <div dir="auto">
            <strong>{t("resultats.preuves")}</strong> {c.preuves[langue] ?? c.preuves.fr}
          </div>
        )}
      </details>
    );
  };
  /** A link that shows a range of the workbook (Excel), or plain text (file mode). */
  const lien = (feuille: string, adresse: string, contenu: ReactNode, titre?: string) =>
    source.selectionner ? (
      <Link as="button" onClick={() => void source.selectionner!(feuille, adresse).catch((e) => setErreur(erreurVolet(e)))} title={titre}>
        {contenu}
      </Link>
    ) : (
      <span title={titre}>{contenu}</span>
    );
  // The grid's real sheet (« Grille qualité (2) » when the name was taken) and last column (one per evaluator).
  const lienCritere = (c: ResultatCritere) => lien(r!.grille.feuille, plageLigneCritere(r!, c.ligne), <bdi>{c.id}</bdi>, c.libelle);
  const titreCritere = (c: ResultatCritere) => (
    <>
      {lienCritere(c)} <bdi>{nomCritere(c)}</bdi>
    </>
  );

  /** One cell to correct: « Ligne 14, cellule J14 — critère 1.1.2 : … », a link to the cell inside Excel. */
  /** « À corriger (2 500) — seules les 1 000 premières sont listées »: the true total, even when the list is capped. */
  const titreCorriger = (res: R) =>
    t("corriger.titre", { n: entier(res.anomaliesTotal) }) +
    (res.anomaliesTotal > res.anomalies.length ? ` — ${t("resultats.anomaliesListees", { n: entier(res.anomalies.length) })}` : "");
  const aCorriger = (a: R["anomalies"][number]) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a.cellule);
    return (
      <li key={`${a.feuille}!${a.cellule}:${a.message}`}>
        {m && lien(a.feuille, a.cellule, ti("corriger.ligne", { ligne: m[2], cellule: a.cellule }))}
        {/* The engine's words are French: on their own line, in their own direction, isolated from the pane's. */}
        <bdi style={{ display: "block" }} dir="auto">
          {a.message}
        </bdi>
      </li>
    );
  };

  const barre = (genre: "ch" | "th", n: R["chapitres"][number]) => (
    <div key={n.id} className={styles.niveau} data-testid={`niveau-${n.id}`}>
      <Text size={200} weight="semibold">
        <bdi>{nomNiveau(genre, n.id, n.libelle)}</bdi>
      </Text>
      <div className={styles.barre}>
        <ProgressBar value={n.score === null ? 0 : (n.score - r!.echelle.min) / (r!.echelle.max - r!.echelle.min)} thickness="large" aria-label={`${nomNiveau(genre, n.id, n.libelle)} : ${nombre(n.score)}`} />
        <Text>
          <bdi>{nombre(n.score)}</bdi>
        </Text>
      </div>
    </div>
  );

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
          {r.anomalies.length > 0 && (
            <section className={styles.corriger} data-testid="a-corriger" aria-label={titreCorriger(r)}>
              <Subtitle2>{titreCorriger(r)}</Subtitle2>
              <Caption1>{source.selectionner ? t("corriger.office") : ti("corriger.fichier", { feuille: r.anomalies[0]!.feuille || r.grille.feuille })}</Caption1>
              <ul className={styles.compacte}>{r.anomalies.slice(0, CORRIGER_VISIBLES).map(aCorriger)}</ul>
              {r.anomalies.length > CORRIGER_VISIBLES && (
                <details>
                  <summary>{t("corriger.autres", { n: r.anomalies.length - CORRIGER_VISIBLES })}</summary>
                  <ul className={styles.compacte}>{r.anomalies.slice(CORRIGER_VISIBLES).map(aCorriger)}</ul>
                </details>
              )}
            </section>
          )}

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
          <Radar
            axes={r.thematiques.map((x) => ({ id: x.id, libelle: nomNiveau("th", x.id, x.libelle), score: x.score }))}
            min={r.echelle.min}
            max={r.echelle.max}
            titre={t("resultats.thematiques")}
            nonEvalue={t("resultats.nonEvalue")}
          />
          {/* The radar's legend: every thematic by its full name, with its score. */}
          <div data-testid="thematiques" style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS }}>
            {r.thematiques.map((x) => barre("th", x))}
          </div>

          <Subtitle2>{t("resultats.chapitres")}</Subtitle2>
          <div data-testid="chapitres" style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS }}>
            {r.chapitres.map((c) => barre("ch", c))}
          </div>

          <Subtitle2>{t("resultats.imperatifsListe", { n: r.imperatifsNonAtteints.length })}</Subtitle2>
          {r.imperatifsNonAtteints.length === 0 ? (
            <Text>{t("resultats.aucun")}</Text>
          ) : (
            <ul className={styles.liste} data-testid="imperatifs">
              {r.imperatifsNonAtteints.map((id) => {
                const c = criteres.get(id)!;
                return (
                  <li key={id} data-a-discuter={c.aDiscuter || undefined}>
                    {lienCritere(c)} <Badge color="danger">{nombre(c.score)}</Badge> <bdi>{nomCritere(c)}</bdi>
                    {c.aDiscuter && (
                      <div title={t("resultats.aDiscuterAide")}>
                        <Badge color="warning">{t("resultats.aDiscuter")}</Badge> <Caption1 data-testid={`notes-${id}`}>{notesNommees(c.evaluateurs)}</Caption1>
                      </div>
                    )}
                    {/* Why it is unmet: the rule, then each row that keeps it so, with its note. */}
                    <div className={styles.note} data-testid={`pourquoi-${id}`}>
                      {t("imperatif.regle", { max: r.echelle.max })}
                      <ul className={styles.compacte}>
                        {(c.enCause ?? []).map((l) => (
                          <li key={l.ref}>
                            {lien(r.grille.feuille, plageLigneCritere(r, l.ligne), ti("imperatif.ligne", { ligne: l.ligne, ref: l.ref }))}
                            {" : "}
                            {l.statut === "a-discuter" ? (
                              <>
                                {notesNommees(l.notes)} — {t("imperatif.aTrancher")}
                              </>
                            ) : (
                              ti("imperatif.note", { note: nombre(l.note), max: r.echelle.max })
                            )}
                          </li>
                        ))}
                      </ul>
                    </div>
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
                      {titreCritere(c)} <Badge color="warning">{t("resultats.ecart", { e: nombre(c.ecart) })}</Badge>
                      <div className={styles.note} data-testid={`desaccord-${id}`}>
                        {notesNommees(c.evaluateurs)}
                      </div>
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
                {lienCritere(criteres.get(id)!)} <Badge appearance="outline">{nombre(criteres.get(id)!.score)}</Badge> <bdi>{nomCritere(criteres.get(id)!)}</bdi>
                {guide(id)}
              </li>
            ))}
          </ul>

          <Subtitle2>{t("paq.titre")}</Subtitle2>
          <div className={styles.ligne}>
            <Field label={t("paq.seuil")} validationState={seuilValide ? "none" : "error"} validationMessage={seuilValide ? undefined : t("paq.seuilInvalide", { min: r.echelle.min, max: r.echelle.max })}>
              <Input value={seuilTexte} onChange={(_, d) => setSeuil(d.value)} style={{ width: "5em" }} data-testid="seuil-paq" dir="ltr" />
            </Field>
          </div>
          {apercuPaq && (
            <div data-testid="apercu-paq" style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS }}>
              <Text weight="semibold">{apercuPaq.length ? t("paq.apercu", { n: apercuPaq.length }) : t("paq.apercuVide")}</Text>
              <ol className={styles.liste}>
                {apercuPaq.slice(0, APERCU_PAQ).map((l) => {
                  const c = criteres.get(l.ref);
                  return (
                    <li key={l.ref}>
                      {c ? titreCritere(c) : <bdi>{l.ref}</bdi>}
                      <div className={styles.note}>
                        <Badge color={l.priorite === 1 ? "danger" : "informative"} appearance="tint">
                          {t("paq.priorite", { p: l.priorite })}
                        </Badge>{" "}
                        {CLES_ORIGINE.has(l.origine) ? t(CLES_ORIGINE.get(l.origine)!) : <bdi>{l.origine}</bdi>}
                        {l.score !== null && <> · {nombre(l.score)}</>}
                        {l.echeance && <> · {ti("paq.echeance", { date: dateLisible(l.echeance, langue) })}</>}
                      </div>
                    </li>
                  );
                })}
              </ol>
              {apercuPaq.length > APERCU_PAQ && <Caption1>{t("paq.apercuAutres", { vus: APERCU_PAQ, n: apercuPaq.length })}</Caption1>}
              <Caption1>{t("paq.apercuGarde")}</Caption1>
            </div>
          )}
          <div>
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
