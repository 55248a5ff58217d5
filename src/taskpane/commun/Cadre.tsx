import { useEffect, useState, type ReactNode } from "react";
import { Button, FluentProvider, makeStyles, Subtitle2, Text, tokens, webLightTheme } from "@fluentui/react-components";
import { DIRECTION, LangueContexte, langueInitiale, traduire, type Langue } from "../i18n";
import type { Cle } from "../i18n/fr";

const CLE_LANGUE = "qualite-eps.langue";

const useStyles = makeStyles({
  racine: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  entete: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: "#0f766e",
    color: "#ffffff",
  },
  titres: { display: "flex", flexDirection: "column", flexGrow: 1 },
  contenu: { padding: tokens.spacingHorizontalM, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

function lireLangueEnregistree(): string | null {
  try {
    return localStorage.getItem(CLE_LANGUE);
  } catch {
    return null;
  }
}

/** Theme, language (French, Arabic right-to-left) and header shared by both panes. */
export function Cadre({ sousTitre, langueOffice, children }: { sousTitre: Cle; langueOffice?: string; children: ReactNode }) {
  const [langue, setLangue] = useState<Langue>(() => langueInitiale(lireLangueEnregistree(), langueOffice ?? navigator.language));
  const styles = useStyles();
  const dir = DIRECTION[langue];
  useEffect(() => {
    document.documentElement.lang = langue;
    document.documentElement.dir = dir;
  }, [langue, dir]);
  const basculer = () => {
    const autre: Langue = langue === "fr" ? "ar" : "fr";
    setLangue(autre);
    try {
      localStorage.setItem(CLE_LANGUE, autre);
    } catch {
      /* storage can be disabled in Office's webview: the choice lasts for the session */
    }
  };
  return (
    <FluentProvider theme={webLightTheme} dir={dir}>
      <LangueContexte.Provider value={langue}>
        <div className={styles.racine}>
          <header className={styles.entete}>
            <img src="assets/icon-32.png" width={24} height={24} alt="" />
            <div className={styles.titres}>
              <Subtitle2>{traduire(langue, "app.titre")}</Subtitle2>
              <Text size={200}>{traduire(langue, sousTitre)}</Text>
            </div>
            <Button appearance="transparent" style={{ color: "#ffffff" }} onClick={basculer} lang={langue === "fr" ? "ar" : "fr"}>
              {traduire(langue, "langue.basculer")}
            </Button>
          </header>
          <main className={styles.contenu}>{children}</main>
        </div>
      </LangueContexte.Provider>
    </FluentProvider>
  );
}
