/**
 * Translated sentences whose values are isolated for the bidirectional algorithm. A French name,
 * a file name, a code like « 1.1.2 » or a number inside an Arabic sentence (or Arabic inside a
 * French one) otherwise takes its neighbours' direction: its punctuation lands on the wrong side.
 * Each value goes in its own <bdi>, which the browser lays out with `unicode-bidi: isolate`.
 */
import { Fragment, useContext, type ReactNode } from "react";
import { LangueContexte, texteBrut, type Langue } from "./index";
import type { Cle } from "./fr";

export function phraseIsolee(langue: Langue, cle: Cle, valeurs: Record<string, ReactNode> = {}): ReactNode {
  const morceaux = texteBrut(langue, cle).split(/\{(\w+)\}/);
  return morceaux.map((m, i) =>
    i % 2 === 0 ? (
      <Fragment key={i}>{m}</Fragment>
    ) : m in valeurs ? (
      <bdi key={i}>{valeurs[m]}</bdi>
    ) : (
      <Fragment key={i}>{`{${m}}`}</Fragment>
    ),
  );
}

/** Like useT, for sentences shown in the pane: values isolated. */
export function useTI() {
  const langue = useContext(LangueContexte);
  return (cle: Cle, valeurs?: Record<string, ReactNode>) => phraseIsolee(langue, cle, valeurs);
}
