import { useRef } from "react";
import { Button, type ButtonProps } from "@fluentui/react-components";

/** A Fluent button that opens the file picker; the file is read locally, never uploaded. */
export function BoutonFichier({ libelle, accept, testId, onFichier, ...bouton }: ButtonProps & { libelle: string; accept: string; testId: string; onFichier: (f: File) => void | Promise<void> }) {
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
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (f) await onFichier(f);
        }}
      />
    </>
  );
}
