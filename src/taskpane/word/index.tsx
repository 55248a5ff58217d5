import { createRoot } from "react-dom/client";
import { Spinner } from "@fluentui/react-components";
import { Cadre } from "../commun/Cadre";
import { detecterEnvironnement } from "../commun/office";
import { traduire } from "../i18n";
import { AppWord } from "./AppWord";

const racine = createRoot(document.getElementById("racine")!);
racine.render(
  <Cadre sousTitre="app.sousTitreWord">
    <Spinner label={traduire("fr", "chargement")} />
  </Cadre>,
);

void detecterEnvironnement().then((env) => {
  racine.render(
    <Cadre sousTitre="app.sousTitreWord" langueOffice={env.mode === "office" ? env.langue : undefined}>
      <AppWord env={env} />
    </Cadre>,
  );
});
