import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { Spinner } from "@fluentui/react-components";
import { Cadre } from "./Cadre";
import { detecterEnvironnement, type Environnement } from "./office";
import { traduire } from "../i18n";
import type { Cle } from "../i18n/fr";

/** Shows the frame with a spinner, waits for Office (or file mode), then renders the pane. */
export function monterVolet(sousTitre: Cle, rendre: (env: Environnement) => ReactNode | null): void {
  const racine = createRoot(document.getElementById("racine")!);
  racine.render(
    <Cadre sousTitre={sousTitre}>
      <Spinner label={traduire("fr", "chargement")} />
    </Cadre>,
  );
  void detecterEnvironnement().then((env) => {
    const contenu = rendre(env);
    if (contenu === null) return;
    racine.render(
      <Cadre sousTitre={sousTitre} langueOffice={env.mode === "office" ? env.langue : undefined}>
        {contenu}
      </Cadre>,
    );
  });
}
