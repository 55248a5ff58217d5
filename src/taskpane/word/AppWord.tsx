import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Badge, Button, Caption1, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Select, Spinner, Subtitle2, Text, Textarea, tokens } from "@fluentui/react-components";
import { MODELES_REDACTION as MODELES_LIVRES, modeleLivre } from "../../core/pe/catalogue";
import type { Champ, ModeleDocument, Variable } from "../../core/pe/modele";
import { aCompleterSection, erreurPeriode, etatSection, planifierDocument, reponsesVides, sectionActive, tagSection, verifierReponses, type EvaluationPourDocument, type ReponsesDocument, type ValeurChamp } from "../../core/pe/document";
import { analyserJson } from "../../core/json";
import { CLE_MODELE, coffreDocument, coffreNavigateur, contientSaisie, ecrireBrouillon, lireBrouillon, type Coffre } from "./brouillons";
import { allerALaSection, assemblerDansWord, lireReponsesWord } from "../../hosts/word/assemblage";
import { exigenceManquante, EXIGENCES, telechargementPossible, type EnvironnementVolet } from "../commun/office";
import { erreurVolet, type ErreurVolet } from "../commun/erreurs";
import { Message, MessageErreur } from "../commun/Messages";
import { LISTE_PLEINE_LARGEUR } from "../commun/liste";
import { BoutonFichier } from "../commun/BoutonFichier";
import { slug, telecharger } from "../commun/telechargement";
import { LangueContexte, useT, type Langue } from "../i18n";
import { ErreurUtilisateur } from "../../core/referential";

const TYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** A file name inside a sentence of either direction: Unicode isolates keep it in one piece. */
const isole = (nom: string) => `\u2068${nom}\u2069`;
/** Answers are kept this long after the last keystroke (a burst of typing costs one save). */
const DELAI_SAUVEGARDE_MS = 600;
const COULEUR_ETAT = { vide: "informative", "en-cours": "warning", prete: "success" } as const;

const useStyles = makeStyles({
  plan: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, margin: 0, padding: 0, listStyle: "none" },
  entree: { display: "flex", justifyContent: "space-between", alignItems: "center", gap: tokens.spacingHorizontalS },
  titreSection: { flex: "1 1 auto", minWidth: 0, justifyContent: "flex-start", textAlign: "start" },
  pastille: { flexShrink: 0, whiteSpace: "nowrap" },
  bloc: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  guide: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium },
  cartes: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  carte: {
    margin: 0,
    minWidth: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  legende: { padding: `0 ${tokens.spacingHorizontalXS}`, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  champsCarte: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, "@media (min-width: 500px)": { flexDirection: "row", flexWrap: "wrap" } },
  champCarte: { minWidth: 0, "@media (min-width: 500px)": { flex: "1 1 140px" } },
  retirer: { alignSelf: "flex-end" },
  reste: { color: tokens.colorNeutralForeground2 },
});

/** Text from the template or the user (French in the Arabic pane): isolated, so its punctuation stays with it. */
const Bidi = ({ children }: { children: string }) => <bdi>{children}</bdi>;

type Libelle = { fr: string; ar?: string };
/** A template's label in the pane's language when the template has it. */
const libelleDe = (l: Libelle, langue: Langue) => l[langue] ?? l.fr;

function ChampSaisie({ c, valeur, changer, erreur }: { c: Champ | Variable; valeur: ValeurChamp | undefined; changer: (v: ValeurChamp) => void; erreur?: string | null }) {
  const t = useT();
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const texte = typeof valeur === "string" || typeof valeur === "number" ? String(valeur) : "";
  const libelle = libelleDe(c.libelle, langue);
  const etiquette = { children: <Bidi>{`${libelle}${c.obligatoire ? " *" : ""}`}</Bidi> };
  const aide = "aide" in c && c.aide ? { children: <Bidi>{libelleDe(c.aide, langue)}</Bidi> } : undefined;
  const validation = erreur ? { validationState: "error" as const, validationMessage: { children: <Bidi>{erreur}</Bidi> } } : {};
  if (c.type === "texteLong") return <Field label={etiquette} hint={aide} {...validation}><Textarea value={texte} resize="vertical" rows={5} onChange={(_, d) => changer(d.value)} textarea={{ dir: "auto" }} /></Field>;
  if (c.type === "choix") {
    return (
      <Field label={etiquette} {...validation}>
        {/* Native lists: lighter than Fluent's Dropdown, and the system's own picker on touch screens. */}
        <Select {...LISTE_PLEINE_LARGEUR} value={texte} onChange={(_, d) => changer(d.value || null)}>
          <option value="">—</option>
          {(c.choix ?? []).map((x) => <option key={x} value={x}>{x}</option>)}
        </Select>
      </Field>
    );
  }
  if (c.type === "liste" && "colonnes" in c && c.colonnes) {
    const lignes = Array.isArray(valeur) ? valeur : [];
    const cols = c.colonnes;
    const maj = (i: number, k: string, v: string) => changer(lignes.map((l, j) => (j === i ? { ...l, [k]: v } : l)));
    // One card per row: its fields stacked under 500 px, side by side above (a pane is 320–450 px wide).
    return (
      <Field label={etiquette} hint={aide} {...validation}>
        <div className={styles.cartes} data-testid={`liste-${c.id}`}>
          {lignes.map((l, i) => (
            <fieldset key={i} className={styles.carte}>
              <legend className={styles.legende}>{t("pe.ligne", { n: i + 1 })}</legend>
              <div className={styles.champsCarte}>
                {cols.map((k) => (
                  <Field key={k.id} label={{ children: <Bidi>{libelleDe(k.libelle, langue)}</Bidi> }} size="small" className={styles.champCarte}>
                    <Input aria-label={`${k.libelle.fr} ${i + 1}`} type={k.type === "date" ? "date" : k.type === "nombre" ? "number" : "text"} input={{ dir: "auto" }} value={l[k.id] === null || l[k.id] === undefined ? "" : String(l[k.id])} onChange={(_, d) => maj(i, k.id, d.value)} />
                  </Field>
                ))}
              </div>
              <Button size="small" appearance="subtle" className={styles.retirer} aria-label={`${t("pe.ligneRetirer")} ${i + 1}`} onClick={() => changer(lignes.filter((_, j) => j !== i))}>
                {t("pe.ligneRetirer")}
              </Button>
            </fieldset>
          ))}
          <Button size="small" onClick={() => changer([...lignes, Object.fromEntries(cols.map((k) => [k.id, ""]))])}>{t("pe.ligneAjouter")}</Button>
        </div>
      </Field>
    );
  }
  return (
    <Field label={etiquette} hint={aide} {...validation}>
      <Input type={c.type === "nombre" ? "number" : c.type === "date" ? "date" : "text"} input={{ dir: "auto" }} value={texte} onChange={(_, d) => changer(c.type === "nombre" && d.value !== "" ? Number(d.value) : d.value)} />
    </Field>
  );
}

/** A question put to the user before something that replaces what is on screen. */
interface Confirmation {
  titre: string;
  texte: string;
  bouton: string;
  action: () => void;
}

/** Word pane: the document template's sections, their guidance and fields, and assembly. */
export function AppWord({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  // Guides and questions in the interface's language when the template has it (the document itself stays French).
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const office = env.mode === "office" && env.hote === "Word";
  const manque = office ? exigenceManquante((api, v) => Office.context.requirements.isSetSupported(api, v), "Word") : null;
  // Drafts: in the document (Office) or in this browser (file mode).
  const coffre = useMemo<Coffre | null>(() => {
    if (env.mode === "office") {
      if (!office || manque) return null;
      const reglages = Office.context.document.settings;
      return coffreDocument({ get: (n) => reglages.get(n), set: (n, v) => reglages.set(n, v), saveAsync: (rappel) => reglages.saveAsync((r) => rappel?.({ status: String(r.status) })) });
    }
    try {
      return coffreNavigateur(window.localStorage);
    } catch {
      return null;
    }
  }, [env.mode, office, manque]);
  const [depart] = useState(() => {
    const enregistre = coffre?.lire(CLE_MODELE) ?? "";
    const m = modeleLivre(MODELES_LIVRES.includes(enregistre) ? enregistre : MODELES_LIVRES[0]!);
    const brouillon = coffre ? lireBrouillon(coffre, m) : null;
    return { modele: m.id, reponses: brouillon?.reponses ?? reponsesVides(m), restaure: brouillon !== null };
  });
  const [modeleId, setModeleId] = useState(depart.modele);
  const modele: ModeleDocument = useMemo(() => modeleLivre(modeleId), [modeleId]);
  const [reponses, setReponses] = useState<ReponsesDocument>(depart.reponses);
  const [courante, setCourante] = useState<string | null>(null);
  const [occupe, setOccupe] = useState<string | null>(null);
  const [erreur, setErreur] = useState<ErreurVolet | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  /** What to check (yellow): unread values, fields left to complete; each with its label. */
  const [avertissements, setAvertissements] = useState<string[]>([]);
  const [evaluation, setEvaluation] = useState<(EvaluationPourDocument & { nom: string }) | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  /** File mode: the .docx being continued; each assembly merges into it. */
  const [docxBase, setDocxBase] = useState<{ nom: string; octets: Uint8Array } | null>(null);
  /** Typed since the last download or export (file mode warns before leaving). */
  const [modifie, setModifie] = useState(false);
  const [gardeLe, setGardeLe] = useState<Date | null>(null);

  // Saving: debounced; `attente` holds answers not yet saved, flushed on leaving the page.
  const attente = useRef<ReponsesDocument | null>(null);
  const minuterie = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sauver = useCallback(async () => {
    clearTimeout(minuterie.current);
    const r = attente.current;
    if (!r || !coffre) return;
    attente.current = null;
    try {
      await ecrireBrouillon(coffre, r);
      setGardeLe(new Date());
    } catch (e) {
      setErreur(erreurVolet(e));
    }
  }, [coffre]);
  const premier = useRef(true);
  useEffect(() => {
    if (premier.current) {
      premier.current = false;
      return;
    }
    attente.current = reponses;
    clearTimeout(minuterie.current);
    minuterie.current = setTimeout(() => void sauver(), DELAI_SAUVEGARDE_MS);
  }, [reponses, sauver]);
  useEffect(() => {
    const partir = (e: BeforeUnloadEvent) => {
      void sauver();
      // File mode: the browser asks before leaving work that was never downloaded.
      if (!office && modifie) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    const cacher = () => void sauver();
    window.addEventListener("beforeunload", partir);
    window.addEventListener("pagehide", cacher);
    return () => {
      window.removeEventListener("beforeunload", partir);
      window.removeEventListener("pagehide", cacher);
    };
  }, [office, modifie, sauver]);

  // In Word without a draft, answers saved by an earlier assembly come back with the document.
  useEffect(() => {
    if (!office || manque || depart.restaure) return;
    void Word.run(async (context) => {
      const lues = await lireReponsesWord(context);
      if (lues && typeof lues === "object" && "modele" in lues && MODELES_LIVRES.includes(String((lues as { modele: unknown }).modele))) {
        const m = modeleLivre(String((lues as { modele: string }).modele));
        setModeleId(m.id);
        setReponses(verifierReponses(m, lues).reponses);
      }
    }).catch((e) => setErreur(erreurVolet(e)));
  }, [office, manque, depart.restaure]);

  /** Every edit goes through here: it marks the work as not yet downloaded. */
  const saisir = (f: (r: ReponsesDocument) => ReponsesDocument) => {
    setReponses(f);
    setModifie(true);
  };
  const confirmerSi = (condition: boolean, c: Confirmation) => (condition ? setConfirmation(c) : c.action());

  const changerModele = (id: string) => {
    if (id === modeleId) return;
    const vers = modeleLivre(id);
    confirmerSi(contientSaisie(reponses), {
      titre: t("pe.modele.confirmerTitre"),
      texte: t("pe.modele.confirmer", { de: isole(modele.titre.fr), vers: isole(vers.titre.fr) }),
      bouton: t("pe.modele.changer"),
      action: () => {
        // The current answers are saved under their template first: they come back with it.
        void sauver();
        setModeleId(id);
        setReponses(coffre ? lireBrouillon(coffre, vers)?.reponses ?? reponsesVides(vers) : reponsesVides(vers));
        setCourante(null);
        setDocxBase(null);
      },
    });
  };

  if (env.mode === "office" && env.hote !== "Word") return <Message type="error" texte={t("hote.mauvais", { volet: "Word", hote: env.nomHote })} />;
  if (manque) return <Message type="error" titre={t("erreur.titre")} texte={t("hote.tropAncien", { hote: "Word", api: manque.api, version: manque.version })} />;

  const section = modele.sections.find((s) => s.id === courante) ?? null;
  const sources = { evaluation: evaluation !== null };
  const periode = erreurPeriode(modele, reponses.variables);
  const changerChamp = (sid: string, cid: string, v: ValeurChamp) =>
    saisir((r) => ({ ...r, sections: { ...r.sections, [sid]: { ...r.sections[sid], champs: { ...r.sections[sid]?.champs, [cid]: v } } } }));
  const changerVariable = (id: string, v: ValeurChamp) => saisir((r) => ({ ...r, variables: { ...r.variables, [id]: typeof v === "number" || typeof v === "string" ? v : null } }));

  /** Runs a command: its success message in green, its warnings apart in yellow. */
  async function executer(message: string, action: () => Promise<{ info: string; avertissements?: string[] } | void>) {
    setOccupe(message);
    setErreur(null);
    setInfo(null);
    setAvertissements([]);
    try {
      const r = await action();
      if (r) {
        setInfo(r.info);
        setAvertissements(r.avertissements ?? []);
      }
    } catch (e) {
      setErreur(erreurVolet(e, message));
    } finally {
      setOccupe(null);
    }
  }

  const assembler = (seulement?: string[]) =>
    executer(t("pe.assemblage"), async () => {
      const { reponses: propres, avertissements } = verifierReponses(modele, reponses);
      const plan = planifierDocument(modele, propres, evaluation, avertissements);
      const aVerifier = plan.avertissements.length ? [t("pe.aCompleter", { n: plan.avertissements.length }), ...plan.avertissements.slice(0, 8)] : [];
      if (office) {
        // Fields are read-only in Word on the web, and need WordApi 1.5 elsewhere.
        const champ = Office.context.requirements.isSetSupported("WordApi", "1.5") && env.mode === "office" && env.plateforme !== "OfficeOnline";
        const premierePage = Office.context.requirements.isSetSupported("WordApiDesktop", "1.3");
        const r = await Word.run((context) => assemblerDansWord(context, plan, propres, { seulement, sommaire: champ ? "champ" : "note", couvertureSansEnTete: premierePage }));
        const sommaire = (r.sommaire === "note" ? `\n${t("pe.sommaireNote")}` : "") + (r.pagination === "note" ? `\n${t("pe.paginationNote")}` : "");
        return { info: t("pe.assembleWord", { creees: r.creees, maj: r.misesAJour, main: r.gardeesALaMain }) + sommaire, avertissements: aVerifier };
      }
      const { ecrireDocx, fusionnerDocx } = await import("../../hosts/docx/document");
      const nouveau = await ecrireDocx(plan, propres);
      // A continued document: the same merge as `qualite pe`, the text written by hand is kept.
      const manuels = new Set(plan.regions.filter((r) => r.manuel).map((r) => r.tag));
      const octets = docxBase ? await fusionnerDocx(docxBase.octets, nouveau, manuels, docxBase.nom) : nouveau;
      const nom = docxBase?.nom ?? `${modele.id}-${slug(String(propres.variables.etablissement ?? propres.variables.programme ?? "document")) || "document"}.docx`;
      telecharger(octets, nom, TYPE_DOCX);
      if (docxBase) setDocxBase({ nom, octets });
      setModifie(false);
      return { info: t(docxBase ? "pe.telechargeMaj" : "pe.telecharge", { nom: isole(nom), n: plan.regions.length }), avertissements: aVerifier };
    });

  const continuerDocx = (f: File) =>
    executer(t("fichier.ouverture", { nom: f.name }), async () => {
      const { identiteDocx, lireReponsesDocx } = await import("../../hosts/docx/document");
      const octets = new Uint8Array(await f.arrayBuffer());
      const id = await identiteDocx(octets, f.name);
      if (!id || !MODELES_LIVRES.includes(id)) {
        throw new ErreurUtilisateur(`${f.name} n'a pas été assemblé par Qualité EPS avec un modèle de ce volet (aucune section étiquetée ni réponse enregistrée) : il ne peut pas être continué. Rien n'a été modifié.`);
      }
      const m = modeleLivre(id);
      const brutes = await lireReponsesDocx(octets, f.name);
      const { reponses: lues, avertissements } = brutes ? verifierReponses(m, brutes, `réponses de ${f.name}`) : { reponses: reponsesVides(m), avertissements: [] };
      const message = t("pe.docxRepris", { nom: isole(f.name) });
      const appliquer = () => {
        void sauver();
        setModeleId(m.id);
        setReponses(lues);
        setDocxBase({ nom: f.name, octets });
        setCourante(null);
        setModifie(false);
        setInfo(message);
        setAvertissements(avertissements);
      };
      confirmerSi(contientSaisie(reponses), { titre: t("pe.remplacerTitre"), texte: t("pe.remplacer", { nom: isole(f.name) }), bouton: t("pe.remplacerOk"), action: appliquer });
    });

  return (
    <>
      {env.mode === "fichier" ? <Message type="info" texte={t(env.expire ? "mode.office.expire" : "mode.fichier.word")} /> : <Message type="success" texte={t("word.pret", { version: EXIGENCES.Word.version })} />}
      <Field label={t("pe.modele")}>
        <Select {...LISTE_PLEINE_LARGEUR} value={modeleId} onChange={(_, d) => d.value && changerModele(d.value)}>
          {MODELES_LIVRES.map((id) => <option key={id} value={id}>{modeleLivre(id).titre.fr}</option>)}
        </Select>
      </Field>

      {section === null ? (
        <section className={styles.bloc} aria-label={t("pe.identite")}>
          <Subtitle2>{t("pe.identite")}</Subtitle2>
          {modele.variables.map((v) => <ChampSaisie key={v.id} c={v} valeur={reponses.variables[v.id] ?? undefined} changer={(x) => changerVariable(v.id, x)} erreur={periode?.variable === v.id ? periode.message : null} />)}
          <Subtitle2>{t("pe.plan")}</Subtitle2>
          <ul className={styles.plan} data-testid="plan">
            {modele.sections.map((s) => {
              const actif = sectionActive(s, reponses);
              const etat = etatSection(modele, s, reponses, sources);
              return (
                <li key={s.id} className={styles.entree}>
                  <Button appearance="subtle" className={styles.titreSection} disabled={!actif} onClick={() => { setCourante(s.id); if (office) void Word.run((context) => allerALaSection(context, tagSection(modele.id, s.id), s.titre.fr)).catch(() => undefined); }}>
                    <Bidi>{libelleDe(s.titre, langue)}</Bidi>
                  </Button>
                  <Badge appearance="tint" className={styles.pastille} color={actif ? COULEUR_ETAT[etat] : "subtle"}>{actif ? t(`pe.etat.${etat}`) : t("pe.etat.horsSujet")}</Badge>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <section className={styles.bloc} aria-label={section.titre.fr}>
          <div className={styles.ligne}>
            <Button size="small" onClick={() => setCourante(null)}>{t("pe.retour")}</Button>
            <Badge appearance="tint" color={COULEUR_ETAT[etatSection(modele, section, reponses, sources)]} data-testid="etat-section">{t(`pe.etat.${etatSection(modele, section, reponses, sources)}`)}</Badge>
          </div>
          <Subtitle2><Bidi>{libelleDe(section.titre, langue)}</Bidi></Subtitle2>
          {aCompleterSection(modele, section, reponses, sources).length > 0 && (
            <Caption1 className={styles.reste} data-testid="reste-a-completer" dir="auto">
              {t("pe.resteACompleter", { liste: aCompleterSection(modele, section, reponses, sources).map((l) => isole(`« ${l} »`)).join(", ") })}
            </Caption1>
          )}
          <div className={styles.guide}>
            <Text dir="auto">{(section.guide[langue] ?? section.guide.fr).replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (_, v: string) => String(reponses.variables[v] ?? "…"))}</Text>
            {section.questions.length > 0 && (
              <ul>
                {section.questions.map((q) => <li key={q.fr}><Caption1 dir="auto">{(q[langue] ?? q.fr).replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (_, v: string) => String(reponses.variables[v] ?? "…"))}</Caption1></li>)}
              </ul>
            )}
          </div>
          {/* The computed content first: it is what makes this section ready. */}
          {section.source === "evaluation" && (
            <div className={styles.ligne}>
              <BoutonFichier libelle={t("pe.joindreEvaluation")} testId="entree-evaluation" accept=".xlsx,.xlsm" onFichier={(f) => executer(t("fichier.ouverture", { nom: f.name }), async () => {
                const { ouvrirClasseur, scoresDuClasseur } = await import("../../hosts/xlsx/classeur");
                const wb = await ouvrirClasseur(new Uint8Array(await f.arrayBuffer()), f.name);
                const { resultats, etat } = scoresDuClasseur(wb, f.name);
                setEvaluation({ nom: f.name, resultats, etablissement: etat.meta?.etablissement, periode: etat.meta?.periode, paq: etat.paq?.valeurs ?? null });
                return { info: t("pe.evaluationJointe", { nom: isole(f.name) }) };
              })} />
              {evaluation && <Caption1 data-testid="evaluation-jointe">{t("pe.evaluationPrete", { nom: isole(evaluation.nom) })}</Caption1>}
            </div>
          )}
          {section.champs.map((c) => <ChampSaisie key={c.id} c={c} valeur={reponses.sections[section.id]?.champs?.[c.id]} changer={(v) => changerChamp(section.id, c.id, v)} />)}
          <Checkbox label={t("pe.manuel")} checked={reponses.sections[section.id]?.manuel === true} onChange={(_, d) => saisir((r) => ({ ...r, sections: { ...r.sections, [section.id]: { ...r.sections[section.id], manuel: d.checked === true } } }))} />
          {office && <Button onClick={() => void assembler([tagSection(modele.id, section.id)])} disabled={!!occupe}>{t("pe.insererSection")}</Button>}
        </section>
      )}

      <div className={styles.ligne}>
        <Button appearance="primary" onClick={() => void assembler()} disabled={!!occupe}>{office ? t("pe.assembler") : t("pe.telecharger")}</Button>
        {telechargementPossible(env) && <Button onClick={() => { telecharger(new TextEncoder().encode(JSON.stringify(reponses, null, 2)), `reponses-${modele.id}.json`, "application/json"); setModifie(false); }}>{t("pe.exporter")}</Button>}
        <BoutonFichier libelle={t("pe.importer")} testId="entree-reponses" accept=".json,application/json" onFichier={(f) => executer(t("fichier.ouverture", { nom: f.name }), async () => {
          const brutes = analyserJson(await f.text(), f.name);
          const { reponses: r, avertissements } = verifierReponses(modele, brutes, `réponses de ${f.name}`);
          saisir(() => r);
          return { info: t("pe.importees", { nom: isole(f.name) }), avertissements };
        })} />
        <BoutonFichier libelle={t("rapport.semestriel")} testId="entree-suivi" accept=".xlsx,.xlsm" onFichier={(f) => executer(t("rapport.encours"), async () => {
          // The semester report opens as a new document: the one being written is not touched.
          const { rapportDepuisClasseur, ouvrirNouveauDocument } = await import("../../hosts/word/rapport");
          const r = await rapportDepuisClasseur(new Uint8Array(await f.arrayBuffer()), f.name, { maintenant: new Date().toISOString() });
          if (office) await Word.run((context) => ouvrirNouveauDocument(context, r.octets));
          else telecharger(r.octets, `rapport-semestriel-${r.periode}${r.etablissement ? `-${slug(r.etablissement)}` : ""}.docx`, TYPE_DOCX);
          return { info: t(office ? "rapport.ouvert" : "rapport.telecharge", { periode: isole(r.periode), n: r.avertissements.length }), avertissements: r.avertissements };
        })} />
        {!office && <BoutonFichier libelle={t("pe.continuerDocx")} testId="entree-docx" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onFichier={continuerDocx} />}
        {occupe && <Spinner size="tiny" label={occupe} />}
      </div>
      {!telechargementPossible(env) && <Caption1>{t("telechargement.mac")}</Caption1>}
      {docxBase && (
        <div className={styles.ligne} data-testid="docx-continue">
          <Caption1>{t("pe.docxCourant", { nom: isole(docxBase.nom) })}</Caption1>
          <Button size="small" appearance="subtle" onClick={() => setDocxBase(null)}>{t("pe.docxDetacher")}</Button>
        </div>
      )}
      {gardeLe && coffre && <Caption1 role="status" data-testid="sauvegarde">{t(office ? "pe.sauve.document" : "pe.sauve.navigateur", { heure: gardeLe.toLocaleTimeString() })}</Caption1>}
      {erreur && <MessageErreur erreur={erreur} onFermer={() => setErreur(null)} />}
      {info && <Message type="success" texte={info} onFermer={() => setInfo(null)} />}
      {avertissements.length > 0 && <Message type="warning" titre={t("pe.avertissements")} texte={avertissements.join("\n")} onFermer={() => setAvertissements([])} />}
      <Dialog open={confirmation !== null} onOpenChange={(_, d) => !d.open && setConfirmation(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{confirmation?.titre}</DialogTitle>
            <DialogContent>{confirmation?.texte}</DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirmation(null)}>{t("pe.annuler")}</Button>
              <Button appearance="primary" onClick={() => { confirmation?.action(); setConfirmation(null); }}>{confirmation?.bouton}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
