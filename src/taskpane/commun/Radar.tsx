/** A radar ("spider") chart drawn in SVG: one axis per thematic, scores from min to max. */
export interface AxeRadar {
  id: string;
  libelle: string;
  score: number | null;
}

export function pointsRadar(axes: readonly AxeRadar[], min: number, max: number, rayon: number, centre: number): { x: number; y: number }[] {
  return axes.map((a, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
    const r = a.score === null ? 0 : ((Math.min(Math.max(a.score, min), max) - min) / (max - min)) * rayon;
    return { x: centre + r * Math.cos(angle), y: centre + r * Math.sin(angle) };
  });
}

export function Radar({ axes, min, max, titre }: { axes: AxeRadar[]; min: number; max: number; titre: string }) {
  const taille = 260;
  const centre = taille / 2;
  const rayon = centre - 34;
  const anneaux = Array.from({ length: max - min }, (_, k) => min + k + 1);
  const coin = (i: number, r: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / axes.length;
    return { x: centre + r * Math.cos(angle), y: centre + r * Math.sin(angle) };
  };
  const points = pointsRadar(axes, min, max, rayon, centre);
  const description = axes.map((a) => `${a.id} : ${a.score === null ? "non évalué" : a.score.toFixed(2).replace(".", ",")}`).join(", ");
  return (
    <svg viewBox={`0 0 ${taille} ${taille}`} width="100%" style={{ maxWidth: 320 }} role="img" aria-label={`${titre} — ${description}`} data-testid="radar">
      <title>{titre}</title>
      {anneaux.map((v) => (
        <polygon key={v} points={axes.map((_, i) => coin(i, ((v - min) / (max - min)) * rayon)).map((p) => `${p.x},${p.y}`).join(" ")} fill="none" stroke="#d0d0d0" />
      ))}
      {axes.map((a, i) => {
        const bout = coin(i, rayon);
        const etiquette = coin(i, rayon + 16);
        return (
          <g key={a.id}>
            <line x1={centre} y1={centre} x2={bout.x} y2={bout.y} stroke="#d0d0d0" />
            <text x={etiquette.x} y={etiquette.y} fontSize="10" textAnchor="middle" dominantBaseline="middle">
              <title>{a.libelle}</title>
              {a.id}
            </text>
          </g>
        );
      })}
      <polygon points={points.map((p) => `${p.x},${p.y}`).join(" ")} fill="rgba(15,118,110,0.25)" stroke="#0f766e" strokeWidth="2" />
      {points.map((p, i) => (axes[i]!.score === null ? null : <circle key={axes[i]!.id} cx={p.x} cy={p.y} r="3" fill="#0f766e" />))}
    </svg>
  );
}
