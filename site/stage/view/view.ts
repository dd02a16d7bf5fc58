/**
 * The drawing's entry point, loaded on first use: a lesson page draws nothing until its world has
 * something in it, so D3 and the drawing code come with the engine worker, not with the page.
 */
export { drawStage, interruptStage } from './draw-stage.ts';
export { narrateTick } from './narrate.ts';
