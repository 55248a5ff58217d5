/**
 * A native list (Fluent's Select) never wider than the pane: a long option (a referential's full
 * title) would otherwise widen the whole pane at 320–350 px, and in Arabic push its content out
 * of view. The chosen text is cut with an ellipsis; the open list shows it whole.
 */
export const LISTE_PLEINE_LARGEUR = {
  root: { style: { width: "100%", minWidth: 0, maxWidth: "100%" } },
  select: { style: { width: "100%", minWidth: 0, textOverflow: "ellipsis" } },
} as const;
