import { monterVolet } from "../commun/monter";
import { AppWord } from "./AppWord";

monterVolet("app.sousTitreWord", (env) => <AppWord env={env} />);
