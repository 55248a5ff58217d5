import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useT } from "../i18n";
import type { ErreurVolet } from "./erreurs";

export function Message({ type, titre, texte, details, onFermer, actions }: { type: "success" | "error" | "warning" | "info"; titre?: string; texte: string; details?: string | null; onFermer?: () => void; actions?: ReactNode }) {
  const t = useT();
  return (
    <MessageBar intent={type} layout="multiline" role={type === "error" ? "alert" : "status"}>
      <MessageBarBody>
        {titre && <MessageBarTitle>{titre}</MessageBarTitle>}
        {/* Engine messages are French even in the Arabic pane: let the text pick its own direction. */}
        <span dir="auto" style={{ whiteSpace: "pre-wrap", display: "block" }}>
          {texte}
        </span>
        {details && (
          <details data-testid="details-erreur">
            <summary style={{ cursor: "pointer" }}>{t("erreur.details")}</summary>
            {/* Technical detail, for whoever helps the user: never the message itself. */}
            <pre dir="ltr" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: "11px", maxHeight: "12em", overflow: "auto", margin: "4px 0 0" }}>
              {details}
            </pre>
          </details>
        )}
      </MessageBarBody>
      {(onFermer || actions) && (
        <MessageBarActions containerAction={onFermer ? <Button appearance="transparent" aria-label={t("fermer")} onClick={onFermer}>×</Button> : undefined}>
          {actions}
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** An error of a pane: its French message, the technical detail folded in « Détails ». */
export function MessageErreur({ erreur, onFermer }: { erreur: ErreurVolet; onFermer?: () => void }) {
  const t = useT();
  return <Message type="error" titre={t("erreur.titre")} texte={erreur.message} details={erreur.details} onFermer={onFermer} />;
}
