import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { Component, type ReactNode } from "react";
import { useT } from "../i18n";
import { erreurVolet, type ErreurVolet } from "./erreurs";

export function Message({ type, titre, texte, details, onFermer, actions }: { type: "success" | "error" | "warning" | "info"; titre?: string; texte: string; details?: string | null; onFermer?: () => void; actions?: ReactNode }) {
  const t = useT();
  return (
    <MessageBar intent={type} layout="multiline" role={type === "error" ? "alert" : "status"} data-intent={type}>
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
            <pre dir="ltr" style={{ textAlign: "left", whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: "11px", maxHeight: "12em", overflow: "auto", margin: "4px 0 0" }}>
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

/**
 * The pane's last net: an error nobody caught (a rejected promise, an exception in a callback,
 * a rendering failure) is shown as the same French message with « Détails », never as a blank
 * or frozen pane. A rendering failure replaces the pane; the others are shown above it.
 */
export class GardeErreurs extends Component<{ children: ReactNode }, { erreur: ErreurVolet | null; fatale: boolean }> {
  override state = { erreur: null as ErreurVolet | null, fatale: false };

  static getDerivedStateFromError(e: unknown) {
    return { erreur: erreurVolet(e, "Affichage du volet"), fatale: true };
  }

  private readonly rejet = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    this.setState({ erreur: erreurVolet(e.reason) });
  };

  private readonly exception = (e: ErrorEvent) => {
    e.preventDefault();
    this.setState({ erreur: erreurVolet(e.error ?? e.message) });
  };

  override componentDidMount() {
    window.addEventListener("unhandledrejection", this.rejet);
    window.addEventListener("error", this.exception);
  }

  override componentWillUnmount() {
    window.removeEventListener("unhandledrejection", this.rejet);
    window.removeEventListener("error", this.exception);
  }

  override render() {
    const { erreur, fatale } = this.state;
    return (
      <>
        {erreur && <MessageErreur erreur={erreur} onFermer={fatale ? undefined : () => this.setState({ erreur: null })} />}
        {!fatale && this.props.children}
      </>
    );
  }
}
