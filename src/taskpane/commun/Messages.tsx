import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useT } from "../i18n";

export function Message({ type, titre, texte, onFermer, actions }: { type: "success" | "error" | "warning" | "info"; titre?: string; texte: string; onFermer?: () => void; actions?: ReactNode }) {
  const t = useT();
  return (
    <MessageBar intent={type} layout="multiline" role={type === "error" ? "alert" : "status"}>
      <MessageBarBody>
        {titre && <MessageBarTitle>{titre}</MessageBarTitle>}
        {/* Engine messages are French even in the Arabic pane: let the text pick its own direction. */}
        <span dir="auto" style={{ whiteSpace: "pre-wrap", display: "block" }}>
          {texte}
        </span>
      </MessageBarBody>
      {(onFermer || actions) && (
        <MessageBarActions containerAction={onFermer ? <Button appearance="transparent" aria-label={t("fermer")} onClick={onFermer}>×</Button> : undefined}>
          {actions}
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
