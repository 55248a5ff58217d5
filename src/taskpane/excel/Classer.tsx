/**
 * The « Classer » tab: the decision grid of the workbook, its weights as sliders that always add
 * up to 100 % (moving one, the others follow in proportion: the core's rule), the ranking and a
 * bar chart recomputed live, the sensitivity of the first rank, and the .docx annex. Loaded on
 * first opening; the weights set here never rewrite the workbook.
 */
import { useContext, useEffect, useMemo, useRef, useState } from "react";
import { Button, Caption1, Field, makeStyles, Select, Slider, Spinner, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { classer, poidsDeplaces, type Decision, type ResultatClassement } from "../../core/classement/calcul";
import type { IdentiteClassement } from "../../core/classement/classeur";
import { MODELES_DECISION, modeleDecisionLivre, type ModeleDecision } from "../../core/classement/modele";
import { nombreFr } from "../../core/classement/rapport";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { LISTE_PLEINE_LARGEUR } from "../commun/liste";
import { slug, telecharger, TYPE_DOCX } from "../commun/telechargement";
import { LangueContexte, useT } from "../i18n";
import "../i18n/excel";

export interface ClassementLu {
  identite: IdentiteClassement;
  decision: Decision;
}

/** Where the decision grid lives: the open workbook (Office.js) or the file being edited. */
export interface SourceClassement {
  /** Which workbook: the file's name, "" when none is open (the messages about one go when another opens). */
  cle: string;
  /** The workbook's decision grid; null when it has none. */
  lire(): Promise<ClassementLu | null>;
  /** Adds a new grid of this model to the workbook. */
  creer(modele: ModeleDecision): Promise<void>;
}

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  liste: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  curseur: { width: "100%" },
});

const MODELES = MODELES_DECISION.map(modeleDecisionLivre);
const arrondi1 = (x: number) => nombreFr(Math.round(x * 10) / 10);

/** First-strong isolate: a French name inside an Arabic sentence keeps its own direction. */
const isoler = (s: string) => `\u2068${s}\u2069`;

/** Horizontal bars of the scores (0–100), best first, the first rank in teal; they grow from the start side (right in Arabic). */
export function BarresScores({ r, titre }: { r: ResultatClassement; titre: string }) {
  return (
    <div role="img" aria-label={`${titre} — ${r.classement.map((o) => `${o.libelle} : ${nombreFr(o.score)}`).join(", ")}`} data-testid="barres" style={{ display: "flex", flexDirection: "column", gap: 4 }}>
      {r.classement.map((o) => (
        <div key={o.index} title={`${o.libelle} : ${nombreFr(o.score)}`} style={{ display: "flex", alignItems: "center", gap: 6 }}>
          <div data-testid="barre" style={{ width: `${Math.max(1, o.score) * 0.8}%`, height: 16, background: o.rang === 1 ? "#0f766e" : "#94a3b8", borderRadius: 2 }} />
          <Caption1 dir="ltr">{nombreFr(o.score)}</Caption1>
        </div>
      ))}
    </div>
  );
}

export function Classer({ source }: { source: SourceClassement }) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const [lu, setLu] = useState<ClassementLu | null>(null);
  /** The workbook was read and has no decision grid: offer to create one. */
  const [aucune, setAucune] = useState(false);
  const [poids, setPoids] = useState<number[]>([]);
  const [occupe, setOccupe] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  // A key, not a text: the message follows a change of language.
  const [info, setInfo] = useState<{ cle: "classer.cree" | "classer.annexeFaite"; titre?: string } | null>(null);
  const [choix, setChoix] = useState(MODELES[0]!.id);
  /** The workbook the messages are about. */
  const classeurDesMessages = useRef(source.cle);

  async function relire() {
    setOccupe(t("classer.lecture"));
    setErreur(null);
    try {
      const l = await source.lire();
      setLu(l);
      setAucune(l === null);
      setPoids(l ? l.decision.criteres.map((c) => c.poids) : []);
    } catch (e) {
      setLu(null);
      setAucune(false);
      setErreur(erreurVolet(e, t("classer.lecture")));
    } finally {
      setOccupe(null);
    }
  }

  useEffect(() => {
    // Read again whenever the workbook changes (another file opened, a grid created); the
    // messages about the previous workbook go.
    // (Creating a grid with no workbook open starts one: its message stays.)
    if (classeurDesMessages.current !== "" && classeurDesMessages.current !== source.cle) setInfo(null);
    classeurDesMessages.current = source.cle;
    void relire();
  }, [source]);

  async function creer() {
    const modele = MODELES.find((m) => m.id === choix)!;
    setOccupe(t("classer.creer"));
    setErreur(null);
    try {
      await source.creer(modele);
      setInfo({ cle: "classer.cree", titre: modele.id });
      await relire();
    } catch (e) {
      setErreur(erreurVolet(e, t("classer.creer")));
    } finally {
      setOccupe(null);
    }
  }

  // The decision with the weights set here: always 100 % in total, so the core never refuses it.
  const decision = useMemo<Decision | null>(() => (lu && poids.length ? { ...lu.decision, criteres: lu.decision.criteres.map((c, k) => ({ ...c, poids: poids[k]! })) } : null), [lu, poids]);
  const r = useMemo(() => (decision ? classer(decision) : null), [decision]);
  const modifies = lu !== null && lu.decision.criteres.some((c, k) => Math.abs(c.poids - (poids[k] ?? c.poids)) > 1e-9);
  const nomCritere = (c: Decision["criteres"][number]) => (langue === "ar" && c.libelleAr ? c.libelleAr : c.libelle);

  async function annexe() {
    if (!lu || !decision || !r) return;
    setErreur(null);
    try {
      const [{ planifierAnnexe, MODELE_ANNEXE }, { ecrireDocx }] = await Promise.all([import("../../core/classement/annexe"), import("../../hosts/docx/document")]);
      const plan = planifierAnnexe(decision, r, { titre: lu.identite.titre, modele: { id: lu.identite.modeleId, version: lu.identite.modeleVersion }, source: "classeur", maintenant: new Date().toISOString() });
      telecharger(await ecrireDocx(plan, { modele: MODELE_ANNEXE, version: lu.identite.modeleVersion, variables: {}, sections: {} }), `annexe-${slug(lu.identite.titre) || "classement"}.docx`, TYPE_DOCX);
      setInfo({ cle: "classer.annexeFaite" });
    } catch (e) {
      setErreur(erreurVolet(e, t("classer.annexe")));
    }
  }

  return (
    <section className={styles.section} aria-label={t("onglet.classer")}>
      <Text>{t("classer.aide")}</Text>
      {occupe && <Spinner size="tiny" label={occupe} />}
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {info && (
        <Message
          type="success"
          texte={t(info.cle, info.titre ? { titre: (({ titre }) => titre[langue] ?? titre.fr)(MODELES.find((m) => m.id === info.titre)!) } : {})}
          onFermer={() => setInfo(null)}
        />
      )}

      {!lu && !aucune && erreur && !occupe && (
        <div>
          <Button onClick={() => void relire()}>{t("classer.relire")}</Button>
        </div>
      )}

      {aucune && !occupe && (
        <>
          <Caption1>{t("classer.aucune")}</Caption1>
          <Field label={t("classer.modele")} hint={MODELES.find((m) => m.id === choix)?.description?.[langue] ?? MODELES.find((m) => m.id === choix)?.description?.fr}>
            <Select {...LISTE_PLEINE_LARGEUR} value={choix} onChange={(_, d) => setChoix(d.value)} data-testid="modele-classement">
              {MODELES.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.titre[langue] ?? m.titre.fr}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.ligne}>
            <Button appearance="primary" onClick={() => void creer()}>
              {t("classer.creer")}
            </Button>
            <Button onClick={() => void relire()}>{t("classer.relire")}</Button>
          </div>
        </>
      )}

      {lu && r && (
        <>
          <div className={styles.ligne}>
            <Subtitle2>{lu.identite.titre}</Subtitle2>
            <Caption1>{t("classer.options", { n: lu.decision.options.length, c: lu.decision.criteres.length })}</Caption1>
            <Button size="small" onClick={() => void relire()} disabled={!!occupe}>
              {t("classer.relire")}
            </Button>
          </div>

          <Subtitle2>{t("classer.poids")}</Subtitle2>
          <div data-testid="poids">
            {lu.decision.criteres.map((c, k) => (
              <Field key={c.id} label={`${nomCritere(c)} — ${arrondi1(poids[k]!)} %`}>
                <Slider
                  className={styles.curseur}
                  min={0}
                  max={100}
                  value={Math.round(poids[k]!)}
                  disabled={lu.decision.criteres.length < 2}
                  aria-label={t("classer.poidsCritere", { critere: nomCritere(c) })}
                  data-testid={`poids-${c.id}`}
                  onChange={(_, d) => setPoids((p) => poidsDeplaces(p, k, d.value))}
                />
              </Field>
            ))}
          </div>
          <div className={styles.ligne}>
            <Text weight="semibold" data-testid="total-poids">
              {t("classer.total", { total: arrondi1(poids.reduce((a, b) => a + b, 0)) })}
            </Text>
            {modifies && (
              <Button size="small" appearance="subtle" onClick={() => setPoids(lu.decision.criteres.map((c) => c.poids))} data-testid="retablir-poids">
                {t("classer.retablir")}
              </Button>
            )}
          </div>

          <Subtitle2>{t("classer.classement")}</Subtitle2>
          {r.premiers.length > 1 && <Caption1>{t("classer.exAequo", { noms: r.premiers.map((o) => isoler(o.libelle)).join(", ") })}</Caption1>}
          <ol className={styles.liste} data-testid="classement-options">
            {r.classement.map((o) => (
              <li key={o.index} value={o.rang}>
                <Text weight={o.rang === 1 ? "semibold" : "regular"} dir="auto">
                  {o.libelle}
                </Text>{" "}
                <Caption1 style={{ whiteSpace: "nowrap" }}>{t("classer.score", { score: nombreFr(o.score) })}</Caption1>
              </li>
            ))}
          </ol>
          <BarresScores r={r} titre={t("classer.graphique")} />

          <Subtitle2>{t("classer.sensibilite")}</Subtitle2>
          <ul className={styles.liste} data-testid="sensibilite">
            {r.sensibilite.map((s, k) => (
              <li key={s.id}>
                <Text weight="semibold">{nomCritere(r.criteres[k]!)}</Text>{" "}
                <Caption1>
                  {s.hausse.delta === null && s.baisse.delta === null
                    ? t("classer.basculeJamais")
                    : t("classer.bascule", { premier: isoler(r.classement[0]!.libelle), bas: arrondi1(s.baisse.poids ?? 0), haut: arrondi1(s.hausse.poids ?? 100) })}
                </Caption1>
              </li>
            ))}
          </ul>
          <div>
            <Button onClick={() => void annexe()} data-testid="annexe-classement">
              {t("classer.annexe")}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
