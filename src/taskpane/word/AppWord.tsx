import { Text } from "@fluentui/react-components";
import { exigenceManquante, EXIGENCES, type Environnement } from "../commun/office";
import { Message } from "../commun/Messages";
import { useT } from "../i18n";

/** Word pane: host checks today; the guided PE assistant comes with its own issue. */
export function AppWord({ env }: { env: Environnement }) {
  const t = useT();
  if (env.mode === "office" && env.hote !== "Word") return <Message type="error" texte={t("hote.mauvais", { volet: "Word", hote: env.nomHote })} />;
  const manque =
    env.mode === "office" ? exigenceManquante((api, v) => Office.context.requirements.isSetSupported(api, v), "Word") : null;
  if (manque) return <Message type="error" titre={t("erreur.titre")} texte={t("hote.tropAncien", { hote: "Word", api: manque.api, version: manque.version })} />;
  return (
    <>
      {env.mode === "fichier" ? <Message type="info" texte={t(env.expire ? "mode.office.expire" : "mode.fichier")} /> : <Message type="success" texte={t("word.pret", { version: EXIGENCES.Word.version })} />}
      <Text>{t("word.intro")}</Text>
    </>
  );
}
