import { lazy, Suspense } from "react";
import { Spinner } from "@fluentui/react-components";
import { monterVolet } from "../commun/monter";
import { GardeErreurs } from "../commun/Messages";

/**
 * The guided pane (templates, their validation with zod, the document engine) loads on its own,
 * starting as soon as this module runs, while Office answers: the pane's first paint carries only
 * React, Fluent and the shell, as the official task-pane template does.
 */
const chargerApp = () => import("./AppWord");
const prechargement = chargerApp();
const AppWord = lazy(() => prechargement.catch(chargerApp).then((m) => ({ default: m.AppWord })));

monterVolet("app.sousTitreWord", (env) => (
  <GardeErreurs>
    <Suspense fallback={<Spinner size="small" />}>
      <AppWord env={env} />
    </Suspense>
  </GardeErreurs>
));
