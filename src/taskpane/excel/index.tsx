import { monterVolet } from "../commun/monter";
import { GardeErreurs } from "../commun/Messages";
import { AppExcel } from "./AppExcel";

monterVolet("app.sousTitreExcel", (env) => {
  // Hosts that ignore VersionOverrides open the manifest's default page in Word too.
  if (env.mode === "office" && env.hote === "Word") {
    location.replace("word.html");
    return null;
  }
  return (
    <GardeErreurs>
      <AppExcel env={env} />
    </GardeErreurs>
  );
});
