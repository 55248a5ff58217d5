import { useRef } from "react";
import { Button, type ButtonProps } from "@fluentui/react-components";

/** A Fluent button that opens the file picker; the file is read locally, never uploaded. */
export function BoutonFichier({
  libelle,
  accept,
  testId,
  onFichier,
  onFichiers,
  ...bouton
}: ButtonProps & { libelle: string; accept: string; testId: string; onFichier?: (f: File) => void | Promise<void>; onFichiers?: (f: File[]) => void | Promise<void> }) {
  const entree = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button {...bouton} onClick={() => entree.current?.click()}>
        {libelle}
      </Button>
      <input
        ref={entree}
        type="file"
        hidden
        data-testid={testId}
        accept={accept}
        multiple={!!onFichiers}
        onChange={async (e) => {
          const liste = [...(e.target.files ?? [])];
          e.target.value = "";
          if (onFichiers && liste.length) await onFichiers(liste);
          else if (onFichier && liste[0]) await onFichier(liste[0]);
        }}
      />
    </>
  );
}
