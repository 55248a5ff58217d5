import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { Spinner } from "@fluentui/react-components";
import { Cadre } from "./Cadre";
import { Message } from "./Messages";
import { detecterEnvironnement, type EnvironnementVolet } from "./office";
import { traduire, useT } from "../i18n";
import type { Cle } from "../i18n/fr";

/** Inside Office without office.js: say so, and offer nothing that would work on a copy. */
function OfficeIndisponible({ raison }: { raison: "chargement" | "expire" }) {
  const t = useT();
  return <Message type="error" titre={t("office.indisponible.titre")} texte={t(`office.indisponible.${raison}`)} />;
}

/** Shows the frame with a spinner, waits for Office (or file mode), then renders the pane. */
export function monterVolet(sousTitre: Cle, rendre: (env: EnvironnementVolet) => ReactNode | null): void {
  const racine = createRoot(document.getElementById("racine")!);
  racine.render(
    <Cadre sousTitre={sousTitre}>
      <Spinner label={traduire("fr", "chargement")} />
    </Cadre>,
  );
  void detecterEnvironnement().then((env) => {
    const contenu = env.mode === "indisponible" ? <OfficeIndisponible raison={env.raison} /> : rendre(env);
    if (contenu === null) return;
    racine.render(
      <Cadre sousTitre={sousTitre} langueOffice={env.mode === "office" ? env.langue : undefined}>
        {contenu}
      </Cadre>,
    );
  });
}
