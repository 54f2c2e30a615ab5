/* segpipe evaluation report: draws the page from the JSON model embedded in #report-data
   with Apache ECharts (embedded above). No network access: everything is in this file. */
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('report-data').textContent);
  const charts = [];
  const CLASS = new Map(D.classes.map(c => [c.labelId, c]));
  const PROTO = { semantic: 'Cityscapes pixel-level', instance: 'Cityscapes instance', coco: 'COCO mask', panoptic: 'Panoptic' };
  const COLORS = { tp: '#16a34a', fp: '#dc2626', fn: '#f59e0b', accent: '#4f46e5', prev: '#94a3b8' };

  // ---------- small helpers ----------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k === 'html') e.innerHTML = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'style') e.setAttribute('style', v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  const pct = (v, d = 1) => v == null || Number.isNaN(v) ? '–' : (100 * v).toFixed(d);
  const num = v => v == null ? '–' : Number(v).toLocaleString('en-US');
  const dec = (v, d = 3) => v == null ? '–' : Number(v).toFixed(d);
  const colorOf = id => (CLASS.get(id) || {}).color || '#64748b';
  const nameOf = id => (CLASS.get(id) || {}).name || String(id);
  function deltaBadge(delta, unitPct = true) {
    if (delta == null) return null;
    const v = unitPct ? 100 * delta : delta;
    const cls = Math.abs(v) < 0.05 ? 'same' : v > 0 ? 'up' : 'down';
    return el('span', { class: 'delta ' + cls, title: 'this run minus ' + (D.compareTo ? D.compareTo.runId : '') },
      (v > 0 ? '+' : '') + v.toFixed(1) + (unitPct ? ' pp' : ''));
  }
  /** A change of a saliency score (a plain number, not percent); lower is better for MAE. */
  function scoreDelta(delta, lowerIsBetter) {
    if (delta == null) return null;
    const better = lowerIsBetter ? -delta : delta;
    const cls = Math.abs(delta) < 0.0005 ? 'same' : better > 0 ? 'up' : 'down';
    return el('span', { class: 'delta ' + cls, title: 'this run minus ' + (D.compareTo ? D.compareTo.runId : '') },
      (delta > 0 ? '+' : '') + delta.toFixed(3));
  }
  const SAL_INFO = {
    MAE: ['mean absolute error', 'Mean of |prediction − mask| over the pixels.'],
    maxF: ['max F-measure', 'F-measure (β² = 0.3) of the mean precision and recall, at the best of 256 thresholds.'],
    meanF: ['mean F-measure', 'The F-measure curve averaged over the 256 thresholds.'],
    adpF: ['adaptive F-measure', 'F-measure at each image\'s threshold min(2 × mean prediction, 1).'],
    wF: ['weighted F-measure', 'Margolin et al.: errors weighted by distance and Gaussian smoothing.'],
    S: ['structure measure', 'S-measure (α = 0.5): object-aware and region-aware structural similarity.'],
    maxE: ['max E-measure', 'Enhanced alignment at the best of 256 thresholds.'],
    meanE: ['mean E-measure', 'The E-measure curve averaged over the 256 thresholds.'],
    adpE: ['adaptive E-measure', 'E-measure at each image\'s adaptive threshold.']
  };
  function metricsOf(list, protocol, scope, metric) {
    return list.filter(m => m.protocol === protocol && m.scope === scope && (metric == null || m.metric === metric));
  }
  function overall(list, protocol, metric, name = 'all') {
    const m = list.find(x => x.protocol === protocol && x.scope === 'overall' && x.name === name && x.metric === metric);
    return m ? m.value : null;
  }
  function chart(container, option, cls) {
    const div = el('div', { class: 'chart' + (cls ? ' ' + cls : ''), 'data-chart': option.__name || 'chart' });
    delete option.__name;
    container.appendChild(div);
    const c = echarts.init(div, null, { renderer: 'svg' });
    c.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' } }, option));
    charts.push(c);
    return c;
  }
  function seg(options, value, onChange) {
    const box = el('div', { class: 'seg' });
    const buttons = options.map(([v, label]) => el('button', {
      type: 'button', class: v === value ? 'on' : '', onclick: () => {
        buttons.forEach(b => b.classList.remove('on'));
        buttons[options.findIndex(o => o[0] === v)].classList.add('on');
        onChange(v);
      }
    }, label));
    buttons.forEach(b => box.appendChild(b));
    return box;
  }
  function selectBox(options, value, onChange) {
    const s = el('select', { onchange: () => onChange(s.value) },
      options.map(([v, label]) => el('option', { value: v, selected: String(v) === String(value) }, label)));
    return s;
  }
  function card(title, sub, ...body) {
    return el('div', { class: 'card' }, el('h3', { text: title }), sub ? el('div', { class: 'sub', text: sub }) : null, ...body);
  }
  function table(headers, rows) {
    return el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { class: h.num ? 'num' : '' }, h.label || h)))),
      el('tbody', {}, rows.map(r => el('tr', {}, r.map((c, i) => el('td', { class: headers[i].num ? 'num' : '' }, c))))));
  }
  const sections = [];
  function section(id, title, lead) {
    const s = el('section', { id }, el('h2', { text: title }), lead ? el('p', { class: 'lead', text: lead }) : null);
    sections.push([id, title]);
    document.querySelector('main').appendChild(s);
    return s;
  }
  const baseGrid = { left: 56, right: 24, top: 48, bottom: 72, containLabel: false };
  const pctAxis = (name, max = 100) => ({ type: 'value', name, min: 0, max, axisLabel: { formatter: '{value}' }, nameTextStyle: { color: '#64748b' } });
  const classAxis = names => ({ type: 'category', data: names, axisLabel: { rotate: 40, interval: 0, fontSize: 11 }, axisTick: { alignWithLabel: true } });
  const tooltipPct = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: v => v == null ? '–' : Number(v).toFixed(1) };

  const run = D.run;
  const prev = D.compareTo;
  const has = p => D.metrics.some(m => m.protocol === p);
  const runLabel = r => r.runId + (r.finishedAt ? ' · ' + r.finishedAt.replace('T', ' ').replace(/\.\d+Z?$|Z$/, '') : '');

  // ---------- header ----------
  const header = document.querySelector('header.top');
  const S = D.saliency;
  header.appendChild(el('div', { class: 'brand', text: S ? 'segpipe · saliency evaluation report' : 'segpipe · evaluation report' }));
  header.appendChild(el('h1', { text: 'Run ' + run.runId }));
  header.appendChild(el('div', { class: 'facts' },
    run.split ? el('span', { class: 'pill' }, 'split ', el('b', { text: run.split })) : null,
    el('span', { class: 'pill' }, el('b', { text: num(run.imagesEvaluated) }), ' of ' + num(run.imagesTotal) + ' images evaluated'),
    el('span', { class: 'pill' }, 'finished ', el('b', { text: (run.finishedAt || '').replace('T', ' ').replace(/\.\d+/, '') })),
    el('span', { class: 'pill' }, el('b', { text: num(run.problems) }), ' problems'),
    prev ? el('span', { class: 'pill' }, 'compared with ', el('b', { text: prev.runId })) : null,
    el('span', { class: 'pill mono', title: 'code version' }, run.codeVersion)));

  // ---------- summary ----------
  const HEADLINES = [
    ['semantic', 'miou', 'mIoU', 'all'], ['semantic', 'iiou', 'iIoU', 'all'], ['semantic', 'miou_categories', 'mIoU categories', 'all'],
    ['semantic', 'pixel_accuracy', 'Pixel accuracy', 'all'],
    ['instance', 'ap', 'AP', 'all'], ['instance', 'ap50', 'AP50', 'all'],
    ['coco', 'ap', 'COCO AP', 'all'], ['coco', 'ap50', 'COCO AP50', 'all'], ['coco', 'ap75', 'COCO AP75', 'all'],
    ['coco', 'ar100', 'COCO AR100', 'all'],
    ['panoptic', 'pq', 'PQ', 'all'], ['panoptic', 'sq', 'SQ', 'all'], ['panoptic', 'rq', 'RQ', 'all'],
    ['panoptic', 'pq', 'PQ things', 'things'], ['panoptic', 'pq', 'PQ stuff', 'stuff']];
  {
    const s = section('summary', 'Summary', S
      ? 'Saliency scores of the run, averaged over its images (PySODMetrics conventions: each prediction min-max scaled, each mask binarised at > 128)' + (prev ? ', with the change against run ' + prev.runId : '') + '. MAE: lower is better; all others: higher is better.'
      : 'Headline numbers of the run' + (prev ? ', with the change against run ' + prev.runId + ' (percentage points)' : '') + '. All scores in percent.');
    const box = el('div', { class: 'headlines' });
    for (const [p, m, label, name] of HEADLINES) {
      const v = overall(D.metrics, p, m, name);
      if (v == null && !D.metrics.some(x => x.protocol === p && x.scope === 'overall' && x.name === name && x.metric === m)) continue;
      const pv = prev ? overall(D.compareMetrics, p, m, name) : null;
      box.appendChild(el('div', { class: 'metric ' + p, 'data-metric': p + '.' + m + '.' + name },
        el('div', { class: 'label', text: label }),
        el('div', { class: 'value' }, pct(v)),
        el('div', { class: 'proto' }, PROTO[p], v != null && pv != null ? deltaBadge(v - pv) : null)));
    }
    if (S) {
      for (const [name, v] of Object.entries(S.metrics)) {
        const pv = prev ? S.compareMetrics[name] : null;
        box.appendChild(el('div', { class: 'metric saliency', 'data-metric': 'saliency.' + name },
          el('div', { class: 'label', text: name }),
          el('div', { class: 'value' }, dec(v)),
          el('div', { class: 'proto' }, SAL_INFO[name][0], v != null && pv != null ? scoreDelta(v - pv, name === 'MAE') : null)));
      }
    }
    s.appendChild(box);
    const facts = [
      [S ? 'Ground-truth masks' : 'Ground truth', run.gtUri], ['Semantic results', run.semanticUri], ['Instance results', run.instancesUri],
      ['Panoptic results', run.panopticUri], ['Saliency predictions', S && S.predUri], ['Photos', S && S.imagesUri],
      ['Predictions resized to their mask', S && num(S.imagesResized)], ['Images', num(run.imagesTotal) + ' total, ' + num(run.imagesEvaluated) + ' evaluated, ' + num(run.imagesRejected) + ' rejected'],
      ['Started', run.startedAt], ['Finished', run.finishedAt], ['Code version', run.codeVersion],
      ['Config hash', run.configHash], ['Input fingerprint', run.inputFingerprint], ['Reports folder', D.reportsUri]];
    s.appendChild(el('div', { class: 'card', style: 'margin-top:16px' }, el('h3', { text: 'Provenance' }),
      el('dl', { class: 'facts' }, facts.filter(f => f[1] != null).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { class: 'mono', text: String(v) })]))));
  }

  // ---------- saliency ----------
  if (S) {
    const s = section('saliency', 'Salient object detection', 'The curves are the means over the images at each of 256 thresholds (a pixel is salient when its scaled prediction is at least the threshold), as maxF and maxE are computed.' + (prev ? ' Grey: run ' + prev.runId + '.' : ''));
    s.appendChild(card('Scores', null, table(
      ['score', 'what it measures', { label: run.runId, num: 1 }].concat(prev ? [{ label: prev.runId, num: 1 }, { label: 'change', num: 1 }] : []),
      Object.entries(S.metrics).map(([name, v]) => [el('b', { text: name }), SAL_INFO[name][1], dec(v)].concat(prev
        ? [dec(S.compareMetrics[name]), v != null && S.compareMetrics[name] != null ? scoreDelta(v - S.compareMetrics[name], name === 'MAE') : '–'] : [])))));
    const g = el('div', { class: 'grid2' });
    s.appendChild(g);
    const curveSeries = (curve, label, color, dashed, x, y) => ({ name: label, type: 'line', showSymbol: false, itemStyle: { color },
      lineStyle: { width: 2, type: dashed ? 'dashed' : 'solid' }, data: curve.map(p => [p[x], p[y]]) });
    if (S.curve.length) {
      // precision-recall: the best F point marked
      const best = S.curve.reduce((a, p) => p[3] > a[3] ? p : a, S.curve[0]);
      const pr = [Object.assign(curveSeries(S.curve, 'PR · ' + run.runId, COLORS.accent, false, 2, 1), {
        markPoint: { symbol: 'circle', symbolSize: 10, label: { show: true, position: 'left', formatter: 'maxF ' + best[3].toFixed(3) }, data: [{ coord: [best[2], best[1]] }] } })];
      if (S.compareCurve.length) pr.push(curveSeries(S.compareCurve, 'PR · ' + prev.runId, COLORS.prev, true, 2, 1));
      const h1 = el('div');
      g.appendChild(card('Precision-recall curve', 'Mean precision against mean recall over the 256 thresholds; the dot is the threshold of the highest F-measure.', h1));
      chart(h1, { __name: 'saliency-pr', grid: Object.assign({}, baseGrid, { bottom: 52 }), legend: { top: 0 },
        tooltip: { trigger: 'item', formatter: q => q.seriesName + '<br>recall ' + Number(q.value[0]).toFixed(3) + ', precision ' + Number(q.value[1]).toFixed(3) },
        xAxis: { type: 'value', name: 'recall', nameLocation: 'middle', nameGap: 28, min: 0, max: 1 }, yAxis: { type: 'value', name: 'precision', min: 0, max: 1 }, series: pr });
      const fe = [curveSeries(S.curve, 'F · ' + run.runId, '#db2777', false, 0, 3), curveSeries(S.curve, 'E · ' + run.runId, '#0891b2', false, 0, 4)];
      if (S.compareCurve.length) {
        fe.push(curveSeries(S.compareCurve, 'F · ' + prev.runId, '#f9a8d4', true, 0, 3), curveSeries(S.compareCurve, 'E · ' + prev.runId, '#a5f3fc', true, 0, 4));
      }
      const h2 = el('div');
      g.appendChild(card('F-measure and E-measure vs threshold', 'The maximum of each curve is maxF / maxE, its mean meanF / meanE.', h2));
      chart(h2, { __name: 'saliency-f', grid: Object.assign({}, baseGrid, { bottom: 52 }), legend: { top: 0 }, tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '–' : Number(v).toFixed(3) },
        xAxis: { type: 'value', name: 'threshold (0-255)', nameLocation: 'middle', nameGap: 28, min: 0, max: 255 }, yAxis: { type: 'value', min: 0, max: 1 }, series: fe });
    }
    if (S.histograms.length) {
      const g2 = el('div', { class: 'grid2' });
      s.appendChild(g2);
      for (const h of S.histograms) {
        const n = h.counts.length;
        const holder = el('div');
        g2.appendChild(card('Per-image ' + h.metric, 'Images per bin of width ' + (1 / n).toFixed(2) + (h.metric === 'MAE' ? ' (left is better).' : ' (right is better).'), holder));
        chart(holder, { __name: 'saliency-hist-' + h.metric, grid: { left: 48, right: 16, top: 16, bottom: 40 }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'category', data: h.counts.map((_, i) => (i / n).toFixed(2)), axisLabel: { fontSize: 10 } }, yAxis: { type: 'value', minInterval: 1, name: 'images' },
          series: [{ type: 'bar', barCategoryGap: '8%', itemStyle: { color: h.metric === 'MAE' ? '#dc2626' : COLORS.accent }, data: Array.from(h.counts) }] }, 'short');
      }
    }
  }

  // ---------- semantic ----------
  if (has('semantic')) {
    const s = section('semantic', 'Semantic segmentation', 'Cityscapes pixel-level protocol: IoU per class over all pixels of the split (void pixels are not scored), the categories, and where the pixels of each class went.');
    const rows = metricsOf(D.metrics, 'semantic', 'class', 'iou');
    const prevRows = prev ? metricsOf(D.compareMetrics, 'semantic', 'class', 'iou') : [];
    const iiou = metricsOf(D.metrics, 'semantic', 'class', 'iiou');
    const names = rows.map(r => r.name);
    const series = [{
      name: 'IoU · ' + run.runId, type: 'bar', barMaxWidth: 26,
      data: rows.map(r => ({ value: r.value == null ? null : 100 * r.value, itemStyle: { color: colorOf(r.labelId), borderColor: 'rgba(0,0,0,.25)', borderWidth: 1 } })),
      label: { show: true, position: 'top', fontSize: 10, formatter: p => p.value == null ? '' : p.value.toFixed(0) }
    }];
    if (iiou.length) {
      const byName = new Map(iiou.map(r => [r.name, r.value]));
      series.push({ name: 'iIoU · ' + run.runId, type: 'line', symbol: 'diamond', symbolSize: 9, lineStyle: { width: 0 }, itemStyle: { color: '#0f172a' },
        data: names.map(n => byName.has(n) && byName.get(n) != null ? 100 * byName.get(n) : null) });
    }
    if (prevRows.length) {
      const byName = new Map(prevRows.map(r => [r.name, r.value]));
      series.push({ name: 'IoU · ' + prev.runId, type: 'bar', barMaxWidth: 26, itemStyle: { color: COLORS.prev, opacity: .55 },
        data: names.map(n => byName.get(n) == null ? null : 100 * byName.get(n)) });
    }
    const c1 = el('div');
    s.appendChild(card('IoU per class', 'Bars in the class\'s Cityscapes colour; diamonds: instance-level IoU (iIoU) for classes with instances.', c1));
    chart(c1, { __name: 'semantic-iou', grid: baseGrid, legend: { top: 0 }, tooltip: tooltipPct, xAxis: classAxis(names), yAxis: pctAxis('IoU %'), series });

    const cats = metricsOf(D.metrics, 'semantic', 'category', 'iou').filter(c => c.value != null);
    const grid = el('div', { class: 'grid2' });
    s.appendChild(grid);
    if (cats.length) {
      const c2 = el('div');
      grid.appendChild(card('IoU per category', 'The seven Cityscapes categories (flat, construction, object, nature, sky, human, vehicle).', c2));
      const pc = prev ? new Map(metricsOf(D.compareMetrics, 'semantic', 'category', 'iou').map(r => [r.name, r.value])) : new Map();
      const catSeries = [{ name: run.runId, type: 'bar', barMaxWidth: 34, itemStyle: { color: COLORS.accent }, data: cats.map(c => c.value == null ? null : 100 * c.value),
        label: { show: true, position: 'top', fontSize: 10, formatter: p => p.value == null ? '' : p.value.toFixed(1) } }];
      if (prev) catSeries.push({ name: prev.runId, type: 'bar', barMaxWidth: 34, itemStyle: { color: COLORS.prev }, data: cats.map(c => pc.get(c.name) == null ? null : 100 * pc.get(c.name)) });
      chart(c2, { __name: 'semantic-categories', grid: Object.assign({}, baseGrid, { bottom: 40 }), legend: { top: 0 }, tooltip: tooltipPct,
        xAxis: { type: 'category', data: cats.map(c => c.name), axisLabel: { interval: 0 } }, yAxis: pctAxis('IoU %'), series: catSeries }, 'short');
    }
    const other = ['precision', 'accuracy', 'dice', 'tp', 'fp', 'fn'];
    const perClass = new Map();
    for (const m of metricsOf(D.metrics, 'semantic', 'class')) {
      if (!perClass.has(m.name)) perClass.set(m.name, { labelId: m.labelId });
      perClass.get(m.name)[m.metric] = m.value;
    }
    grid.appendChild(card('Per-class numbers', 'TP, FP and FN in pixels; precision TP/(TP+FP); accuracy (recall) TP/(TP+FN).',
      el('div', { class: 'scroll' }, table(
        ['class', { label: 'IoU', num: 1 }, { label: 'iIoU', num: 1 }, { label: 'precision', num: 1 }, { label: 'recall', num: 1 }, { label: 'TP px', num: 1 }, { label: 'FP px', num: 1 }, { label: 'FN px', num: 1 }],
        [...perClass.entries()].map(([n, v]) => [el('span', {}, el('span', { class: 'swatch', style: 'background:' + colorOf(v.labelId) }), n),
          pct(v.iou), pct(v.iiou), pct(v.precision), pct(v.accuracy), num(v.tp), num(v.fp), num(v.fn)])))));
    if (D.confusion.length) confusionCard(s);
  }

  function confusionCard(s) {
    const scored = D.classes.filter(c => !c.ignoreInEval);
    const ids = scored.map(c => c.labelId);
    const idx = new Map(ids.map((id, i) => [id, i]));
    const OTHER = ids.length;
    const counts = ids.map(() => new Array(ids.length + 1).fill(0));
    for (const c of D.confusion) {
      if (!idx.has(c.gt)) continue; // ground truth the evaluation ignores
      const col = idx.has(c.pred) ? idx.get(c.pred) : OTHER;
      counts[idx.get(c.gt)][col] += c.pixels;
    }
    const keep = ids.map((_, i) => counts[i].some(v => v > 0) || counts.some(r => r[i] > 0));
    const rowsI = ids.map((_, i) => i).filter(i => keep[i]);
    const colsI = rowsI.concat(counts.some(r => r[OTHER] > 0) ? [OTHER] : []);
    const colName = i => i === OTHER ? 'other (unscored ids)' : nameOf(ids[i]);
    const holder = el('div');
    let mode = 'row';
    const c = card('Confusion matrix', 'Rows: ground-truth class; columns: predicted class. Row-normalized: the share of each ground-truth class\'s pixels that went to each prediction (the diagonal is the recall).',
      el('div', { class: 'controls' }, seg([['row', 'row %'], ['pixels', 'pixels']], mode, v => { mode = v; draw(); })), holder);
    s.appendChild(c);
    let ch = null;
    function draw() {
      const data = [];
      let max = 0;
      rowsI.forEach((r, y) => {
        const total = counts[r].reduce((a, b) => a + b, 0);
        colsI.forEach((cI, x) => {
          const px = counts[r][cI];
          if (px === 0) return;
          const v = mode === 'row' ? (total ? 100 * px / total : 0) : px;
          max = Math.max(max, v);
          data.push([x, y, Number(v.toFixed(mode === 'row' ? 2 : 0)), px, total]);
        });
      });
      const option = {
        __name: 'confusion-matrix',
        grid: { left: 120, right: 90, top: 16, bottom: 120 },
        tooltip: { formatter: p => 'ground truth <b>' + nameOf(ids[rowsI[p.value[1]]]) + '</b> → predicted <b>' + colName(colsI[p.value[0]]) + '</b><br>' + num(p.value[3]) + ' px (' + (p.value[4] ? (100 * p.value[3] / p.value[4]).toFixed(2) : '0') + '% of the row)' },
        xAxis: { type: 'category', data: colsI.map(colName), name: 'predicted', nameLocation: 'middle', nameGap: 95, axisLabel: { rotate: 50, interval: 0, fontSize: 11 }, splitArea: { show: true } },
        yAxis: { type: 'category', data: rowsI.map(i => nameOf(ids[i])), inverse: true, name: 'ground truth', nameLocation: 'middle', nameGap: 105, axisLabel: { interval: 0, fontSize: 11 }, splitArea: { show: true } },
        // dimension 2 is the cell's value; by default ECharts would colour by the last one (the row total)
        visualMap: { dimension: 2, min: 0, max: mode === 'row' ? 100 : Math.max(1, max), calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 220,
          inRange: { color: ['#f8fafc', '#c7d2fe', '#818cf8', '#4f46e5', '#1e1b4b'] }, formatter: v => mode === 'row' ? v.toFixed(0) + '%' : num(Math.round(v)) },
        series: [{ type: 'heatmap', data, label: { show: rowsI.length <= 24, fontSize: 9, formatter: p => mode === 'row' ? (p.value[2] >= 0.5 ? p.value[2].toFixed(0) : '') : '' },
          emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } } }]
      };
      if (ch) { ch.setOption(option, true); } else { ch = chart(holder, option, 'tall'); }
    }
    draw();
  }

  // ---------- instances ----------
  const instProtocols = ['instance', 'coco'].filter(has);
  if (instProtocols.length) {
    const s = section('instances', 'Instance segmentation', 'Cityscapes instance AP (matches at IoU > threshold, 10 thresholds 0.5..0.95, instances of at least 100 px) and COCO mask AP (IoU ≥ threshold, 101-point interpolation).');
    const apNames = [];
    const apSeries = [];
    const classIds = [...new Set(D.thresholds.map(t => t.labelId).concat(D.metrics.filter(m => instProtocols.includes(m.protocol) && m.scope === 'class').map(m => m.labelId)))].sort((a, b) => a - b);
    classIds.forEach(id => apNames.push(nameOf(id)));
    const SER = [['instance', 'ap', 'AP', '#0891b2'], ['instance', 'ap50', 'AP50', '#67e8f9'], ['coco', 'ap', 'COCO AP', '#ea580c'], ['coco', 'ap50', 'COCO AP50', '#fdba74'], ['coco', 'ap75', 'COCO AP75', '#fb923c']];
    for (const [p, m, label, color] of SER) {
      if (!has(p)) continue;
      const byId = new Map(metricsOf(D.metrics, p, 'class', m).map(r => [r.labelId, r.value]));
      apSeries.push({ name: label, type: 'bar', barMaxWidth: 18, itemStyle: { color }, data: classIds.map(id => byId.get(id) == null ? null : 100 * byId.get(id)) });
      if (prev && (m === 'ap')) {
        const pb = new Map(metricsOf(D.compareMetrics, p, 'class', m).map(r => [r.labelId, r.value]));
        if (pb.size) apSeries.push({ name: label + ' · ' + prev.runId, type: 'bar', barMaxWidth: 18, itemStyle: { color: COLORS.prev, opacity: .6 }, data: classIds.map(id => pb.get(id) == null ? null : 100 * pb.get(id)) });
      }
    }
    const c1 = el('div');
    s.appendChild(card('AP per class', 'Click a legend entry to hide or show a series.', c1));
    chart(c1, { __name: 'instance-ap', grid: baseGrid, legend: { top: 0 }, tooltip: tooltipPct, xAxis: classAxis(apNames), yAxis: pctAxis('AP %'), series: apSeries });

    const g = el('div', { class: 'grid2' });
    s.appendChild(g);
    let proto = instProtocols[0];
    const protoOptions = instProtocols.map(p => [p, p === 'coco' ? 'COCO' : 'Cityscapes']);
    // AP vs IoU threshold
    {
      const holder = el('div');
      g.appendChild(card('AP vs IoU threshold', 'AP of each class at each IoU threshold; the thick line is the mean over classes (the headline AP averages it).',
        el('div', { class: 'controls' }, seg(protoOptions, proto, v => { draw(v); })), holder));
      let ch = null;
      const draw = p => {
        const rows = D.thresholds.filter(t => t.protocol === p);
        const ths = [...new Set(rows.map(t => t.iouThreshold))].sort((a, b) => a - b);
        const ids = [...new Set(rows.map(t => t.labelId))].sort((a, b) => a - b);
        const series = ids.map(id => ({ name: nameOf(id), type: 'line', symbolSize: 5, itemStyle: { color: colorOf(id) }, lineStyle: { width: 1.6 },
          data: ths.map(t => { const r = rows.find(x => x.labelId === id && x.iouThreshold === t); return r && r.ap != null ? [t, 100 * r.ap] : [t, null]; }) }));
        series.push({ name: 'mean', type: 'line', symbolSize: 7, itemStyle: { color: '#0f172a' }, lineStyle: { width: 3.5 },
          data: ths.map(t => { const v = rows.filter(x => x.iouThreshold === t && x.ap != null).map(x => x.ap); return [t, v.length ? 100 * v.reduce((a, b) => a + b, 0) / v.length : null]; }) });
        const option = { __name: 'ap-vs-iou', grid: Object.assign({}, baseGrid, { bottom: 48, top: 64 }), legend: { top: 0, type: 'scroll' }, tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '–' : Number(v).toFixed(1) },
          xAxis: { type: 'value', name: 'IoU threshold', nameLocation: 'middle', nameGap: 28, min: 0.5, max: 0.95, interval: 0.05, axisLabel: { formatter: v => v.toFixed(2) } }, yAxis: pctAxis('AP %'), series };
        if (ch) ch.setOption(option, true); else ch = chart(holder, option);
      };
      draw(proto);
    }
    // TP/FP/FN vs threshold
    {
      const holder = el('div');
      let p = proto;
      let cls = 'all';
      const classSel = selectBox([['all', 'all classes']].concat(classIds.map(id => [String(id), nameOf(id)])), 'all', v => { cls = v; draw(); });
      g.appendChild(card('TP, FP and FN vs IoU threshold', 'Counts of matched ground-truth instances (TP), unmatched predictions (FP) and missed instances (FN) at each threshold; dashed: precision and recall.',
        el('div', { class: 'controls' }, seg(protoOptions, p, v => { p = v; draw(); }), el('label', {}, 'class', classSel)), holder));
      let ch = null;
      const draw = () => {
        const rows = D.thresholds.filter(t => t.protocol === p && (cls === 'all' || String(t.labelId) === cls));
        const ths = [...new Set(rows.map(t => t.iouThreshold))].sort((a, b) => a - b);
        const sum = (t, k) => rows.filter(r => r.iouThreshold === t).reduce((a, r) => a + r[k], 0);
        const tp = ths.map(t => sum(t, 'tp')), fp = ths.map(t => sum(t, 'fp')), fn = ths.map(t => sum(t, 'fn'));
        const option = { __name: 'tp-fp-fn', grid: Object.assign({}, baseGrid, { bottom: 48, right: 56 }), legend: { top: 0 }, tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: ths.map(t => t.toFixed(2)), name: 'IoU threshold', nameLocation: 'middle', nameGap: 28 },
          yAxis: [{ type: 'value', name: 'instances', minInterval: 1 }, { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } }],
          series: [
            { name: 'TP', type: 'bar', stack: 'gt', itemStyle: { color: COLORS.tp }, data: tp },
            { name: 'FN', type: 'bar', stack: 'gt', itemStyle: { color: COLORS.fn }, data: fn },
            { name: 'FP', type: 'bar', itemStyle: { color: COLORS.fp }, data: fp },
            { name: 'precision', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, itemStyle: { color: '#7c3aed' }, data: ths.map((t, i) => tp[i] + fp[i] ? +(100 * tp[i] / (tp[i] + fp[i])).toFixed(1) : null) },
            { name: 'recall', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, itemStyle: { color: '#0891b2' }, data: ths.map((t, i) => tp[i] + fn[i] ? +(100 * tp[i] / (tp[i] + fn[i])).toFixed(1) : null) }] };
        if (ch) ch.setOption(option, true); else ch = chart(holder, option);
      };
      draw();
    }
    // precision-recall curves
    if (D.curves.length) {
      const holder = el('div');
      let p = instProtocols.find(x => D.curves.some(c => c.protocol === x)) || instProtocols[0];
      let th = 0.5;
      const ths = [...new Set(D.curves.map(c => c.iouThreshold))].sort((a, b) => a - b);
      s.appendChild(card('Precision-recall curves', 'One curve per class at the chosen IoU threshold: the best precision at each recall or more (Cityscapes: the upper envelope of the raw curve, which has one point per score threshold; COCO: its interpolated precision at 101 recall points). Legend: the class\'s AP at that threshold.',
        el('div', { class: 'controls' }, seg(instProtocols.filter(x => D.curves.some(c => c.protocol === x)).map(x => [x, x === 'coco' ? 'COCO' : 'Cityscapes']), p, v => { p = v; draw(); }),
          el('label', {}, 'IoU threshold', selectBox(ths.map(t => [String(t), t.toFixed(2)]), '0.5', v => { th = Number(v); draw(); }))), holder));
      let ch = null;
      const draw = () => {
        const cs = D.curves.filter(c => c.protocol === p && Math.abs(c.iouThreshold - th) < 1e-9).sort((a, b) => a.labelId - b.labelId);
        const apOf = id => { const r = D.thresholds.find(t => t.protocol === p && t.labelId === id && Math.abs(t.iouThreshold - th) < 1e-9); return r && r.ap != null ? ' (AP ' + pct(r.ap) + ')' : ''; };
        const option = { __name: 'pr-curves', grid: Object.assign({}, baseGrid, { bottom: 52, top: 64 }), legend: { top: 0, type: 'scroll' },
          tooltip: { trigger: 'item', formatter: q => q.seriesName + '<br>recall ' + q.value[0].toFixed(3) + ', precision ' + q.value[1].toFixed(3) },
          xAxis: { type: 'value', name: 'recall', nameLocation: 'middle', nameGap: 28, min: 0, max: 1 }, yAxis: { type: 'value', name: 'precision', min: 0, max: 1 },
          series: cs.map(c => ({ name: c.className + apOf(c.labelId), type: 'line', showSymbol: false, step: p === 'coco' ? false : 'start',
            itemStyle: { color: colorOf(c.labelId) }, lineStyle: { width: 2 }, data: p === 'coco' ? c.points : envelope(c.points) })) };
        if (ch) ch.setOption(option, true); else ch = chart(holder, option, 'tall');
      };
      draw();
    }
  }

  /** Precision made monotone: at each recall, the best precision at that recall or more; by recall. */
  function envelope(points) {
    const sorted = points.slice().sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out = [];
    let best = 0;
    for (let i = sorted.length - 1; i >= 0; i--) {
      best = Math.max(best, sorted[i][1]);
      out.push([sorted[i][0], best]);
    }
    return out.reverse();
  }

  // ---------- panoptic ----------
  if (has('panoptic')) {
    const s = section('panoptic', 'Panoptic segmentation', 'Panoptic quality PQ = SQ × RQ per class (segments match at IoU > 0.5), and the averages over all, thing and stuff classes.');
    const rows = D.panoptic.filter(r => r.scope === 'class');
    const c1 = el('div');
    s.appendChild(card('PQ, SQ and RQ per class', null, c1));
    chart(c1, { __name: 'panoptic-pq', grid: baseGrid, legend: { top: 0 }, tooltip: tooltipPct, xAxis: classAxis(rows.map(r => r.name)), yAxis: pctAxis('%'),
      series: [
        { name: 'PQ', type: 'bar', barMaxWidth: 16, data: rows.map(r => ({ value: r.pq == null ? null : 100 * r.pq, itemStyle: { color: colorOf(r.labelId), borderColor: 'rgba(0,0,0,.25)', borderWidth: 1 } })) },
        { name: 'SQ', type: 'line', symbol: 'circle', symbolSize: 7, lineStyle: { width: 0 }, itemStyle: { color: '#0f172a' }, data: rows.map(r => r.sq == null ? null : 100 * r.sq) },
        { name: 'RQ', type: 'line', symbol: 'triangle', symbolSize: 8, lineStyle: { width: 0 }, itemStyle: { color: '#db2777' }, data: rows.map(r => r.rq == null ? null : 100 * r.rq) }] });
    s.appendChild(card('Panoptic numbers', 'TP, FP and FN count segments.', el('div', { class: 'scroll' }, table(
      ['', { label: 'PQ', num: 1 }, { label: 'SQ', num: 1 }, { label: 'RQ', num: 1 }, { label: 'TP', num: 1 }, { label: 'FP', num: 1 }, { label: 'FN', num: 1 }],
      D.panoptic.map(r => [r.scope === 'class' ? el('span', {}, el('span', { class: 'swatch', style: 'background:' + colorOf(r.labelId) }), r.name + (r.isThing ? ' (thing)' : '')) : el('b', { text: r.name }),
        pct(r.pq), pct(r.sq), pct(r.rq), num(r.tp), num(r.fp), num(r.fn)])))));
  }

  // ---------- comparison ----------
  if (prev && !S) {
    const s = section('compare', 'Change against run ' + prev.runId, 'This run minus run ' + prev.runId + ' (finished ' + (prev.finishedAt || '?') + '), in percentage points. Green: better in this run.');
    const PORDER = ['semantic', 'instance', 'coco', 'panoptic'];
    const heads = D.deltas.filter(d => d.scope === 'overall').sort((a, b) => PORDER.indexOf(a.protocol) - PORDER.indexOf(b.protocol)
      || ['all', 'things', 'stuff'].indexOf(a.name) - ['all', 'things', 'stuff'].indexOf(b.name) || a.metric.localeCompare(b.metric));
    if (heads.length) {
      s.appendChild(card('Headline numbers', null, table(['protocol', 'metric', { label: run.runId, num: 1 }, { label: prev.runId, num: 1 }, { label: 'change', num: 1 }],
        heads.filter(d => d.metric !== 'n').map(d => [PROTO[d.protocol] + (d.name !== 'all' ? ' · ' + d.name : ''), d.metric, pct(d.value), pct(d.previous), deltaBadge(d.delta)]))));
    }
    const PAIRS = [['semantic', 'iou', 'Semantic IoU'], ['instance', 'ap', 'Cityscapes instance AP'], ['coco', 'ap', 'COCO AP'], ['panoptic', 'pq', 'PQ']];
    const g = el('div', { class: 'grid2' });
    s.appendChild(g);
    for (const [p, m, title] of PAIRS) {
      const ds = D.deltas.filter(d => d.protocol === p && d.scope === 'class' && d.metric === m).sort((a, b) => a.delta - b.delta);
      if (!ds.length) continue;
      const holder = el('div');
      g.appendChild(card(title + ': change per class', 'Sorted from the largest loss to the largest gain.', holder));
      chart(holder, { __name: 'delta-' + p + '-' + m, grid: { left: 110, right: 40, top: 16, bottom: 36 }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
          formatter: q => { const d = ds[q[0].dataIndex]; return '<b>' + d.name + '</b><br>' + pct(d.previous) + ' → ' + pct(d.value) + ' (' + (d.delta >= 0 ? '+' : '') + (100 * d.delta).toFixed(1) + ' pp)'; } },
        xAxis: { type: 'value', name: 'pp', axisLabel: { formatter: '{value}' } }, yAxis: { type: 'category', inverse: true, data: ds.map(d => d.name), axisLabel: { fontSize: 11, interval: 0 } },
        series: [{ type: 'bar', barMaxWidth: 16, data: ds.map(d => ({ value: +(100 * d.delta).toFixed(2), itemStyle: { color: d.delta >= 0 ? '#16a34a' : '#dc2626' } })),
          label: { show: true, position: 'right', fontSize: 10, formatter: q => (q.value > 0 ? '+' : '') + q.value.toFixed(1) } }] }, ds.length > 14 ? 'tall' : null);
    }
    const top = D.deltas.filter(d => d.scope !== 'overall' && !['tp', 'fp', 'fn', 'n'].includes(d.metric)).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, 40);
    if (top.length) {
      s.appendChild(card('Largest changes', 'Every per-class and per-category number, by size of the change (first 40).', el('div', { class: 'scroll' },
        table(['protocol', 'class', 'metric', { label: run.runId, num: 1 }, { label: prev.runId, num: 1 }, { label: 'change', num: 1 }],
          top.map(d => [PROTO[d.protocol], el('span', {}, d.labelId != null ? el('span', { class: 'swatch', style: 'background:' + colorOf(d.labelId) }) : null, d.name), d.metric, pct(d.value), pct(d.previous), deltaBadge(d.delta)])))));
    }
  }

  // ---------- history ----------
  if (D.history.length >= 2) {
    const s = section('history', 'Across runs', 'Headline numbers of every committed run in this reports folder, oldest first; the marked run is this one.');
    const H = [['miou', 'mIoU', '#7c3aed'], ['iiou', 'iIoU', '#a78bfa'], ['instanceAp', 'AP', '#0891b2'], ['instanceAp50', 'AP50', '#67e8f9'], ['cocoAp', 'COCO AP', '#ea580c'], ['pq', 'PQ', '#db2777']];
    const xs = D.history.map(r => r.runId);
    const series = H.filter(([k]) => D.history.some(r => r[k] != null)).map(([k, label, color]) => ({ name: label, type: 'line', connectNulls: true, symbolSize: 7, itemStyle: { color },
      data: D.history.map(r => r[k] == null ? null : +(100 * r[k]).toFixed(2)) }));
    if (series.length) {
      series[0].markLine = { symbol: 'none', silent: true, lineStyle: { color: '#0f172a', type: 'dashed' }, label: { formatter: 'this run' }, data: [{ xAxis: run.runId }] };
      const holder = el('div');
      s.appendChild(card('Headline numbers per run', null, holder));
      chart(holder, { __name: 'history', grid: Object.assign({}, baseGrid, { bottom: 90 }), legend: { top: 0 }, tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '–' : Number(v).toFixed(1) },
        xAxis: { type: 'category', data: xs, axisLabel: { rotate: 30, fontSize: 11 } }, yAxis: pctAxis('%'), series });
    }
  }

  if (S && S.history.length >= 2) {
    const s = section('history', 'Across runs', 'Scores of every committed saliency run in this reports folder, oldest first; the marked run is this one.');
    const H = [['MAE', '#dc2626'], ['maxF', '#db2777'], ['wF', '#f59e0b'], ['S', '#7c3aed'], ['maxE', '#0891b2']];
    const series = H.map(([k, color]) => ({ name: k, type: 'line', connectNulls: true, symbolSize: 7, itemStyle: { color },
      data: S.history.map(r => r.metrics[k] == null ? null : +r.metrics[k].toFixed(4)) }));
    series[0].markLine = { symbol: 'none', silent: true, lineStyle: { color: '#0f172a', type: 'dashed' }, label: { formatter: 'this run' }, data: [{ xAxis: run.runId }] };
    const holder = el('div');
    s.appendChild(card('Scores per run', null, holder));
    chart(holder, { __name: 'saliency-history', grid: Object.assign({}, baseGrid, { bottom: 90 }), legend: { top: 0 }, tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '–' : Number(v).toFixed(3) },
      xAxis: { type: 'category', data: S.history.map(r => r.runId), axisLabel: { rotate: 30, fontSize: 11 } }, yAxis: { type: 'value', min: 0, max: 1 }, series });
  }

  // ---------- worst images ----------
  {
    const W = D.worst;
    if (W && (W.images.length || W.notes.length)) {
      const s = section('worst', 'Worst images', 'The images with the ' + W.ranking + ', worst first, each with the prediction and the ground truth over the ' + (S ? 'photo.' : 'camera image in the Cityscapes palette.') + ' Click a picture to enlarge it.');
      for (const n of W.notes) s.appendChild(el('div', { class: 'note', text: n }));
      if (W.images.length) {
        const slider = el('input', { type: 'range', min: 0, max: 100, value: 60, oninput: () => document.documentElement.style.setProperty('--layer-opacity', slider.value / 100) });
        const legend = S ? [['#22c55e', 'object (mask > 128)'], ['#d946ef', 'predicted saliency (opacity = value)'], ['#ff1f5a', 'error |prediction − mask| (opacity = size)']]
          : D.classes.filter(c => !c.ignoreInEval).map(c => [c.color, c.name]).concat([['#ff1f5a', 'wrong pixel']]);
        s.appendChild(el('div', { class: 'card toolbar' }, el('label', { class: 'controls' }, 'overlay opacity', slider),
          el('div', { class: 'legend' }, legend.map(([color, name]) => el('span', {}, el('span', { class: 'swatch', style: 'background:' + color }), name)))));
      }
      W.images.forEach((img, i) => s.appendChild(imageCard(img, i + 1, W)));
    }
  }

  function imageCard(img, rank, W) {
    const L = img.layers || {};
    const st = img.stats || {};
    const chips = [];
    if (st.miou != null && W.metric !== 'mIoU') chips.push('mIoU ' + pct(st.miou));
    if (st.pixel_accuracy != null) chips.push('pixel accuracy ' + pct(st.pixel_accuracy));
    if (st.gt_instances != null) chips.push('instances found ' + num(st.instance_tp) + ' / ' + num(st.gt_instances));
    if (st.instance_predictions != null && st.instance_predictions > 0) chips.push(num(st.instance_predictions) + ' predicted instances');
    if (st.pq != null && W.metric !== 'PQ') chips.push('PQ ' + pct(st.pq));
    if (st.problems) chips.push(st.problems + ' problems');
    if (S) {
      for (const [k, label] of [['max_f', 'maxF'], ['wf', 'wF'], ['s', 'S'], ['max_e', 'maxE']]) if (st[k] != null) chips.push(label + ' ' + dec(st[k]));
      if (st.resized) chips.push('prediction ' + st.pred_width + '×' + st.pred_height + ' resized');
    }
    const head = el('div', { class: 'head' }, el('span', { class: 'rank', text: '#' + rank }), el('span', { class: 'key mono', text: img.key }),
      el('span', { class: 'chip score', text: W.metric + ' ' + (S ? dec(img.score) : pct(img.score)) }),
      chips.map(c => el('span', { class: 'chip', text: c })), el('span', { class: 'chip', text: img.width + '×' + img.height }));
    const tiles = el('div', { class: 'tiles' });
    const tile = (layer, title, caption, dim) => {
      if (!L.image || (layer && !L[layer])) return;
      const base = el('img', { class: 'base', alt: img.key, 'data-layer': 'image' });
      base.src = L.image;
      const stack = el('div', { class: 'stack' + (dim ? ' dim' : '') }, base);
      if (layer) { const o = el('img', { class: 'layer', alt: title, 'data-layer': layer }); o.src = L[layer]; stack.appendChild(o); }
      stack.addEventListener('click', () => openLightbox(stack, img.key + ' · ' + title));
      tiles.appendChild(el('figure', { class: 'tile' }, stack, el('figcaption', {}, el('b', { text: title }), caption ? ' · ' + caption : '')));
    };
    if (S) {
      tile(null, D.saliency.imagesUri ? 'Photo' : 'Mask');
      tile('gt', 'Ground truth', 'object pixels');
      tile('pred', 'Prediction', 'min-max scaled, as scored');
      tile('errors', 'Errors', '|prediction − mask|, MAE ' + dec(img.score), true);
    } else {
      tile(null, 'Camera image');
      tile('gt', 'Ground truth', 'classes');
      tile('pred', 'Prediction', 'semantic');
      tile('errors', 'Errors', st.pixel_accuracy != null ? pct(1 - st.pixel_accuracy) + '% of scored pixels wrong' : 'wrong pixels', true);
    }
    tile('gtInstances', 'Ground-truth instances');
    tile('predInstances', 'Predicted instances', 'score ≥ ' + (st.min_score != null ? st.min_score : 0.5));
    tile('panoptic', 'Panoptic prediction', 'segments');
    const rows = (img.rows || []).slice().sort((a, b) => (b.fp + b.fn) / Math.max(1, b.tp + b.fp + b.fn) - (a.fp + a.fn) / Math.max(1, a.tp + a.fp + a.fn)).slice(0, 8);
    const body = [head, tiles];
    for (const n of img.notes || []) body.push(el('div', { class: 'note', text: n }));
    if (rows.length) {
      body.push(el('div', { style: 'margin-top:12px' }, el('div', { class: 'sub', text: 'Classes in this image with the largest share of errors' }), table(
        ['protocol', 'class', { label: 'TP', num: 1 }, { label: 'FP', num: 1 }, { label: 'FN', num: 1 }, { label: 'IoU', num: 1 }, { label: 'PQ', num: 1 }],
        rows.map(r => [PROTO[r.protocol] || r.protocol, el('span', {}, el('span', { class: 'swatch', style: 'background:' + colorOf(r.labelId) }), r.className), num(r.tp), num(r.fp), num(r.fn), pct(r.iou), pct(r.pq)]))));
    }
    return el('div', { class: 'card image-card', 'data-image': img.key }, body);
  }

  const lightbox = el('div', { class: 'lightbox', onclick: () => lightbox.classList.remove('open') });
  document.body.appendChild(lightbox);
  function openLightbox(stack, caption) {
    lightbox.replaceChildren(stack.cloneNode(true), el('div', { class: 'caption', text: caption + ' (click or Esc to close)' }));
    lightbox.classList.add('open');
  }
  document.addEventListener('keydown', e => { if (e.key === 'Escape') lightbox.classList.remove('open'); });

  // ---------- problems ----------
  {
    const P = D.problems;
    const s = section('problems', 'Problems in the input', 'What the evaluation found wrong with the prediction files and ground truth (the problems table).');
    if (!P || P.total === 0) {
      s.appendChild(el('div', { class: 'ok', text: 'No problems: every image had its predictions and every file could be read.' }));
    } else {
      const kinds = Object.entries(P.byKind).sort((a, b) => b[1] - a[1]);
      const holder = el('div');
      s.appendChild(card(num(P.total) + ' problems by kind', null, holder));
      chart(holder, { __name: 'problems', grid: { left: 150, right: 40, top: 10, bottom: 30 }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: kinds.map(k => k[0]), inverse: true },
        series: [{ type: 'bar', barMaxWidth: 18, itemStyle: { color: '#f59e0b' }, data: kinds.map(k => k[1]), label: { show: true, position: 'right' } }] }, 'short');
      s.appendChild(card('First ' + P.first.length + ' problems', 'All of them: SELECT * FROM problems WHERE run_id = \'' + run.runId + '\'', el('div', { class: 'scroll' },
        table(['kind', 'input', 'image', 'file', { label: 'line', num: 1 }, 'reason'],
          P.first.map(p => [p.kind, p.input, p.imageKey || '–', el('span', { class: 'mono', text: p.path }), p.line == null ? '' : String(p.line), p.reason])))));
    }
  }

  // ---------- navigation, footer ----------
  const nav = document.querySelector('nav.sections');
  for (const [id, title] of sections) nav.appendChild(el('a', { href: '#' + id, text: title.replace(/^Change against run .*/, 'Comparison') }));
  document.querySelector('footer').appendChild(el('div', {},
    'Generated by ' + D.generator + ' at ' + D.generatedAt + ' · charts by Apache ECharts ' + echarts.version + ' (Apache License 2.0) · one self-contained file, no network access.'));

  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  document.body.dataset.charts = String(charts.length);
  document.body.dataset.ready = 'true';
})();
