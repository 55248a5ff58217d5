/** A radar ("spider") chart drawn in SVG: one axis per thematic, scores from min to max, labelled with names. */
export interface AxeRadar {
  id: string;
  libelle: string;
  score: number | null;
}

export function pointsRadar(axes: readonly AxeRadar[], min: number, max: number, rayon: number, centre: { x: number; y: number }): { x: number; y: number }[] {
  return axes.map((a, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
    const r = a.score === null ? 0 : ((Math.min(Math.max(a.score, min), max) - min) / (max - min)) * rayon;
    return { x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle) };
  });
}

/**
 * A name cut to fit beside an axis: at most two lines of `largeur` characters, words kept whole,
 * an ellipsis when more remains (the full name is in the legend and the tooltip).
 */
export function etiquetteCourte(libelle: string, largeur = 14): string[] {
  const mots = libelle.split(/\s+/).filter(Boolean);
  const lignes: string[] = [];
  let i = 0;
  while (i < mots.length && lignes.length < 2) {
    let l = mots[i++]!;
    while (i < mots.length && `${l} ${mots[i]}`.length <= largeur) l += ` ${mots[i++]}`;
    lignes.push(l.length > largeur ? `${l.slice(0, largeur - 1)}…` : l);
  }
  const der = lignes.length - 1;
  if (i < mots.length && der >= 0 && !lignes[der]!.endsWith("…")) lignes[der] = `${lignes[der]!.replace(/[\s,;:]+$/, "")}…`;
  return lignes;
}

const formater = (x: number) => x.toFixed(2).replace(".", ",");

export function Radar({ axes, min, max, titre, nonEvalue }: { axes: AxeRadar[]; min: number; max: number; titre: string; nonEvalue: string }) {
  const largeur = 320;
  const hauteur = 230;
  const centre = { x: largeur / 2, y: hauteur / 2 };
  const rayon = 70;
  const anneaux = Array.from({ length: max - min }, (_, k) => min + k + 1);
  const coin = (i: number, r: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
    return { x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle), cos: Math.cos(angle), sin: Math.sin(angle) };
  };
  const points = pointsRadar(axes, min, max, rayon, centre);
  const description = axes.map((a) => `${a.libelle} : ${a.score === null ? nonEvalue : formater(a.score)}`).join(", ");
  return (
    // Physical left/right for the labels' anchors, in either language; each label still lays out its own script.
    <svg viewBox={`0 0 ${largeur} ${hauteur}`} width="100%" style={{ maxWidth: 400 }} role="img" aria-label={`${titre} — ${description}`} data-testid="radar" direction="ltr">
      <title>{titre}</title>
      {anneaux.map((v) => (
        <polygon key={v} points={axes.map((_, i) => coin(i, ((v - min) / (max - min)) * rayon)).map((p) => `${p.x},${p.y}`).join(" ")} fill="none" stroke="#d0d0d0" />
      ))}
      {axes.map((a, i) => {
        const bout = coin(i, rayon);
        const e = coin(i, rayon + 8);
        const lignes = etiquetteCourte(a.libelle);
        const ancre = e.cos > 0.25 ? "start" : e.cos < -0.25 ? "end" : "middle";
        // Above the chart, the label grows upwards; below it, downwards; on the sides, centred on the axis.
        const premier = e.sin < -0.5 ? -(lignes.length - 1) * 11 - 2 : e.sin > 0.5 ? 8 : -((lignes.length - 1) * 11) / 2 + 3;
        return (
          <g key={a.id}>
            <line x1={centre.x} y1={centre.y} x2={bout.x} y2={bout.y} stroke="#d0d0d0" />
            <text x={e.x} y={e.y + premier} fontSize="10" textAnchor={ancre} fill="#242424" data-testid={`axe-${a.id}`}>
              <title>{a.libelle}</title>
              {lignes.map((l, k) => (
                <tspan key={k} x={e.x} dy={k === 0 ? 0 : 11} style={{ unicodeBidi: "plaintext" }}>
                  {l}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
      <polygon points={points.map((p) => `${p.x},${p.y}`).join(" ")} fill="rgba(15,118,110,0.25)" stroke="#0f766e" strokeWidth="2" />
      {points.map((p, i) => (axes[i]!.score === null ? null : <circle key={axes[i]!.id} cx={p.x} cy={p.y} r="3" fill="#0f766e" />))}
    </svg>
  );
}
