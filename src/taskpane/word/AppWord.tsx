import { useContext, useEffect, useMemo, useState } from "react";
import { Badge, Button, Caption1, Checkbox, Dropdown, Field, Input, makeStyles, Option, Spinner, Subtitle2, Text, Textarea, tokens } from "@fluentui/react-components";
import { MODELES_REDACTION as MODELES_LIVRES, modeleLivre } from "../../core/pe/catalogue";
import type { Champ, ModeleDocument, Variable } from "../../core/pe/modele";
import { etatSection, planifierDocument, reponsesVides, sectionActive, tagSection, verifierReponses, type EvaluationPourDocument, type ReponsesDocument, type ValeurChamp } from "../../core/pe/document";
import { allerALaSection, assemblerDansWord, lireReponsesWord } from "../../hosts/word/assemblage";
import { exigenceManquante, EXIGENCES, telechargementPossible, type EnvironnementVolet } from "../commun/office";
import { messageErreur } from "../commun/erreurs";
import { Message } from "../commun/Messages";
import { BoutonFichier } from "../commun/BoutonFichier";
import { slug, telecharger } from "../commun/telechargement";
import { LangueContexte, useT } from "../i18n";
import { ErreurUtilisateur } from "../../core/referential";

const TYPE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const COULEUR_ETAT = { vide: "informative", "en-cours": "warning", fait: "success" } as const;

const useStyles = makeStyles({
  plan: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, margin: 0, padding: 0, listStyle: "none" },
  entree: { display: "flex", justifyContent: "space-between", alignItems: "center", gap: tokens.spacingHorizontalS },
  bloc: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ligne: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  guide: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium },
});

function ChampSaisie({ c, valeur, changer }: { c: Champ | Variable; valeur: ValeurChamp | undefined; changer: (v: ValeurChamp) => void }) {
  const t = useT();
  const texte = typeof valeur === "string" || typeof valeur === "number" ? String(valeur) : "";
  const etiquette = `${c.libelle.fr}${c.obligatoire ? " *" : ""}`;
  if (c.type === "texteLong") return <Field label={etiquette} hint={"aide" in c ? c.aide?.fr : undefined}><Textarea value={texte} resize="vertical" rows={5} onChange={(_, d) => changer(d.value)} /></Field>;
  if (c.type === "choix") {
    return (
      <Field label={etiquette}>
        <Dropdown value={texte} selectedOptions={texte ? [texte] : []} onOptionSelect={(_, d) => changer(d.optionValue ?? null)}>
          {(c.choix ?? []).map((x) => <Option key={x} value={x}>{x}</Option>)}
        </Dropdown>
      </Field>
    );
  }
  if (c.type === "liste" && "colonnes" in c && c.colonnes) {
    const lignes = Array.isArray(valeur) ? valeur : [];
    const cols = c.colonnes;
    const maj = (i: number, k: string, v: string) => changer(lignes.map((l, j) => (j === i ? { ...l, [k]: v } : l)));
    return (
      <Field label={etiquette}>
        <div style={{ display: "flex", flexDirection: "column", gap: 4 }}>
          {lignes.map((l, i) => (
            <div key={i} style={{ display: "flex", gap: 4, alignItems: "end" }}>
              {cols.map((k) => (
                <Input key={k.id} aria-label={`${k.libelle.fr} ${i + 1}`} placeholder={k.libelle.fr} type={k.type === "date" ? "date" : k.type === "nombre" ? "number" : "text"} value={l[k.id] === null || l[k.id] === undefined ? "" : String(l[k.id])} onChange={(_, d) => maj(i, k.id, d.value)} style={{ minWidth: 0, flex: 1 }} />
              ))}
              <Button size="small" appearance="subtle" aria-label={t("pe.ligneRetirer")} onClick={() => changer(lignes.filter((_, j) => j !== i))}>×</Button>
            </div>
          ))}
          <Button size="small" onClick={() => changer([...lignes, Object.fromEntries(cols.map((k) => [k.id, ""]))])}>{t("pe.ligneAjouter")}</Button>
        </div>
      </Field>
    );
  }
  return (
    <Field label={etiquette} hint={"aide" in c ? c.aide?.fr : undefined}>
      <Input type={c.type === "nombre" ? "number" : c.type === "date" ? "date" : "text"} value={texte} onChange={(_, d) => changer(c.type === "nombre" && d.value !== "" ? Number(d.value) : d.value)} />
    </Field>
  );
}

/** Word pane: the document template's sections, their guidance and fields, and assembly. */
export function AppWord({ env }: { env: EnvironnementVolet }) {
  const t = useT();
  // Guides and questions in the interface's language when the template has it (the document itself stays French).
  const langue = useContext(LangueContexte);
  const styles = useStyles();
  const [modeleId, setModeleId] = useState(MODELES_LIVRES[0]!);
  const modele: ModeleDocument = useMemo(() => modeleLivre(modeleId), [modeleId]);
  const [reponses, setReponses] = useState<ReponsesDocument>(() => reponsesVides(modele));
  const [courante, setCourante] = useState<string | null>(null);
  const [occupe, setOccupe] = useState<string | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<(EvaluationPourDocument & { nom: string }) | null>(null);
  const office = env.mode === "office" && env.hote === "Word";
  const manque = office ? exigenceManquante((api, v) => Office.context.requirements.isSetSupported(api, v), "Word") : null;

  // In Word, answers saved by an earlier assembly come back with the document.
  useEffect(() => {
    if (!office || manque) return;
    void Word.run(async (context) => {
      const lues = await lireReponsesWord(context);
      if (lues && typeof lues === "object" && "modele" in lues && MODELES_LIVRES.includes(String((lues as { modele: unknown }).modele))) {
        const m = modeleLivre(String((lues as { modele: string }).modele));
        setModeleId(m.id);
        setReponses(verifierReponses(m, lues).reponses);
      }
    }).catch((e) => setErreur(messageErreur(e)));
  }, [office, manque]);

  if (env.mode === "office" && env.hote !== "Word") return <Message type="error" texte={t("hote.mauvais", { volet: "Word", hote: env.nomHote })} />;
  if (manque) return <Message type="error" titre={t("erreur.titre")} texte={t("hote.tropAncien", { hote: "Word", api: manque.api, version: manque.version })} />;

  const section = modele.sections.find((s) => s.id === courante) ?? null;
  const changerChamp = (sid: string, cid: string, v: ValeurChamp) =>
    setReponses((r) => ({ ...r, sections: { ...r.sections, [sid]: { ...r.sections[sid], champs: { ...r.sections[sid]?.champs, [cid]: v } } } }));
  const changerVariable = (id: string, v: ValeurChamp) => setReponses((r) => ({ ...r, variables: { ...r.variables, [id]: typeof v === "number" || typeof v === "string" ? v : null } }));

  async function executer(message: string, action: () => Promise<string | void>) {
    setOccupe(message);
    setErreur(null);
    setInfo(null);
    try {
      const r = await action();
      if (r) setInfo(r);
    } catch (e) {
      setErreur(messageErreur(e));
    } finally {
      setOccupe(null);
    }
  }

  const assembler = (seulement?: string[]) =>
    executer(t("pe.assemblage"), async () => {
      const { reponses: propres, avertissements } = verifierReponses(modele, reponses);
      const plan = planifierDocument(modele, propres, evaluation, avertissements);
      const resume = plan.avertissements.length ? `\n${t("pe.aCompleter", { n: plan.avertissements.length })}\n${plan.avertissements.slice(0, 8).join("\n")}` : "";
      if (office) {
        // Fields are read-only in Word on the web, and need WordApi 1.5 elsewhere.
        const champ = Office.context.requirements.isSetSupported("WordApi", "1.5") && env.mode === "office" && env.plateforme !== "OfficeOnline";
        const r = await Word.run((context) => assemblerDansWord(context, plan, propres, { seulement, sommaire: champ ? "champ" : "note" }));
        const sommaire = r.sommaire === "note" ? `\n${t("pe.sommaireNote")}` : "";
        return t("pe.assembleWord", { creees: r.creees, maj: r.misesAJour, main: r.gardeesALaMain }) + sommaire + resume;
      }
      const { ecrireDocx } = await import("../../hosts/docx/document");
      const nom = `${modele.id}-${slug(String(propres.variables.etablissement ?? propres.variables.programme ?? "document")) || "document"}.docx`;
      telecharger(await ecrireDocx(plan, propres), nom, TYPE_DOCX);
      return t("pe.telecharge", { nom, n: plan.regions.length }) + resume;
    });

  return (
    <>
      {env.mode === "fichier" ? <Message type="info" texte={t(env.expire ? "mode.office.expire" : "mode.fichier.word")} /> : <Message type="success" texte={t("word.pret", { version: EXIGENCES.Word.version })} />}
      <Field label={t("pe.modele")}>
        <Dropdown value={modele.titre.fr} selectedOptions={[modeleId]} onOptionSelect={(_, d) => { if (d.optionValue) { setModeleId(d.optionValue); setReponses(reponsesVides(modeleLivre(d.optionValue))); setCourante(null); } }}>
          {MODELES_LIVRES.map((id) => <Option key={id} value={id} text={modeleLivre(id).titre.fr}>{modeleLivre(id).titre.fr}</Option>)}
        </Dropdown>
      </Field>

      {section === null ? (
        <section className={styles.bloc} aria-label={t("pe.identite")}>
          <Subtitle2>{t("pe.identite")}</Subtitle2>
          {modele.variables.map((v) => <ChampSaisie key={v.id} c={v} valeur={reponses.variables[v.id] ?? undefined} changer={(x) => changerVariable(v.id, x)} />)}
          <Subtitle2>{t("pe.plan")}</Subtitle2>
          <ul className={styles.plan} data-testid="plan">
            {modele.sections.map((s) => {
              const actif = sectionActive(s, reponses);
              const etat = etatSection(s, reponses);
              return (
                <li key={s.id} className={styles.entree}>
                  <Button appearance="subtle" disabled={!actif} onClick={() => { setCourante(s.id); if (office) void Word.run((context) => allerALaSection(context, tagSection(modele.id, s.id), s.titre.fr)).catch(() => undefined); }}>
                    {s.titre.fr}
                  </Button>
                  <Badge appearance="tint" color={actif ? COULEUR_ETAT[etat] : "subtle"}>{actif ? t(`pe.etat.${etat}`) : t("pe.etat.horsSujet")}</Badge>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <section className={styles.bloc} aria-label={section.titre.fr}>
          <div className={styles.ligne}>
            <Button size="small" onClick={() => setCourante(null)}>{t("pe.retour")}</Button>
            <Badge appearance="tint" color={COULEUR_ETAT[etatSection(section, reponses)]}>{t(`pe.etat.${etatSection(section, reponses)}`)}</Badge>
          </div>
          <Subtitle2>{section.titre.fr}</Subtitle2>
          <div className={styles.guide}>
            <Text>{(section.guide[langue] ?? section.guide.fr).replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (_, v: string) => String(reponses.variables[v] ?? "…"))}</Text>
            {section.questions.length > 0 && (
              <ul>
                {section.questions.map((q) => <li key={q.fr}><Caption1>{(q[langue] ?? q.fr).replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (_, v: string) => String(reponses.variables[v] ?? "…"))}</Caption1></li>)}
              </ul>
            )}
          </div>
          {section.champs.map((c) => <ChampSaisie key={c.id} c={c} valeur={reponses.sections[section.id]?.champs?.[c.id]} changer={(v) => changerChamp(section.id, c.id, v)} />)}
          {section.source === "evaluation" && (
            <div className={styles.ligne}>
              <BoutonFichier libelle={t("pe.joindreEvaluation")} testId="entree-evaluation" accept=".xlsx" onFichier={(f) => executer(t("fichier.ouverture", { nom: f.name }), async () => {
                const { ouvrirClasseur, scoresDuClasseur } = await import("../../hosts/xlsx/classeur");
                const wb = await ouvrirClasseur(new Uint8Array(await f.arrayBuffer()), f.name, { accepterPertes: true });
                const { resultats, etat } = scoresDuClasseur(wb, f.name);
                setEvaluation({ nom: f.name, resultats, etablissement: etat.meta?.etablissement, periode: etat.meta?.periode, paq: etat.paq?.valeurs ?? null });
                return t("pe.evaluationJointe", { nom: f.name });
              })} />
              {evaluation && <Caption1>{evaluation.nom}</Caption1>}
            </div>
          )}
          <Checkbox label={t("pe.manuel")} checked={reponses.sections[section.id]?.manuel === true} onChange={(_, d) => setReponses((r) => ({ ...r, sections: { ...r.sections, [section.id]: { ...r.sections[section.id], manuel: d.checked === true } } }))} />
          {office && <Button onClick={() => void assembler([tagSection(modele.id, section.id)])} disabled={!!occupe}>{t("pe.insererSection")}</Button>}
        </section>
      )}

      <div className={styles.ligne}>
        <Button appearance="primary" onClick={() => void assembler()} disabled={!!occupe}>{office ? t("pe.assembler") : t("pe.telecharger")}</Button>
        {telechargementPossible(env) && <Button onClick={() => telecharger(new TextEncoder().encode(JSON.stringify(reponses, null, 2)), `reponses-${modele.id}.json`, "application/json")}>{t("pe.exporter")}</Button>}
        <BoutonFichier libelle={t("pe.importer")} testId="entree-reponses" accept=".json,application/json" onFichier={(f) => executer(t("fichier.ouverture", { nom: f.name }), async () => {
          let brutes: unknown;
          try {
            brutes = JSON.parse(await f.text());
          } catch {
            throw new ErreurUtilisateur(`${f.name} n'est pas un fichier JSON lisible.`);
          }
          const { reponses: r, avertissements } = verifierReponses(modele, brutes, `réponses de ${f.name}`);
          setReponses(r);
          return avertissements.length ? `${t("pe.importees", { nom: f.name })}\n${avertissements.join("\n")}` : t("pe.importees", { nom: f.name });
        })} />
        {occupe && <Spinner size="tiny" label={occupe} />}
      </div>
      {!telechargementPossible(env) && <Caption1>{t("telechargement.mac")}</Caption1>}
      {erreur && <Message type="error" titre={t("erreur.titre")} texte={erreur} onFermer={() => setErreur(null)} />}
      {info && <Message type="success" texte={info} onFermer={() => setInfo(null)} />}
    </>
  );
}
