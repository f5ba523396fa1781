/**
 * The player webview: draws the run the extension sends (the beats played,
 * their prose, the next choice's options, the state of the story) and the
 * pacing curve of the path. It asks for nothing but picks, back, restart and
 * reveals; the extension keeps the run. Story text reaches the page only as
 * text (textContent, createTextNode), never as markup.
 */
import { EMPTY_PLAY_STATE, formatPath, stateChanges, type PathStatisticsJson, type PlayState, type PlayStep } from '@narrative-arc/orchestrator';
import type { PacingCurve } from '../../../server/src/pacing/curve.js';
import { currentCurve } from '../../../server/src/pacing/curve.js';
import { parseToWebview, type FromWebview, type PlayView } from '../../src/player/protocol.js';
import { mountPacingChart } from './pacing-chart.js';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  /** The step whose state the panel shows (null: the last). */
  readonly selected: string | null;
  readonly worst: boolean;
}

const vscode = acquireVsCodeApi();
const saved = readState(vscode.getState());
let selected: string | null = saved.selected;
let play: PlayView | undefined;
let statistics: PathStatisticsJson | undefined;
let worstCurves: readonly PacingCurve[] = [];

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const transcript = byId<HTMLElement>('transcript');
const statePanel = byId<HTMLElement>('state');
const pathLine = byId<HTMLElement>('path');
const back = byId<HTMLButtonElement>('back');
const restart = byId<HTMLButtonElement>('restart');
const fromStart = byId<HTMLButtonElement>('from-start');
const worst = byId<HTMLInputElement>('worst');
worst.checked = saved.worst;
const chartElement = byId<HTMLElement>('chart');
const chartPoints = byId<HTMLOListElement>('chart-points');
const chart = mountPacingChart(chartElement, (beat) => showBeat(beat));

function readState(raw: unknown): SavedState {
  if (!raw || typeof raw !== 'object') return { selected: null, worst: false };
  const s = raw as Partial<SavedState>;
  return { selected: typeof s.selected === 'string' ? s.selected : null, worst: s.worst === true };
}

function saveState(): void {
  vscode.setState({ selected, worst: worst.checked } satisfies SavedState);
}

/** An element with text (never markup) and optional class. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

// ---------------------------------------------------------------------------
// Drawing

function draw(): void {
  if (!play) return;
  const view = play;
  back.disabled = view.picked === 0;
  restart.disabled = view.picked === 0 && view.stopAt === null;
  fromStart.hidden = view.from === null;
  pathLine.textContent = '';
  pathLine.append(el('span', view.from === null ? 'From the start' : `From ${view.from}`, 'from'), el('span', ' · ', 'sep'),
    el('span', view.path.length === 0 ? 'no choice made yet' : `Path: ${formatPath(view.path)}`, 'path-name'));

  const conflicts = new Map(view.conflicts.map((c) => [c.id, c]));
  transcript.textContent = '';
  if (selected !== null && !view.steps.some((s) => s.beat === selected)) selected = null;
  // From the start, the first beat's changes are from the empty state; from a beat, the path before it is not shown.
  let previous: PlayState | undefined = view.from === null ? EMPTY_PLAY_STATE : undefined;
  for (const step of view.steps) {
    transcript.append(stepElement(step, previous, conflicts, view.focus));
    previous = step.state;
  }
  transcript.append(endElement(view));
  for (const note of view.notes) transcript.append(el('p', note, 'note'));
  drawState();
  saveState();
  void drawChart();
  // Keep the end of the run in sight, where the next choice is.
  const target = selected !== null ? transcript.querySelector<HTMLElement>(`[data-beat="${CSS.escape(selected)}"]`) : transcript.lastElementChild as HTMLElement | null;
  target?.scrollIntoView({ block: 'nearest' });
  vscode.postMessage({ type: 'rendered', version: view.version, steps: view.steps.length });
}

function stepElement(step: PlayStep, previous: PlayState | undefined, conflicts: Map<string, PlayView['conflicts'][number]>, focus: string | null): HTMLElement {
  const article = el('article', undefined, 'step');
  article.dataset.beat = step.beat;
  article.tabIndex = 0;
  article.setAttribute('aria-label', `${step.kind} ${step.beat} at ${step.time}`);
  if (step.beat === selected) article.classList.add('selected');
  const header = el('header');
  header.append(el('span', `@${step.time}`, 'time'));
  const name = el('button', step.title ?? step.beat, 'beat');
  name.type = 'button';
  name.title = `Show ${step.beat} in the editor`;
  name.addEventListener('click', (event) => {
    event.stopPropagation();
    vscode.postMessage({ type: 'reveal', beat: step.beat });
  });
  header.append(name);
  if (step.title !== null) header.append(el('span', step.beat, 'name'));
  if (step.kind === 'choice') header.append(el('span', 'choice', 'kind'));
  if (step.intensity !== null) header.append(el('span', `intensity ${step.intensity}`, 'intensity'));
  article.append(header);
  for (const line of step.prose) article.append(el('p', line, 'prose'));
  if (step.picked) article.append(el('p', `→ ${step.picked.title ?? step.picked.option}`, 'picked'));
  const changes = changed(previous, step.state);
  if (changes.length > 0) {
    const list = el('ul', undefined, 'changes');
    for (const change of changes) list.append(el('li', change));
    article.append(list);
  }
  if (step.conflicts.length > 0) {
    const list = el('ul', undefined, 'conflicts');
    for (const id of step.conflicts) {
      const conflict = conflicts.get(id);
      if (!conflict) continue;
      const item = el('li', undefined, `conflict ${conflict.severity}${id === focus ? ' focus' : ''}`);
      item.append(el('span', conflict.code, 'code'), document.createTextNode(` ${conflict.message}`));
      list.append(item);
    }
    article.append(list);
  }
  article.addEventListener('click', () => select(step.beat));
  article.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(step.beat);
    }
  });
  return article;
}

/** What the writer should notice at a step: the state entries it changed. */
function changed(before: PlayState | undefined, after: PlayState): string[] {
  if (!before) return [];
  return stateChanges(before, after).map((change) => {
    switch (change.kind) {
      case 'character': {
        const { state, before: was } = change;
        if (!was) return `${change.name} enters the story`;
        if (was.status !== state.status) return `${change.name} ${state.status}`;
        if (was.stage !== state.stage && state.stage !== null) return `${change.name} reaches ${state.stage}`;
        return `${change.name} at ${state.place ?? 'no place'}`;
      }
      case 'arc': return change.status === 'resolved' ? `${change.name} resolved` : `${change.name} begins`;
      case 'goal': return `goal ${change.name} addressed`;
      case 'setup': return change.paidOff ? `${change.name} paid off` : `${change.name} set up`;
    }
  });
}

function endElement(view: PlayView): HTMLElement {
  const section = el('section', undefined, 'end');
  section.id = 'next';
  if (view.stopAt !== null) {
    const focus = view.conflicts.find((c) => c.id === view.focus);
    section.append(el('p', `Stopped at ${view.stopAt}${focus ? `, where ${focus.code} happens on this path` : ''}.`, 'stopped'));
    const go = el('button', 'Continue', 'option');
    go.type = 'button';
    go.addEventListener('click', () => vscode.postMessage({ type: 'continue' }));
    section.append(go);
  } else if (view.next) {
    const next = view.next;
    section.append(el('h2', next.title ?? next.choice, 'question'));
    if (next.title !== null) section.append(el('p', `choice ${next.choice} @${next.time}`, 'name'));
    const options = el('div', undefined, 'options');
    options.setAttribute('role', 'group');
    options.setAttribute('aria-label', `Options of ${next.choice}`);
    for (const option of next.options) {
      const button = el('button', option.title ?? option.option, 'option');
      button.type = 'button';
      button.dataset.option = option.option;
      button.title = `${next.choice}.${option.option}`;
      button.addEventListener('click', () => {
        selected = null;
        vscode.postMessage({ type: 'pick', choice: next.choice, option: option.option });
      });
      options.append(button);
    }
    section.append(options);
  } else if (view.ended) {
    section.append(el('p', `The end: ${view.steps.length} beat${view.steps.length === 1 ? '' : 's'} played.`, 'the-end'));
  } else {
    section.append(el('p', 'The run stopped here.', 'stopped'));
  }
  return section;
}

/** A beat picked on the chart: selected in the transcript when played, and its declaration shown. */
function showBeat(beat: string): void {
  if (play?.steps.some((s) => s.beat === beat)) select(beat);
  vscode.postMessage({ type: 'reveal', beat });
}

/** The pacing curve of the run (and the worst paths when asked), with a keyboard list of its points. */
async function drawChart(): Promise<void> {
  if (!play) return;
  const view = play;
  const current = currentCurve({
    from: view.from, picks: view.path, steps: view.steps, next: view.next, ended: view.ended, conflicts: view.conflicts, notes: view.notes,
  });
  const showWorst = worst.checked && worstCurves.length > 0;
  await chart.update({ title: view.title, limits: view.limits, current, worst: worstCurves }, showWorst);
  if (view !== play) return; // a newer run is being drawn
  chartElement.dataset.curves = String(1 + (showWorst ? worstCurves.length : 0));
  chartPoints.textContent = '';
  for (const point of chart.points()) {
    const item = el('li');
    const button = el('button', `${point.curve}: ${point.title ?? point.beat} @${point.time}, intensity ${point.intensity}`);
    button.type = 'button';
    button.addEventListener('click', () => showBeat(point.beat));
    item.append(button);
    chartPoints.append(item);
  }
}

function select(beat: string | null): void {
  selected = beat;
  for (const article of transcript.querySelectorAll<HTMLElement>('article.step')) article.classList.toggle('selected', article.dataset.beat === beat);
  drawState();
  saveState();
}

function drawState(): void {
  if (!play) return;
  const steps = play.steps;
  const index = selected === null ? steps.length - 1 : steps.findIndex((s) => s.beat === selected);
  const step = steps[index];
  statePanel.textContent = '';
  statePanel.append(el('h2', step ? `After ${step.beat}` : 'Before the first beat'));
  if (!step) return;
  const state = step.state;
  const before = steps[index - 1]?.state;

  statePanel.append(el('p', `Intensity: ${state.intensity ?? 'none yet'}`, 'intensity-now'));

  statePanel.append(el('h3', 'Characters'));
  const names = Object.keys(state.characters);
  if (names.length === 0) statePanel.append(el('p', 'none yet', 'empty'));
  else {
    const table = el('table', undefined, 'characters');
    const head = el('tr');
    for (const label of ['', 'status', 'place', 'stage']) head.append(el('th', label));
    table.append(head);
    for (const name of names) {
      const c = state.characters[name]!;
      const was = before?.characters[name];
      const row = el('tr', undefined, `character ${c.status}`);
      row.dataset.character = name;
      if (!was || was.status !== c.status || was.place !== c.place || was.stage !== c.stage) row.classList.add('changed');
      row.append(el('th', name), el('td', c.status, 'status'), el('td', c.place ?? '—'), el('td', c.stage ?? '—'));
      table.append(row);
    }
    statePanel.append(table);
  }

  list('Arcs', Object.entries(state.arcs).map(([name, status]) => [name, status, before?.arcs[name] !== status]));
  list('Goals', Object.entries(state.goals).map(([name, addressed]) => [name, addressed ? 'addressed' : 'not yet', addressed && !before?.goals[name]]));
  list('Setups awaiting payoff', state.setups.map((label) => [label, 'awaiting', !before?.setups.includes(label)]));

  const upToHere = new Set(steps.slice(0, index + 1).flatMap((s) => s.conflicts));
  const shown = play.conflicts.filter((c) => upToHere.has(c.id) || (c.beat === null && play!.ended && index === steps.length - 1));
  statePanel.append(el('h3', `Conflicts on this path${shown.length > 0 ? ` (${shown.length})` : ''}`));
  if (shown.length === 0) statePanel.append(el('p', 'none so far', 'empty'));
  else {
    const ul = el('ul', undefined, 'conflicts');
    for (const c of shown) {
      const item = el('li', undefined, `conflict ${c.severity}`);
      item.append(el('span', c.code, 'code'), document.createTextNode(` ${c.beat ?? 'story'}`));
      item.title = c.message;
      ul.append(item);
    }
    statePanel.append(ul);
  }

  if (statistics) {
    statePanel.append(el('h3', 'Every path'));
    const s = statistics;
    const dl = el('dl', undefined, 'statistics');
    const row = (term: string, value: string): void => { dl.append(el('dt', term), el('dd', value)); };
    row('paths', s.paths);
    row('beats per path', s.beats.min === s.beats.max ? `${s.beats.min}` : `${s.beats.min}–${s.beats.max}`);
    row('words per path', s.words.min === s.words.max ? `${s.words.min}` : `${s.words.min}–${s.words.max}`);
    if (s.peak) row('highest intensity', `${s.peak.intensity}`);
    statePanel.append(dl);
  }
}

function list(title: string, entries: readonly (readonly [string, string, boolean])[]): void {
  statePanel.append(el('h3', title));
  if (entries.length === 0) {
    statePanel.append(el('p', 'none', 'empty'));
    return;
  }
  const ul = el('ul', undefined, 'entries');
  for (const [name, value, changedHere] of entries) {
    const item = el('li', undefined, changedHere ? 'changed' : undefined);
    item.append(el('span', name, 'entry-name'), el('span', value, `entry-value ${value.replace(/\s+/g, '-')}`));
    ul.append(item);
  }
  statePanel.append(ul);
}

// ---------------------------------------------------------------------------
// Wiring

back.addEventListener('click', () => { selected = null; vscode.postMessage({ type: 'back' }); });
restart.addEventListener('click', () => { selected = null; vscode.postMessage({ type: 'restart' }); });
fromStart.addEventListener('click', () => { selected = null; vscode.postMessage({ type: 'fromStart' }); });
worst.addEventListener('change', () => {
  saveState();
  void drawChart();
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'play':
      play = message.play;
      draw();
      break;
    case 'statistics':
      statistics = message.statistics;
      worstCurves = message.worst;
      drawState();
      void drawChart();
      break;
    case 'select':
      if (message.beat !== null && play?.steps.some((s) => s.beat === message.beat)) {
        select(message.beat);
        transcript.querySelector<HTMLElement>(`[data-beat="${CSS.escape(message.beat)}"]`)?.scrollIntoView({ block: 'nearest' });
      }
      break;
    case 'error':
      transcript.append(el('p', message.message, 'note error'));
      break;
  }
});

vscode.postMessage({ type: 'ready' });
