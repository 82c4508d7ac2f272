// Plain inline SVG charts, drawn at the container's pixel width so text stays readable on a phone.
// Colours come from the stylesheet (classes), values ride on data-value for anyone who reads the DOM.

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 190;
const MARGIN = { top: 12, right: 10, bottom: 24, left: 34 };

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function frame(width, height, label) {
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label });
  svg.append(svgEl('title', {}, label));
  return svg;
}

/** A round top for an axis: 1, 2, 5, 10, 20, 50 ... never below {@code min}. */
function niceMax(value, min = 1) {
  const v = Math.max(value, min);
  const step = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) {
    if (v <= m * step) {
      return m * step;
    }
  }
  return 10 * step;
}

function yAxis(svg, width, height, max, ticks, suffix = '') {
  const plotH = height - MARGIN.top - MARGIN.bottom;
  for (let i = 0; i <= ticks; i++) {
    const value = (max / ticks) * i;
    const y = MARGIN.top + plotH - (plotH * value) / max;
    svg.append(svgEl('line', { class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y, y2: y }));
    svg.append(svgEl('text', { class: 'tick', x: MARGIN.left - 4, y: y + 4, 'text-anchor': 'end' },
      `${Math.round(value)}${suffix}`));
  }
}

function hourLabels(svg, hours, x, band, height) {
  // Every label when there is room, else every second or third one.
  const every = band >= 26 ? 1 : band >= 13 ? 2 : 3;
  hours.forEach((hour, i) => {
    if (i % every === 0) {
      svg.append(svgEl('text', { class: 'tick', x: x(i) + band / 2, y: height - 6, 'text-anchor': 'middle' },
        String(hour).padStart(2, '0')));
    }
  });
}

/**
 * Side-by-side bars per hour.
 * @param {number} width pixels
 * @param {number[]} hours the hours of the axis
 * @param {{name: string, cls: string, values: number[]}[]} series one value per hour each
 */
export function hourBars(width, hours, series, label) {
  const svg = frame(width, HEIGHT, label);
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const ticks = max <= 5 ? max : max / 10 ** Math.floor(Math.log10(max)) === 2 ? 4 : 5;
  yAxis(svg, width, HEIGHT, max, ticks);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotW / hours.length;
  const x = (i) => MARGIN.left + i * band;
  const barW = Math.max(2, (band * 0.8) / series.length);
  hours.forEach((hour, i) => {
    series.forEach((s, k) => {
      const value = s.values[i];
      const h = (plotH * value) / max;
      const bar = svgEl('rect', {
        class: `bar ${s.cls}`, x: x(i) + band * 0.1 + k * barW, y: MARGIN.top + plotH - h,
        width: barW - 1, height: h, 'data-hour': hour, 'data-value': value,
      });
      bar.append(svgEl('title', {}, `${String(hour).padStart(2, '0')}:00 ${s.name}: ${value}`));
      svg.append(bar);
    });
  });
  hourLabels(svg, hours, x, band, HEIGHT);
  return svg;
}

/**
 * A percentage per hour (null where nothing was counted), with the target as a dashed line.
 * @param {(number|null)[]} values one per hour
 */
export function hourPercent(width, hours, values, target, label) {
  const svg = frame(width, HEIGHT, label);
  yAxis(svg, width, HEIGHT, 100, 4, '%');
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotW / hours.length;
  const x = (i) => MARGIN.left + i * band;
  const y = (v) => MARGIN.top + plotH - (plotH * v) / 100;
  svg.append(svgEl('line', { class: 'target', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(target), y2: y(target) }));
  let run = [];
  const flush = () => {
    if (run.length > 1) {
      svg.append(svgEl('polyline', { class: 'sl-line', points: run.join(' ') }));
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null) {
      flush();
      return;
    }
    run.push(`${x(i) + band / 2},${y(v)}`);
  });
  flush();
  values.forEach((v, i) => {
    if (v !== null) {
      const dot = svgEl('circle', {
        class: `point ${v < target ? 'below' : ''}`, cx: x(i) + band / 2, cy: y(v), r: 4,
        'data-hour': hours[i], 'data-value': v,
      });
      dot.append(svgEl('title', {}, `${String(hours[i]).padStart(2, '0')}:00 ${v.toFixed(1)} %`));
      svg.append(dot);
    }
  });
  hourLabels(svg, hours, x, band, HEIGHT);
  return svg;
}

/**
 * Horizontal bars, one per named row, largest first.
 * @param {{name: string, value: number}[]} rows
 */
export function namedBars(width, rows, label) {
  const rowH = 26;
  const labelW = Math.min(110, Math.round(width * 0.35));
  const height = rows.length * rowH + 8;
  const svg = frame(width, height, label);
  const max = niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const plotW = width - labelW - 40;
  rows.forEach((row, i) => {
    const y = 4 + i * rowH;
    svg.append(svgEl('text', { class: 'name', x: labelW - 6, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, row.name));
    const w = Math.max(1, (plotW * row.value) / max);
    const bar = svgEl('rect', {
      class: 'bar leads', x: labelW, y: y + 4, width: w, height: rowH - 8,
      'data-name': row.name, 'data-value': row.value,
    });
    bar.append(svgEl('title', {}, `${row.name}: ${row.value}`));
    svg.append(bar);
    svg.append(svgEl('text', { class: 'value', x: labelW + w + 4, y: y + rowH / 2 + 4 }, String(row.value)));
  });
  return svg;
}
