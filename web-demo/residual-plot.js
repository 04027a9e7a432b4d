// Draws a series (one value per round) as a line with labelled axes in an SVG.
const SVG = 'http://www.w3.org/2000/svg';
const margin = { left: 72, right: 16, top: 16, bottom: 36 };

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function drawSeries(svg, values) {
  svg.replaceChildren();
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const top = Math.max(...values, 0) || 1;
  const x = (i) => margin.left + (values.length === 1 ? plotWidth / 2 : (i * plotWidth) / (values.length - 1));
  const y = (v) => margin.top + plotHeight - (v / top) * plotHeight;

  svg.append(
    element('line', { class: 'axis', x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight }),
    element('line', { class: 'axis', x1: margin.left, y1: margin.top + plotHeight, x2: width - margin.right, y2: margin.top + plotHeight }),
    element('text', { x: margin.left - 8, y: margin.top + 4, 'text-anchor': 'end' }, compact.format(top)),
    element('text', { x: margin.left - 8, y: margin.top + plotHeight, 'text-anchor': 'end' }, '0'),
    element('text', { x: margin.left, y: height - 10 }, 'round 1'),
    element('text', { x: width - margin.right, y: height - 10, 'text-anchor': 'end' }, `round ${values.length}`),
  );
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  svg.append(element('polyline', { class: 'line', points, 'data-testid': 'residual-line' }));
  values.forEach((v, i) => svg.append(element('circle', { class: 'point', cx: x(i), cy: y(v), r: 2.5 })));
}
