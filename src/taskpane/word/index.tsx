import { monterVolet } from "../commun/monter";
import { GardeErreurs } from "../commun/Messages";
import { AppWord } from "./AppWord";

monterVolet("app.sousTitreWord", (env) => (
  <GardeErreurs>
    <AppWord env={env} />
  </GardeErreurs>
));
