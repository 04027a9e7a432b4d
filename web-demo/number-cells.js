// Numbers on the page: shown rounded, with the exact value kept in
// data-value so tests (and curious readers of the DOM) can compare exactly.
export const format = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

function withNumber(node, testId, value) {
  node.dataset.testid = testId;
  if (value === undefined || value === null) {
    node.textContent = '—';
  } else {
    node.dataset.value = String(value);
    node.textContent = format.format(value);
  }
  return node;
}

/** A table cell with a number; '—' and no data-value when there is none. */
export function numberCell(testId, value, className = '') {
  const cell = document.createElement('td');
  cell.className = className;
  return withNumber(cell, testId, value);
}

/** An inline number. */
export function numberSpan(testId, value) {
  return withNumber(document.createElement('span'), testId, value);
}

/** A table row of header cells. */
export function headerRow(labels) {
  const row = document.createElement('tr');
  for (const label of labels) row.append(Object.assign(document.createElement('th'), { textContent: label }));
  return row;
}
