import { createRoot } from "react-dom/client";
import { Spinner } from "@fluentui/react-components";
import { Cadre } from "../commun/Cadre";
import { detecterEnvironnement } from "../commun/office";
import { traduire } from "../i18n";
import { AppExcel } from "./AppExcel";

const racine = createRoot(document.getElementById("racine")!);
racine.render(
  <Cadre sousTitre="app.sousTitreExcel">
    <Spinner label={traduire("fr", "chargement")} />
  </Cadre>,
);

void detecterEnvironnement().then((env) => {
  // Hosts that ignore VersionOverrides open the manifest's default page in Word too.
  if (env.mode === "office" && env.hote === "Word") {
    location.replace("word.html");
    return;
  }
  racine.render(
    <Cadre sousTitre="app.sousTitreExcel" langueOffice={env.mode === "office" ? env.langue : undefined}>
      <AppExcel env={env} />
    </Cadre>,
  );
});
