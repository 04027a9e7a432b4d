// Draws series (one value per round) as lines with labelled axes in an SVG.
const SVG = 'http://www.w3.org/2000/svg';
const margin = { left: 72, right: 16, top: 16, bottom: 36 };

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

// Where a value sits between the bottom (0) and the top (1) of the plot,
// and how the two ends are labelled.
function linearScale(values) {
  const top = Math.max(0, ...values) || 1;
  return { at: (v) => v / top, topLabel: compact.format(top), bottomLabel: '0' };
}

// Whole decades around the positive values; a zero (a line that settled
// exactly) cannot sit on a log axis, so it is drawn on the bottom edge,
// which then reads "≤1e-n".
function logScale(values) {
  const positive = values.filter((v) => v > 0);
  const high = positive.length ? Math.ceil(Math.log10(Math.max(...positive))) : 0;
  const low = Math.min(high - 1, positive.length ? Math.floor(Math.log10(Math.min(...positive))) : high - 1);
  const at = (v) => (v > 0 ? Math.max(0, (Math.log10(v) - low) / (high - low)) : 0);
  const zero = values.some((v) => !(v > 0)) ? '≤' : '';
  return { at, topLabel: `1e${high}`, bottomLabel: `${zero}1e${low}` };
}

/**
 * Several lines on one scale: `lines` = [{values, kind?, testId?, label?}];
 * `kind` is an extra class on the line, its points and its legend (for colour).
 * `firstRound` numbers the first point on the x axis; `log: true` draws the
 * y axis in decades.
 */
export function drawLines(svg, lines, { firstRound = 1, log = false } = {}) {
  svg.replaceChildren();
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const length = Math.max(0, ...lines.map((line) => line.values.length));
  const scale = (log ? logScale : linearScale)(lines.flatMap((line) => line.values));
  const x = (i) => margin.left + (length === 1 ? plotWidth / 2 : (i * plotWidth) / (length - 1));
  const y = (v) => margin.top + plotHeight - scale.at(v) * plotHeight;

  svg.append(
    element('line', { class: 'axis', x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight }),
    element('line', { class: 'axis', x1: margin.left, y1: margin.top + plotHeight, x2: width - margin.right, y2: margin.top + plotHeight }),
    element('text', { x: margin.left - 8, y: margin.top + 4, 'text-anchor': 'end' }, scale.topLabel),
    element('text', { x: margin.left - 8, y: margin.top + plotHeight, 'text-anchor': 'end' }, scale.bottomLabel),
    element('text', { x: margin.left, y: height - 10 }, `round ${firstRound}`),
    element('text', { x: width - margin.right, y: height - 10, 'text-anchor': 'end' }, `round ${firstRound + Math.max(length - 1, 0)}`),
  );
  lines.forEach((line, n) => {
    const kind = line.kind ? ` ${line.kind}` : '';
    const points = line.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const attributes = { class: `line${kind}`, points };
    if (line.testId) attributes['data-testid'] = line.testId;
    svg.append(element('polyline', attributes));
    line.values.forEach((v, i) => svg.append(element('circle', { class: `point${kind}`, cx: x(i), cy: y(v), r: 2.5 })));
    // A legend in the top right corner, one row per labelled line.
    if (line.label) svg.append(element('text', { class: `legend${kind}`, x: width - margin.right, y: margin.top + 14 + 20 * n, 'text-anchor': 'end' }, line.label));
  });
}

/** One line, as the network simulation draws it. */
export function drawSeries(svg, values) {
  drawLines(svg, [{ values, testId: 'residual-line' }]);
}
