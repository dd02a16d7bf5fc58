/**
 * How the stage moves: one named transition ('stage') per drawn frame, or none at all.
 *
 * d3-transition schedules even a 0 ms transition on the next animation frame, so "no motion"
 * (prefers-reduced-motion, scrubbing) must set attributes directly: the DOM then equals the frame
 * the moment `drawStage` returns.
 *
 * A step must render in a few milliseconds, so the joins touch only what changed: `setAttr` and
 * `setText` skip values that are already there, and `moveAttr` starts a transition only on the
 * elements whose target changed (it remembers each element's target, so an element halfway
 * through a transition is not mistaken for one that arrived).
 *
 * Remembered targets are only true while nothing cuts a transition short, and steps can overlap
 * (at speed 32 a 27 ms transition starts every 31 ms, and a held arrow key steps faster than
 * that). d3 interrupts an element's running 'stage' transition as soon as a newer one starts on
 * it, including one started for another attribute, which would leave the first attribute
 * halfway with its target wrongly remembered as reached. So a frame drawn while the last one is
 * still moving first interrupts everything and forgets the targets (`startMotion` via
 * `interruptAll`): every attribute then moves on from where it actually is.
 */
import { select, selectAll, type BaseType, type Selection } from 'd3-selection';
import { interrupt, type Transition } from 'd3-transition';

/** The name of every stage transition, so a clock jump interrupts exactly these. */
export const STAGE_TRANSITION = 'stage';

/** Each stage's frame transition that has not ended yet (none once it ended or was interrupted). */
const moving = new WeakMap<SVGSVGElement, Transition<BaseType, unknown, null, undefined>>();

/** True when `svg` may have transitions under way: its last frame's transition has not ended. */
export function mayBeMoving(svg: SVGSVGElement): boolean {
  return moving.has(svg);
}

/** The transition of one drawn frame: null when the frame is drawn without motion. */
export interface Motion {
  readonly durationMs: number;
  readonly root: Transition<BaseType, unknown, null, undefined> | null;
}

/**
 * Starts the frame's named transition on the SVG (or none for durationMs 0). Whatever the last
 * frame still had moving is interrupted first, and its remembered targets forgotten, so this
 * frame moves every attribute from where it is now (see the top of this file).
 */
export function startMotion(svg: SVGSVGElement, durationMs: number): Motion {
  if (mayBeMoving(svg)) interruptAll(svg);
  if (durationMs <= 0) return { durationMs: 0, root: null };
  const root = select<BaseType, unknown>(svg).transition(STAGE_TRANSITION).duration(durationMs);
  moving.set(svg, root);
  // Every element's transition of this frame shares the root's timing and ends in the same
  // timer callback, and no frame is drawn inside one: after this, nothing of it is running.
  root.on('end.moving', () => {
    if (moving.get(svg) === root) moving.delete(svg);
  });
  return { durationMs, root };
}

type Value<D> = string | number | ((d: D) => string | number);

function valueOf<D>(value: Value<D>, d: D): string {
  return String(typeof value === 'function' ? value(d) : value);
}

/** Each element's attribute targets, for attributes that move (see `moveAttr`). */
const targets = new WeakMap<Element, Map<string, string>>();

/** Sets an attribute where it differs (no motion). */
export function setAttr<E extends BaseType, D, P extends BaseType, PD>(sel: Selection<E, D, P, PD>, name: string, value: Value<D>): void {
  sel.each(function (d) {
    if (!(this instanceof Element)) return;
    const v = valueOf(value, d);
    if (this.getAttribute(name) !== v) this.setAttribute(name, v);
  });
}

/** Sets an element's text where it differs. */
export function setText<E extends BaseType, D, P extends BaseType, PD>(sel: Selection<E, D, P, PD>, value: (d: D) => string): void {
  sel.each(function (d) {
    if (!(this instanceof Element)) return;
    const v = value(d);
    if (this.textContent !== v) this.textContent = v;
  });
}

/** Moves an attribute to its new value: at once without motion, else by the frame's transition, only where the target changed. */
export function moveAttr<E extends BaseType, D, P extends BaseType, PD>(sel: Selection<E, D, P, PD>, motion: Motion, name: string, value: Value<D>): void {
  const moving: Element[] = [];
  sel.each(function (d) {
    if (!(this instanceof Element)) return;
    const v = valueOf(value, d);
    let known = targets.get(this);
    if ((known?.get(name) ?? this.getAttribute(name)) === v) return;
    if (!known) {
      known = new Map<string, string>();
      targets.set(this, known);
    }
    known.set(name, v);
    if (motion.root === null) this.setAttribute(name, v);
    else moving.push(this);
  });
  if (motion.root === null || moving.length === 0) return;
  const target = function (this: Element): string | null {
    return targets.get(this)?.get(name) ?? null;
  };
  const transition = selectAll<Element, unknown>(moving).transition(motion.root);
  // d3 interpolates a `transform` by parsing it through an SVG element on every tween start;
  // the stage only ever writes translate(x,y), two numbers to blend.
  if (name === 'transform') transition.attrTween(name, translateTween(target));
  else transition.attr(name, target);
}

const TRANSLATE = /^translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)$/;

/** A tween from the element's translate(x,y) to its target's, number by number (any other transform jumps). */
function translateTween(target: (this: Element) => string | null) {
  return function (this: Element): (k: number) => string {
    const to = target.call(this) ?? '';
    const a = TRANSLATE.exec(this.getAttribute('transform') ?? '');
    const b = TRANSLATE.exec(to);
    if (!a || !b) return () => to;
    const [x0, y0, x1, y1] = [Number(a[1]), Number(a[2]), Number(b[1]), Number(b[2])];
    return (k: number) => (k >= 1 ? to : `translate(${x0 + (x1 - x0) * k},${y0 + (y1 - y0) * k})`);
  };
}

/** The frame's transition on `sel` for tweens and `remove()`, or null without motion. */
export function transitionOf<E extends BaseType, D, P extends BaseType, PD>(sel: Selection<E, D, P, PD>, motion: Motion): Transition<E, D, P, PD> | null {
  return motion.root === null ? null : sel.transition(motion.root);
}

/** Classes the browser tests select by (`g.member`, `text.lag`, …): only what the frame holds may carry them. */
const HOOKS = ['record', 'gap', 'committed', 'position', 'member', 'producer', 'message', 'tape', 'lag'] as const;

const HOOK_SELECTOR = HOOKS.map((h) => `.${h}`).join(',');
const GONE_SELECTOR = HOOKS.map((h) => `.gone-${h}`).join(',');

/** The element and its descendants that match `selector` (found natively: hundreds leave each step). */
function withDescendants(node: Element, selector: string): Element[] {
  return node.matches(selector) ? [node, ...node.querySelectorAll(selector)] : [...node.querySelectorAll(selector)];
}

/** An element leaving the frame keeps its looks but no test hook: `member` becomes `gone-member`, and so on. */
export function retire(node: Element): void {
  node.classList.add('exiting');
  for (const el of withDescendants(node, HOOK_SELECTOR)) for (const hook of HOOKS) el.classList.replace(hook, `gone-${hook}`);
}

/** An element back in the frame before it finished leaving: its hooks return. */
export function revive(node: Element): void {
  node.classList.remove('exiting');
  for (const el of withDescendants(node, GONE_SELECTOR)) for (const hook of HOOKS) el.classList.replace(`gone-${hook}`, hook);
}

/** Removes exiting elements: at once without motion, else after fading out. */
export function fadeOut<E extends BaseType, D, P extends BaseType, PD>(exit: Selection<E, D, P, PD>, motion: Motion): void {
  const t = transitionOf(exit, motion);
  if (t === null) {
    exit.remove();
    return;
  }
  // Marked, so an interrupted fade can still be swept away (`interruptAll`) or revived (`keep`).
  exit.each(function () {
    if (this instanceof Element) retire(this);
  });
  t.styleTween('opacity', fadeFrom(0)).remove();
}

/**
 * An opacity tween from the element's inline opacity (1 when none) to `to`. Explicit, because
 * d3's own style tweens read the computed style of every element when they start: a forced
 * style recalculation per element.
 */
function fadeFrom(to: number) {
  return function (this: BaseType): (k: number) => string {
    const inline = this instanceof SVGElement ? this.style.opacity : '';
    const from = inline === '' ? 1 : Number(inline);
    return (k: number) => String(from + (to - from) * k);
  };
}

/** Drops the inline opacity a fade in left behind (the stylesheet's opacity applies again). */
function clearOpacity(this: BaseType): void {
  if (this instanceof SVGElement) this.style.removeProperty('opacity');
}

/** Fades entering elements in, or shows them at once. */
export function fadeIn<E extends BaseType, D, P extends BaseType, PD>(enter: Selection<E, D, P, PD>, motion: Motion): void {
  const t = transitionOf(enter, motion);
  if (t === null) return;
  enter.style('opacity', 0);
  t.styleTween('opacity', fadeFrom(1)).on('end.opacity', clearOpacity);
}

/** Elements that stay in the frame: any that were fading out are revived. */
export function keep<E extends BaseType, D, P extends BaseType, PD>(update: Selection<E, D, P, PD>, motion: Motion): void {
  // Only the few that were fading or fading in: a tween per kept element would cost every frame.
  const fading = update.filter(function (this: E) {
    return this instanceof SVGElement && (this.classList.contains('exiting') || this.style.opacity !== '');
  });
  if (fading.empty()) return;
  fading.each(function () {
    if (this instanceof Element) revive(this);
  });
  const t = transitionOf(fading, motion);
  if (t === null) fading.style('opacity', null);
  else t.styleTween('opacity', fadeFrom(1)).on('end.opacity', clearOpacity);
}

/** The update half of a stage join: elements that stay are kept (revived if they were leaving). */
export function staying(motion: Motion) {
  return <E extends BaseType, D, P extends BaseType, PD>(update: Selection<E, D, P, PD>): Selection<E, D, P, PD> => {
    keep(update, motion);
    return update;
  };
}

/** The exit half of a stage join: elements that leave the frame fade out. */
export function leaving(motion: Motion) {
  return <E extends BaseType, D, P extends BaseType, PD>(exit: Selection<E, D, P, PD>): void => {
    fadeOut(exit, motion);
  };
}

/**
 * Interrupts every stage transition under `svg` (and the SVG's own). Elements that were fading
 * out are removed, since they are no longer part of any frame, and remembered targets are
 * forgotten, since interrupted elements never reached them: the page then draws the frame it
 * jumped to without motion, which sets every attribute that is not already right.
 */
export function interruptAll(svg: SVGSVGElement): void {
  moving.delete(svg);
  interrupt(svg, STAGE_TRANSITION);
  for (const node of svg.querySelectorAll('*')) {
    interrupt(node, STAGE_TRANSITION);
    targets.delete(node);
  }
  for (const node of svg.querySelectorAll('.exiting')) node.remove();
  for (const node of svg.querySelectorAll<SVGElement>('[style*="opacity"]')) node.style.opacity = '';
}
